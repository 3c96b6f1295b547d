package org.heartsounds.core.config;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Where the recordings come from, where the prepared dataset goes, how recordings of one patient are recognised and
 * what happens to recordings that are not usable heart sounds.
 *
 * @param dir          folder-per-class source: each sub-folder's name is a class (null when a manifest is used)
 * @param manifest     CSV manifest source (path, label(s), optional group and split); null when {@code dir} is used
 * @param out          folder that {@code data prepare} writes (jetson-inference layout)
 * @param classes      optional fixed class list; a recording with any other label is an error. Empty: the sorted
 *                     labels found in the source
 * @param groupPattern optional regular expression with exactly one capture group, searched in each recording's
 *                     file name: the captured text is the recording's patient id (recordings with the same id stay
 *                     in one split). Null: none. A file name it does not match keeps its given group (or none)
 * @param quality      recording quality checks and what to do with flagged recordings
 */
public record DataSpec(String dir, String manifest, String out, List<String> classes, String groupPattern,
                       QualitySpec quality) {
    public DataSpec {
        classes = classes == null ? List.of() : List.copyOf(classes);
        if (dir != null && manifest != null) {
            throw new IllegalArgumentException("data.dir and data.manifest are exclusive: give one source");
        }
        if (groupPattern != null && groupPattern.isBlank()) {
            groupPattern = null;
        }
        if (groupPattern != null) {
            compileGroupPattern(groupPattern);
        }
        if (quality == null) {
            quality = QualitySpec.defaults();
        }
    }

    /** A source without a group pattern and with the default quality checks. */
    public DataSpec(String dir, String manifest, String out, List<String> classes) {
        this(dir, manifest, out, classes, null, QualitySpec.defaults());
    }

    public static DataSpec defaults() {
        return new DataSpec(null, null, "runs/data", List.of());
    }

    /** The same spec reading from {@code dir} or {@code manifest} into {@code out}; pattern and checks kept. */
    public DataSpec withLocations(String dir, String manifest, String out) {
        return new DataSpec(dir, manifest, out, classes, groupPattern, quality);
    }

    /**
     * {@code data.group_pattern} compiled.
     *
     * @throws IllegalArgumentException when it is not a valid regular expression with exactly one capture group
     */
    public static Pattern compileGroupPattern(String regex) {
        Pattern p;
        try {
            p = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("data.group_pattern is not a regular expression: "
                    + e.getDescription() + " in '" + regex + "'");
        }
        int groups = p.matcher("").groupCount();
        if (groups != 1) {
            throw new IllegalArgumentException("data.group_pattern needs exactly one capture group (the patient id), "
                    + "'" + regex + "' has " + groups);
        }
        return p;
    }
}
