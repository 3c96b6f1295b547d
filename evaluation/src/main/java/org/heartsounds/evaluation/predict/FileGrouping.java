package org.heartsounds.evaluation.predict;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.heartsounds.core.BadInputException;
import org.heartsounds.data.dataset.Recording;
import org.heartsounds.data.source.CsvManifestSource;

/**
 * Which group (patient) a WAV file belongs to, so that {@link GroupPrediction} can give one decision per patient from
 * all of their recordings. Two sources:
 * <ul>
 *   <li>{@link #byPattern}: a regular expression with exactly one capture group, searched in the file name (not the
 *       folders); the captured text is the group, e.g. {@code __(\d+)_} takes {@code 1234} from
 *       {@code a0001__1234_AV.wav};</li>
 *   <li>{@link #fromManifest}: a CSV manifest as {@code data.manifest} reads it (columns {@code path,label[,group]},
 *       paths relative to the manifest's folder; dataset-tools' {@link CsvManifestSource} checks it), the file's
 *       {@code group}, or the file's manifest path when its group is empty (a recording on its own).</li>
 * </ul>
 */
public final class FileGrouping {
    private final String description;
    private final Function<Path, String> groupOf;

    private FileGrouping(String description, Function<Path, String> groupOf) {
        this.description = description;
        this.groupOf = groupOf;
    }

    /**
     * Groups by the first match of {@code regex} in the file name.
     *
     * @throws IllegalArgumentException when the expression is invalid or has not exactly one capture group
     */
    public static FileGrouping byPattern(String regex) {
        Objects.requireNonNull(regex, "regex");
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression '" + regex + "': " + e.getDescription(),
                    e);
        }
        int groups = pattern.matcher("").groupCount();
        if (groups != 1) {
            throw new IllegalArgumentException("the pattern '" + regex + "' must have exactly one capture group "
                    + "(the patient id), it has " + groups);
        }
        return new FileGrouping("pattern '" + regex + "'", file -> {
            String name = file.getFileName().toString();
            Matcher m = pattern.matcher(name);
            if (!m.find() || m.group(1) == null || m.group(1).isEmpty()) {
                throw new BadInputException(file, "the file name does not match the group pattern '" + regex + "'");
            }
            return m.group(1);
        });
    }

    /**
     * Groups by the {@code group} column of a CSV manifest.
     *
     * @throws BadInputException naming the manifest when it cannot be read or is invalid
     */
    public static FileGrouping fromManifest(Path csv) {
        List<Recording> recordings = new CsvManifestSource(csv, List.of()).list().recordings();
        Map<Path, String> groups = new HashMap<>();
        for (Recording r : recordings) {
            groups.put(key(r.path()), r.group() != null ? r.group() : r.id());
        }
        return new FileGrouping("manifest " + csv, file -> {
            String g = groups.get(key(file));
            if (g == null) {
                throw new BadInputException(file, "is not listed in the manifest " + csv);
            }
            return g;
        });
    }

    private static Path key(Path p) {
        return p.toAbsolutePath().normalize();
    }

    /**
     * The group of {@code file}.
     *
     * @throws BadInputException naming the file when it has no group (no match, not in the manifest)
     */
    public String groupOf(Path file) {
        return groupOf.apply(file);
    }

    /** Where the groups come from, e.g. {@code pattern '__(\d+)_'} or {@code manifest data/manifest.csv}. */
    public String description() {
        return description;
    }
}
