package org.heartsounds.trainer.data;

import java.nio.file.Path;

/**
 * One spectrogram PNG of a prepared dataset.
 *
 * @param path      the PNG
 * @param label     class index into labels.txt
 * @param recording id of the recording it was cut from
 * @param group     the recording's group (shared audio)
 */
public record ImageEntry(Path path, int label, String recording, String group) {
}
