package org.heartsounds.sweep.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.Recipe;

/**
 * Turns a candidate's parameter values into recipe overrides and text: each value becomes a YAML scalar for
 * {@link ConfigLoader} (numbers as plain decimals, words single-quoted so that {@code on}, {@code no} or {@code null}
 * stay words), so a candidate's recipe goes through the same binding and range checks as {@code --set}.
 */
public final class ParameterValues {
    private ParameterValues() {
    }

    /** The recipe with {@code values} (dotted key to value) applied over {@code base}; bad values throw. */
    public static Recipe apply(Recipe base, Map<String, Object> values) {
        Map<String, String> overrides = new LinkedHashMap<>();
        values.forEach((k, v) -> overrides.put(k, yaml(v)));
        return ConfigLoader.load(Recipe.class, base, null, overrides);
    }

    /** {@code value} as a YAML scalar. */
    public static String yaml(Object value) {
        if (value instanceof String s) {
            return "'" + s.replace("'", "''") + "'";
        }
        if (value instanceof Double d) {
            return java.math.BigDecimal.valueOf(d).toPlainString();
        }
        return String.valueOf(value);
    }

    /**
     * {@code value} as text for sweep.csv and the report: words and whole numbers as they are, reals in
     * {@link Double#toString} form, which reads back to the same double (so a resumed sweep can compare a recorded
     * candidate with the regenerated one exactly).
     */
    public static String text(Object value) {
        return String.valueOf(value);
    }
}
