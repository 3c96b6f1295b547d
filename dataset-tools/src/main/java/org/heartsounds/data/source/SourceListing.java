package org.heartsounds.data.source;

import java.util.List;
import org.heartsounds.data.dataset.ClassIndex;
import org.heartsounds.data.dataset.Recording;

/**
 * What a {@link RecordingSource} found.
 *
 * @param source     the folder or manifest that was read
 * @param recordings the recordings in deterministic order (class, then file name; or manifest order)
 * @param classes    the class order (the fixed {@code data.classes} list when given, else the labels found)
 * @param ignored    entries that were skipped (files that are not {@code .wav}, nested folders, macOS metadata),
 *                   as paths relative to {@code source}; empty for a manifest
 */
public record SourceListing(String source, List<Recording> recordings, ClassIndex classes, List<String> ignored) {
    public SourceListing {
        recordings = List.copyOf(recordings);
        ignored = List.copyOf(ignored);
    }
}
