package org.heartsounds.data.fetch;

import java.util.Objects;
import org.heartsounds.data.archive.EntryPaths;

/**
 * One download of a dataset and where its content goes in the dataset folder.
 *
 * @param file        the pinned download
 * @param kind        {@link Kind#FILE}: the download itself is a dataset file, placed at
 *                    {@code <destination>/<file name>}; {@link Kind#ARCHIVE}: the download is an archive whose
 *                    files are all placed directly in {@code <destination>/} under their base names (the
 *                    archive's own folders are flattened)
 * @param destination folder inside the dataset, relative, {@code /}-separated (e.g. {@code MR})
 */
public record DatasetArtifact(PinnedFile file, Kind kind, String destination) {
    /** How the download becomes dataset files. */
    public enum Kind { FILE, ARCHIVE }

    public DatasetArtifact {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(destination, "destination");
        if (EntryPaths.components(destination).isEmpty()) {
            throw new IllegalArgumentException("empty destination for " + file.fileName());
        }
    }

    public static DatasetArtifact file(PinnedFile file, String destination) {
        return new DatasetArtifact(file, Kind.FILE, destination);
    }

    public static DatasetArtifact archive(PinnedFile file, String destination) {
        return new DatasetArtifact(file, Kind.ARCHIVE, destination);
    }
}
