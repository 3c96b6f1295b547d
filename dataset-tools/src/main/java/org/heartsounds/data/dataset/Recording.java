package org.heartsounds.data.dataset;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One recording listed by a dataset source.
 *
 * @param id         unique, stable name within the dataset ({@code AS/New_AS_001.wav} for a class folder, the
 *                   manifest's path as written for a CSV manifest); used in reports and split files
 * @param path       the audio file
 * @param labels     one or more class names (multi-label manifests); never empty, no duplicates
 * @param group      the given group / patient id, or null when the source gives none
 * @param givenSplit the manifest's split, or null when the source gives none
 */
public record Recording(String id, Path path, List<String> labels, String group, Split givenSplit) {
    public Recording {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(path, "path");
        if (id.isBlank()) {
            throw new IllegalArgumentException("recording id must not be blank");
        }
        labels = List.copyOf(labels);
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("recording " + id + " has no label");
        }
        if (labels.stream().distinct().count() != labels.size()) {
            throw new IllegalArgumentException("recording " + id + " repeats a label: " + labels);
        }
        if (group != null && group.isBlank()) {
            group = null;
        }
    }

    /** The first label: the class used for stratification and single-label training. */
    public String primaryLabel() {
        return labels.get(0);
    }
}
