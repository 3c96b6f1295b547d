package org.heartsounds.core.options;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.Recipe;
import picocli.CommandLine.Option;

/**
 * The options every recipe-driven command shares: {@code --config FILE} and repeatable {@code --set key=value}.
 * Commands add their own named flags (e.g. {@code --data}) on top; the precedence is built-in defaults &lt;
 * {@code --config} &lt; {@code --set} &lt; named flags.
 */
public class RecipeOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML recipe (see configs/); a run folder's config.yaml replays that run.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one recipe key, e.g. --set spectrogram.n_mels=64 (repeatable).")
    Map<String, String> set = new LinkedHashMap<>();

    public Path configFile() {
        return config;
    }

    /** The {@code --set} overrides in command-line order (dotted keys, YAML scalar values). */
    public Map<String, String> overrides() {
        return new LinkedHashMap<>(set);
    }

    /** {@code s} as a single-quoted YAML scalar, for a {@code --set}-style override from a named flag (e.g. a path). */
    public static String yamlString(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** Resolves the recipe: defaults &lt; YAML &lt; {@code --set} &lt; {@code flags} (dotted keys, as strings). */
    public Recipe resolve(Map<String, String> flags) {
        Map<String, String> overrides = new LinkedHashMap<>(set);
        overrides.putAll(flags);
        return ConfigLoader.load(Recipe.class, Recipe.defaults(), config, overrides);
    }
}
