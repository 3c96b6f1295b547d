package org.heartsounds.core.config;

import java.util.List;

/**
 * Where the recordings come from and where the prepared dataset goes.
 *
 * @param dir      folder-per-class source: each sub-folder's name is a class (null when a manifest is used)
 * @param manifest CSV manifest source (path, label(s), optional group and split); null when {@code dir} is used
 * @param out      folder that {@code data prepare} writes (jetson-inference layout)
 * @param classes  optional fixed class list; a recording with any other label is an error. Empty: the sorted
 *                 labels found in the source
 */
public record DataSpec(String dir, String manifest, String out, List<String> classes) {
    public DataSpec {
        classes = classes == null ? List.of() : List.copyOf(classes);
        if (dir != null && manifest != null) {
            throw new IllegalArgumentException("data.dir and data.manifest are exclusive: give one source");
        }
    }

    public static DataSpec defaults() {
        return new DataSpec(null, null, "runs/data", List.of());
    }
}
