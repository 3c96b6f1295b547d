package org.heartsounds.sweep.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.data.prepare.DataSources;

/**
 * A sweep configuration: a normal recipe (the base values of every candidate) plus its {@code sweep:} section. Read
 * with {@link ConfigLoader}'s precedence (defaults &lt; YAML &lt; overrides) and checks: unknown keys anywhere, a
 * malformed space, a space over a key the recipe does not have, or values that are invalid for their key are bad
 * input naming the key and the file. {@link #toYaml()} writes the resolved configuration; loading that text gives
 * the same configuration back (the replayable {@code sweep.yaml} of a sweep folder).
 *
 * @param base  the recipe every candidate starts from (data paths with environment variables expanded)
 * @param sweep the sweep section, its seed resolved
 */
public record SweepConfig(Recipe base, SweepSpec sweep) {
    /** The top-level key of the sweep section. */
    public static final String SECTION = "sweep";

    public SweepConfig {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(sweep, "sweep");
    }

    /**
     * @param yaml      the sweep configuration file (required: the parameters come from it)
     * @param overrides dotted keys with YAML scalar values: recipe keys ({@code train.epochs}) change the base,
     *                  {@code sweep.*} keys the sweep section ({@code sweep.candidates})
     */
    public static SweepConfig load(Path yaml, Map<String, String> overrides) {
        ConfigLoader.Sectioned<Recipe, SweepSpec> s = ConfigLoader.loadSectioned(Recipe.class, Recipe.defaults(),
                SECTION, SweepSpec.class, SweepSpec.defaults(), yaml, overrides);
        Recipe base = s.main().withData(DataSources.expand(s.main().data()));
        SweepSpec sweep = s.section().seed() == null ? s.section().withSeed(base.seed()) : s.section();
        String source = overrides.isEmpty() ? String.valueOf(yaml) : yaml + " (with command-line overrides)";
        new SweepValidator(base, sweep, source).check();
        return new SweepConfig(base, sweep);
    }

    /** How many candidates the sweep trains: {@code candidates}, for a grid at most (and by default) its size. */
    public int candidateCount() {
        if (sweep.generator() == SweepSpec.Generator.GRID) {
            long size = gridSize();
            return (int) (sweep.candidates() == 0 ? size : Math.min(size, sweep.candidates()));
        }
        return sweep.candidates();
    }

    /** The number of grid points: the product of every parameter's {@link SpaceSpec#gridCount}. */
    public long gridSize() {
        long size = 1;
        for (SpaceSpec s : sweep.parameters().values()) {
            size = Math.multiplyExact(size, s.gridCount(sweep.gridPoints()));
        }
        return size;
    }

    /**
     * Whether {@code other} describes the same candidates (everything but {@code candidates}, max_minutes and the
     * engine).
     */
    public boolean sameSearch(SweepConfig other) {
        return base.withoutEngine().equals(other.base.withoutEngine()) && sweep.withStopping(0, 0).equals(other.sweep.withStopping(0, 0));
    }

    /** The resolved configuration as YAML: the recipe's keys, then the sweep section. */
    public String toYaml() {
        ObjectNode tree = ConfigLoader.yamlMapper().valueToTree(base);
        tree.set(SECTION, ConfigLoader.yamlMapper().valueToTree(sweep));
        return ConfigLoader.toYaml(tree);
    }

    /** Writes {@link #toYaml()} atomically. */
    public void write(Path file) throws IOException {
        org.heartsounds.core.io.AtomicFiles.writeString(file, toYaml());
    }
}
