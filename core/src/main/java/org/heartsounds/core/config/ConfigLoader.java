package org.heartsounds.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.io.AtomicFiles;

/**
 * Reads configuration records from YAML with the precedence defaults &lt; YAML file &lt; overrides, and writes
 * them back in the same form. Keys are snake_case ({@code n_fft}, {@code sample_rate}); an unknown or misspelt
 * key, a value of the wrong type or out of range is a {@link BadInputException} naming the key and the file.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private ConfigLoader() {
    }

    /** The mapper used for recipes (snake_case YAML); other modules use it to write their own records. */
    public static ObjectMapper yamlMapper() {
        return YAML;
    }

    /**
     * @param type      the record type
     * @param defaults  the built-in defaults
     * @param yaml      a YAML file whose keys override the defaults, or null
     * @param overrides dotted keys ({@code spectrogram.n_mels}) with YAML scalar values, applied last
     */
    public static <T> T load(Class<T> type, T defaults, Path yaml, Map<String, String> overrides) {
        ObjectNode tree = YAML.valueToTree(defaults);
        if (yaml != null) {
            JsonNode fromFile = readTree(yaml);
            merge(tree, fromFile);
            bind(type, tree, yaml.toString(), ""); // errors in the file itself name only the file
        }
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            set(tree, e.getKey(), e.getValue(), e.getKey());
        }
        return bind(type, tree, yaml == null ? "command line" : yaml + " (with command-line overrides)", "");
    }

    /** The dotted snake_case keys (leaves) whose values differ between two records of one type, in key order. */
    public static java.util.List<String> differences(Object a, Object b) {
        return differences(a, b, "");
    }

    /** {@link #differences(Object, Object)} with every key under {@code prefix} ({@code audio}: audio.sample_rate). */
    public static java.util.List<String> differences(Object a, Object b, String prefix) {
        java.util.List<String> keys = new java.util.ArrayList<>();
        diff(YAML.valueToTree(a), YAML.valueToTree(b), prefix, keys);
        return keys;
    }

    private static void diff(JsonNode a, JsonNode b, String prefix, java.util.List<String> keys) {
        if (a != null && b != null && a.isObject() && b.isObject()) {
            java.util.TreeSet<String> names = new java.util.TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                diff(a.get(n), b.get(n), prefix.isEmpty() ? n : prefix + "." + n, keys);
            }
        } else if (a == null || !a.equals(b)) {
            keys.add(prefix);
        }
    }

    public static <T> T load(Class<T> type, T defaults, Path yaml) {
        return load(type, defaults, yaml, Map.of());
    }

    /**
     * Same precedence as {@link #load(Class, Object, Path)} for YAML text that is not a file of its own (a recipe
     * stored inside a model archive or an ONNX metadata property).
     *
     * @param source names the text in errors, e.g. {@code model.zip!heartsounds/recipe.yaml}
     */
    public static <T> T loadText(Class<T> type, T defaults, String yamlText, String source) {
        ObjectNode tree = YAML.valueToTree(defaults);
        merge(tree, parseTree(yamlText, source));
        return bind(type, tree, source, "");
    }

    /** A configuration whose file holds one extra top-level section bound to its own type. */
    public record Sectioned<T, S>(T main, S section) {
    }

    /**
     * {@link #load(Class, Object, Path, Map)} for a file that also holds the top-level section {@code name} (a sweep's
     * {@code sweep:} next to the recipe keys). The section is taken out of the file and bound to {@code sectionType}
     * over {@code sectionDefaults}, with the same checks: an unknown or misspelt key in either part, a value of the
     * wrong type or out of range is a {@link BadInputException} naming the file and the key ({@code name.key} for the
     * section). Overrides whose key starts with {@code name.} set scalar keys of the section.
     */
    public static <T, S> Sectioned<T, S> loadSectioned(Class<T> type, T defaults, String name, Class<S> sectionType,
                                                       S sectionDefaults, Path yaml, Map<String, String> overrides) {
        ObjectNode tree = YAML.valueToTree(defaults);
        ObjectNode section = YAML.valueToTree(sectionDefaults);
        if (yaml != null) {
            ObjectNode fromFile = (ObjectNode) readTree(yaml).deepCopy();
            JsonNode own = fromFile.remove(name);
            if (own != null && !own.isNull()) {
                if (!own.isObject()) {
                    throw new BadInputException(yaml, "'" + name + "' must be a mapping of keys to values");
                }
                merge(section, own);
            }
            merge(tree, fromFile);
            bind(type, tree, yaml.toString(), "");
            bind(sectionType, section, yaml.toString(), name);
        }
        String prefix = name + ".";
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                set(section, e.getKey().substring(prefix.length()), e.getValue(), e.getKey());
            } else {
                set(tree, e.getKey(), e.getValue(), e.getKey());
            }
        }
        String source = yaml == null ? "command line" : yaml + " (with command-line overrides)";
        return new Sectioned<>(bind(type, tree, source, ""), bind(sectionType, section, source, name));
    }

    /** Writes {@code value} as YAML, atomically; {@link #load} of that file gives the same value back. */
    public static void write(Object value, Path file) throws IOException {
        AtomicFiles.writeString(file, toYaml(value));
    }

    public static String toYaml(Object value) {
        try {
            return YAML.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write configuration", e);
        }
    }

    private static JsonNode readTree(Path yaml) {
        if (!Files.isRegularFile(yaml)) {
            throw new BadInputException(yaml, "configuration file not found");
        }
        try {
            byte[] bytes = Files.readAllBytes(yaml);
            DuplicateKeys.check(new String(bytes, StandardCharsets.UTF_8), yaml.toString());
            JsonNode node = YAML.readTree(bytes);
            if (node == null || node.isMissingNode() || node.isNull()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (!node.isObject()) {
                throw new BadInputException(yaml, "a recipe must be a YAML mapping of keys to values");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadInputException(yaml, "not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        } catch (IOException e) {
            throw new BadInputException(yaml, "cannot read: " + e.getMessage(), e);
        }
    }

    private static JsonNode parseTree(String text, String source) {
        try {
            DuplicateKeys.check(text, source);
            JsonNode node = YAML.readTree(text);
            if (node == null || node.isMissingNode() || node.isNull()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (!node.isObject()) {
                throw new BadInputException(source, "a recipe must be a YAML mapping of keys to values");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadInputException(source, "not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        }
    }

    /** Deep merge: mappings merge key by key, everything else replaces. Unknown keys are kept for binding to reject. */
    private static void merge(ObjectNode base, JsonNode over) {
        Iterator<Map.Entry<String, JsonNode>> it = over.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode current = base.get(e.getKey());
            if (current instanceof ObjectNode obj && e.getValue().isObject()) {
                merge(obj, e.getValue());
            } else {
                base.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }

    /** Sets {@code dottedKey} (relative to {@code tree}); messages name the key as {@code shownKey}. */
    private static void set(ObjectNode tree, String dottedKey, String value, String shownKey) {
        String[] parts = dottedKey.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (!(child instanceof ObjectNode obj)) {
                throw new BadInputException("command line", "unknown configuration key '" + shownKey + "'");
            }
            node = obj;
        }
        String leaf = parts[parts.length - 1];
        if (!node.has(leaf)) {
            throw new BadInputException("command line", "unknown configuration key '" + shownKey + "'");
        }
        try {
            JsonNode parsed = value == null ? JsonNodeFactory.instance.nullNode() : YAML.readTree(value);
            node.set(leaf, parsed == null || parsed.isMissingNode() ? JsonNodeFactory.instance.nullNode() : parsed);
        } catch (JsonProcessingException e) {
            throw new BadInputException("command line", "bad value for '" + shownKey + "': '" + value + "' is not a "
                    + "YAML value (" + e.getOriginalMessage().lines().findFirst().orElse("") + "); quote text that "
                    + "starts with [ { * & ! | > % @ or contains ': ', e.g. --set '" + shownKey + "=\"" + value
                    + "\"'");
        }
    }

    /** Binds {@code tree}; keys in messages are prefixed with {@code prefix} (a section's name) when not empty. */
    private static <T> T bind(Class<T> type, ObjectNode tree, String source, String prefix) {
        try {
            return YAML.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            String key = prefixed(prefix, path(e));
            throw new BadInputException(source, "unknown configuration key '" + key + "'"
                    + (e.getKnownPropertyIds() == null ? "" : " (known here: " + e.getKnownPropertyIds() + ")"), e);
        } catch (JsonMappingException e) {
            String key = prefixed(prefix, path(e));
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String why = root instanceof IllegalArgumentException ? root.getMessage() : plain(e);
            throw new BadInputException(source, (key.isEmpty() ? "" : "bad value for '" + key + "': ") + why, e);
        } catch (JsonProcessingException e) {
            throw new BadInputException(source, e.getOriginalMessage(), e);
        }
    }

    /** Jackson's type errors in the recipe's words: the accepted values or the expected kind of value. */
    private static String plain(JsonMappingException e) {
        if (e instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException f) {
            Class<?> target = f.getTargetType();
            String got = String.valueOf(f.getValue());
            if (target != null && target.isEnum()) {
                java.util.List<String> accepted = new java.util.ArrayList<>();
                for (Object constant : target.getEnumConstants()) {
                    accepted.add(YAML.convertValue(constant, String.class));
                }
                return "must be one of " + accepted + ", got '" + got + "'";
            }
            if (target == int.class || target == Integer.class || target == long.class || target == Long.class) {
                return "must be a whole number, got '" + got + "'";
            }
            if (target == double.class || target == Double.class || target == float.class) {
                return "must be a number, got '" + got + "'";
            }
            if (target == boolean.class || target == Boolean.class) {
                return "must be true or false, got '" + got + "'";
            }
        }
        return e.getOriginalMessage();
    }

    private static String prefixed(String prefix, String key) {
        return prefix.isEmpty() ? key : key.isEmpty() ? prefix : prefix + "." + key;
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
