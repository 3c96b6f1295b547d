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
 * @param warnings   things that were accepted but look like mistakes (e.g. a manifest label such as {@code AS|MR}
 *                   that was meant as two labels), one sentence each naming the file and line; shown by
 *                   {@code data inspect} and {@code data prepare}
 */
public record SourceListing(String source, List<Recording> recordings, ClassIndex classes, List<String> ignored,
                            List<String> warnings) {
    public SourceListing {
        recordings = List.copyOf(recordings);
        ignored = List.copyOf(ignored);
        warnings = List.copyOf(warnings);
    }

    /** A listing without warnings. */
    public SourceListing(String source, List<Recording> recordings, ClassIndex classes, List<String> ignored) {
        this(source, recordings, classes, ignored, List.of());
    }
}
