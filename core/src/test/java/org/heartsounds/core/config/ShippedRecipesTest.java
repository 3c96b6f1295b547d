package org.heartsounds.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every recipe in {@code configs/} (the sweep file aside, which has a section of its own) loads with the recipe's
 * checks, and the recipes issue 16 tuned hold the settings docs/ABLATION.md measured.
 */
class ShippedRecipesTest {
    private static final Path CONFIGS = Path.of("..", "configs");

    private static Recipe load(String name) {
        return ConfigLoader.load(Recipe.class, Recipe.defaults(), CONFIGS.resolve(name));
    }

    @Test
    void everyShippedRecipeLoads() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(CONFIGS)) {
            files = s.filter(p -> p.toString().endsWith(".yaml") && !p.getFileName().toString().contains("sweep"))
                    .sorted().toList();
        }
        assertTrue(files.size() >= 6, files.toString());
        for (Path f : files) {
            Recipe r = ConfigLoader.load(Recipe.class, Recipe.defaults(), f);
            assertTrue(r.train().epochs() >= 1, f.toString());
        }
    }

    @Test
    void theYaseenRecipeTrainsWithWaveformVariantsAndSelectsOnBalancedAccuracy() {
        Recipe r = load("yaseen2018-scratch.yaml");
        assertEquals(4, r.audio().augment().copies());
        assertTrue(r.audio().augment().noise());
        assertEquals(0.1, r.audio().augment().speed());
        assertEquals(TrainSpec.EarlyStopping.Metric.VAL_BALANCED_ACC, r.train().earlyStopping().metric());
        assertTrue(r.data().out().endsWith("-wave"), "its own prepared folder: " + r.data().out());
    }

    @Test
    void thePascalBRecipeTrainsWithWaveformVariantsOnPatientGroups() {
        Recipe r = load("pascal2011-b.yaml");
        assertEquals(4, r.audio().augment().copies());
        assertTrue(r.audio().augment().noise());
        assertEquals(0.1, r.audio().augment().speed());
        assertEquals(TrainSpec.EarlyStopping.Metric.VAL_BALANCED_ACC, r.train().earlyStopping().metric());
        assertEquals("_(\\d+)_\\d{13}_", r.data().groupPattern());
        assertTrue(r.data().out().endsWith("-wave"), "its own prepared folder: " + r.data().out());
    }
}
