package org.heartsounds.data.prepare;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.DataSpec;
import org.heartsounds.core.io.Sha256;

/** Expands environment variables in a recipe's data paths, and fingerprints a dataset's content. */
public final class DataSources {
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private DataSources() {
    }

    /**
     * Expands {@code ${VAR}} and {@code ${VAR:-default}} from the environment in a recipe path, so a recipe can say
     * {@code ${HEARTSOUNDS_DATA_DIR:-../shared/datasets}/yaseen2018}. An unset variable without a default is an error.
     */
    public static String expand(String path, java.util.Map<String, String> env) {
        if (path == null) {
            return null;
        }
        Matcher m = VAR.matcher(path);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            if (value == null || value.isEmpty()) {
                value = m.group(2);
            }
            if (value == null) {
                throw new BadInputException("recipe", "environment variable " + m.group(1) + " in '" + path
                        + "' is not set");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** {@code data} with environment variables expanded in its paths. */
    public static DataSpec expand(DataSpec data) {
        java.util.Map<String, String> env = System.getenv();
        return data.withLocations(expand(data.dir(), env), expand(data.manifest(), env), expand(data.out(), env));
    }

    /**
     * SHA-256 of a dataset's content: over lines {@code <file sha256> <label;label> <recording id>} in recording
     * order, so it changes when any file, label or membership changes and not when the folder moves.
     */
    static String listingSha256(List<PreparedRecording> prepared) {
        List<String> lines = new ArrayList<>();
        for (PreparedRecording p : prepared) {
            lines.add(p.sha256() + " " + String.join(";", p.recording().labels()) + " " + p.recording().id());
        }
        return Sha256.of(String.join("\n", lines));
    }
}
