package org.heartsounds.data.formats;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One recording for the manifest.
 *
 * @param file   the recording (absolute)
 * @param labels one label or several (never empty; written joined by {@code ;})
 * @param group  patient / source id, or null when the format knows none
 * @param extras values of the conversion's extra columns, by column name (missing names are written empty)
 */
public record ManifestRow(Path file, List<String> labels, String group, Map<String, String> extras) {
    public ManifestRow {
        Objects.requireNonNull(file, "file");
        labels = List.copyOf(labels);
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("a manifest row needs a label: " + file);
        }
        extras = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }

    /** The extra column's value, or "" when absent. */
    public String extra(String column) {
        String v = extras.get(column);
        return v == null ? "" : v;
    }
}
