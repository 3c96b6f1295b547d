package org.heartsounds.data.group;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.heartsounds.core.config.DataSpec;
import org.heartsounds.data.dataset.Recording;

/**
 * {@code data.group_pattern}: a regular expression with one capture group, searched (not matched whole) in each
 * recording's file name; the captured text is the patient id. {@code __(\d+)_} takes {@code 112} from PASCAL's
 * {@code murmur__112_1306243000964_A.wav}.
 */
public final class GroupPattern {
    private final Pattern pattern;

    private GroupPattern(Pattern pattern) {
        this.pattern = pattern;
    }

    /**
     * @throws IllegalArgumentException when {@code regex} is not valid or has other than one capture group
     */
    public static GroupPattern of(String regex) {
        return new GroupPattern(DataSpec.compileGroupPattern(regex));
    }

    /** The patient id in {@code fileName}, or null when the pattern does not occur or captures nothing. */
    public String idOf(String fileName) {
        Matcher m = pattern.matcher(fileName);
        if (!m.find()) {
            return null;
        }
        String id = m.group(1);
        return id == null || id.isBlank() ? null : id;
    }

    /** The id of every recording (by its file name), null where the pattern does not occur. */
    public List<String> idsOf(List<Recording> recordings) {
        List<String> ids = new ArrayList<>(recordings.size());
        for (Recording r : recordings) {
            ids.add(idOf(r.path().getFileName().toString()));
        }
        return ids;
    }

    @Override
    public String toString() {
        return pattern.pattern();
    }
}
