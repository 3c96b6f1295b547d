package org.heartsounds.sweep.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The search space of one recipe key, as written under {@code sweep.parameters}:
 * <pre>
 * {log_uniform: [low, high]}   real, uniform in log(x), 0 &lt; low &lt; high (learning rates, weight decay)
 * {uniform: [low, high]}       real, uniform, low &lt; high
 * {int: [low, high]}           whole number, uniform over low..high inclusive
 * {choice: [a, b, ...]}        one of at least two distinct scalars (numbers, words, true/false)
 * </pre>
 * A malformed space is an {@link IllegalArgumentException} whose message says what is wrong; the configuration
 * loader turns it into a bad-input error naming the key and the file.
 *
 * @param kind   the space type
 * @param values {@code [low, high]} (Double; Integer for {@code int}) or the choices in YAML order
 */
public record SpaceSpec(Kind kind, List<Object> values) {
    /** The form of a space, for messages. */
    public static final String FORMS = "{log_uniform: [low, high]}, {uniform: [low, high]}, {int: [low, high]} or "
            + "{choice: [a, b, ...]}";
    /** Most choices one space may list. */
    public static final int MAX_CHOICES = 1000;

    public enum Kind {
        LOG_UNIFORM("log_uniform"), UNIFORM("uniform"), INT("int"), CHOICE("choice");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        /** The YAML key of this kind. */
        public String key() {
            return key;
        }

        static Kind of(String key) {
            for (Kind k : values()) {
                if (k.key.equals(key)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown parameter space '" + key + "'; a space is one of " + FORMS);
        }
    }

    public SpaceSpec {
        Objects.requireNonNull(kind, "kind");
        values = List.copyOf(values);
        switch (kind) {
            case LOG_UNIFORM, UNIFORM -> checkRange(kind, values);
            case INT -> checkIntRange(values);
            case CHOICE -> checkChoices(values);
            default -> throw new IllegalStateException(kind.name());
        }
    }

    public static SpaceSpec logUniform(double low, double high) {
        return new SpaceSpec(Kind.LOG_UNIFORM, List.of(low, high));
    }

    public static SpaceSpec uniform(double low, double high) {
        return new SpaceSpec(Kind.UNIFORM, List.of(low, high));
    }

    public static SpaceSpec integer(int low, int high) {
        return new SpaceSpec(Kind.INT, List.of(low, high));
    }

    public static SpaceSpec choice(Object... values) {
        return new SpaceSpec(Kind.CHOICE, List.of(values));
    }

    /** Reads the YAML form: a mapping with exactly one of the four space keys. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static SpaceSpec parse(JsonNode node) {
        if (node == null || !node.isObject() || node.size() != 1) {
            throw new IllegalArgumentException("expected a parameter space, one of " + FORMS + "; got "
                    + (node == null ? "nothing" : node.toString()));
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        Map.Entry<String, JsonNode> e = it.next();
        Kind kind = Kind.of(e.getKey());
        JsonNode list = e.getValue();
        if (!list.isArray()) {
            throw new IllegalArgumentException(kind.key + " needs a list, e.g. " + example(kind) + "; got " + list);
        }
        if (kind == Kind.CHOICE && list.size() > MAX_CHOICES) {
            throw new IllegalArgumentException("choice lists " + list.size() + " values; at most " + MAX_CHOICES);
        }
        List<Object> values = new ArrayList<>();
        for (JsonNode v : list) {
            values.add(kind == Kind.CHOICE ? scalar(v) : number(kind, v));
        }
        if (kind == Kind.INT) {
            values = integers(values);
        }
        return new SpaceSpec(kind, values);
    }

    /** The YAML form ({@code {log_uniform: [low, high]}}). */
    @JsonValue
    public Map<String, List<Object>> yaml() {
        Map<String, List<Object>> m = new LinkedHashMap<>();
        m.put(kind.key, values);
        return m;
    }

    /** Whether every value of the space is a number (ranges always; choices when all are numbers). */
    public boolean numeric() {
        return values.stream().allMatch(v -> v instanceof Number);
    }

    /** Lower end of a range (log_uniform, uniform, int). */
    public double low() {
        requireRange();
        return ((Number) values.get(0)).doubleValue();
    }

    /** Upper end of a range (log_uniform, uniform, int). */
    public double high() {
        requireRange();
        return ((Number) values.get(1)).doubleValue();
    }

    /** How many values a grid search visits: every choice, every integer up to {@code points}, else {@code points}. */
    public int gridCount(int points) {
        return switch (kind) {
            case CHOICE -> values.size();
            case INT -> (int) Math.min(points, (long) high() - (long) low() + 1);
            default -> points;
        };
    }

    @Override
    public String toString() {
        return kind.key + ": " + values;
    }

    private void requireRange() {
        if (kind == Kind.CHOICE) {
            throw new IllegalStateException("a choice has no range");
        }
    }

    private static void checkRange(Kind kind, List<Object> values) {
        if (values.size() != 2 || !(values.get(0) instanceof Double lo) || !(values.get(1) instanceof Double hi)) {
            throw new IllegalArgumentException(kind.key + " needs two numbers [low, high], got " + values);
        }
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || !(lo < hi)) {
            throw new IllegalArgumentException(kind.key + " needs finite low < high, got " + values);
        }
        if (kind == Kind.LOG_UNIFORM && !(lo > 0)) {
            throw new IllegalArgumentException("log_uniform needs 0 < low < high, got " + values);
        }
    }

    private static void checkIntRange(List<Object> values) {
        if (values.size() != 2 || !(values.get(0) instanceof Integer lo) || !(values.get(1) instanceof Integer hi)) {
            throw new IllegalArgumentException("int needs two whole numbers [low, high], got " + values);
        }
        if (lo >= hi) {
            throw new IllegalArgumentException("int needs low < high, got " + values);
        }
    }

    private static void checkChoices(List<Object> values) {
        if (values.size() < 2) {
            throw new IllegalArgumentException("choice needs at least two values, got " + values
                    + "; a single value belongs in the recipe itself");
        }
        if (values.size() > MAX_CHOICES) {
            throw new IllegalArgumentException("choice lists " + values.size() + " values; at most " + MAX_CHOICES);
        }
        for (Object v : values) {
            if (!(v instanceof String || v instanceof Integer || v instanceof Long || v instanceof Double
                    || v instanceof Boolean)) {
                throw new IllegalArgumentException("choice values must be numbers, words or true/false, got " + v);
            }
        }
        if (new HashSet<>(values).size() != values.size()) {
            throw new IllegalArgumentException("choice lists a value twice: " + values);
        }
    }

    private static Object scalar(JsonNode v) {
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToInt() ? (Object) v.intValue() : (Object) v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        throw new IllegalArgumentException("choice values must be numbers, words or true/false, got " + v);
    }

    private static Double number(Kind kind, JsonNode v) {
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            try {
                return Double.parseDouble(v.textValue().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException(kind.key + " needs numbers, got " + v + " (e.g. " + example(kind) + ")");
    }

    private static List<Object> integers(List<Object> doubles) {
        List<Object> out = new ArrayList<>();
        for (Object o : doubles) {
            double d = (Double) o;
            if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("int needs whole numbers, got " + doubles);
            }
            out.add((int) d);
        }
        return out;
    }

    private static String example(Kind kind) {
        return switch (kind) {
            case LOG_UNIFORM -> "{log_uniform: [1.0e-4, 3.0e-3]}";
            case UNIFORM -> "{uniform: [0.0, 0.2]}";
            case INT -> "{int: [4, 8]}";
            case CHOICE -> "{choice: [64, 128]}";
        };
    }
}
