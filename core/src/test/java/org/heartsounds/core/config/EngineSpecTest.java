package org.heartsounds.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.options.EngineFlag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The recipe's engine section: YAML keys, defaults, validation, and that it is no part of what a job computes. */
class EngineSpecTest {
    @Test
    void yamlKeysAndDefaults() {
        Recipe r = ConfigLoader.loadText(Recipe.class, Recipe.defaults(), """
                engine:
                  name: spark
                  spark:
                    master: spark://head:7077
                    threads_per_task: 2
                    shared_dir: /mnt/lab
                    conf: {spark.executor.memory: 6g}
                """, "test");
        assertEquals(EngineSpec.Name.SPARK, r.engine().name());
        assertEquals("spark://head:7077", r.engine().spark().master());
        assertEquals(2, r.engine().spark().threadsPerTask());
        assertEquals("/mnt/lab", r.engine().spark().sharedDir());
        assertEquals(Map.of("spark.executor.memory", "6g"), r.engine().spark().conf());
        assertTrue(Recipe.defaults().engine().local());
        assertTrue(Recipe.defaults().engine().spark().embedded());
        assertEquals(1, Recipe.defaults().engine().spark().threadsPerTask());
        assertTrue(r.samePreparation(Recipe.defaults()), "the engine is not part of the preparation");
        assertEquals(java.util.List.of(), r.preparationDifferences(Recipe.defaults()));
        assertFalse(ConfigLoader.toYaml(r.withoutEngine()).contains("spark://"));
    }

    @Test
    void badValuesAreBadInput() {
        assertThrows(BadInputException.class, () -> ConfigLoader.loadText(Recipe.class, Recipe.defaults(),
                "engine: {spark: {threads_per_task: 0}}", "test"));
        assertThrows(BadInputException.class, () -> ConfigLoader.loadText(Recipe.class, Recipe.defaults(),
                "engine: {name: yarn}", "test"));
        assertThrows(BadInputException.class, () -> ConfigLoader.loadText(Recipe.class, Recipe.defaults(),
                "engine: {spark: {conf: {executor.memory: 4g}}}", "test"));
    }

    @Test
    void theEngineFlagSetsEngineName() {
        class Cmd {
            @CommandLine.Mixin
            EngineFlag engine;
        }
        Cmd cmd = new Cmd();
        new CommandLine(cmd).parseArgs("--engine", "spark");
        Map<String, String> flags = new LinkedHashMap<>();
        cmd.engine.addTo(flags);
        assertEquals(Map.of("engine.name", "spark"), flags);
        Cmd none = new Cmd();
        new CommandLine(none).parseArgs();
        Map<String, String> empty = new LinkedHashMap<>();
        none.engine.addTo(empty);
        assertTrue(empty.isEmpty());
        assertThrows(CommandLine.ParameterException.class, () -> new CommandLine(new Cmd()).parseArgs("--engine",
                "yarn"));
    }
}
