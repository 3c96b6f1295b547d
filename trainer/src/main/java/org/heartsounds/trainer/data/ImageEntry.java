package org.heartsounds.trainer.data;

import java.nio.file.Path;
import java.util.List;

/**
 * One spectrogram PNG of a prepared dataset.
 *
 * @param path      the PNG
 * @param label     class index into labels.txt of the recording's first label (the folder it lies in)
 * @param recording id of the recording it was cut from
 * @param group     the recording's group (shared audio)
 * @param labels    indices into labels.txt of every label of the recording, the first one first (multi-label
 *                  training, {@code train.task: multilabel})
 */
public record ImageEntry(Path path, int label, String recording, String group, List<Integer> labels) {
    public ImageEntry {
        labels = labels == null || labels.isEmpty() ? List.of(label) : List.copyOf(labels);
        if (labels.get(0) != label) {
            throw new IllegalArgumentException("the first of " + labels + " must be the label " + label);
        }
    }

    /** An image of a recording with one label. */
    public ImageEntry(Path path, int label, String recording, String group) {
        this(path, label, recording, group, null);
    }
}
