package org.heartsounds.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.heartsounds.core.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train.class_weights} and the new early-stopping metrics: YAML spellings, replay, and bad values. */
class ClassWeightsTest {
    @TempDir
    Path tmp;

    private Recipe load(String yaml) throws Exception {
        return ConfigLoader.load(Recipe.class, Recipe.defaults(), Files.writeString(tmp.resolve("r.yaml"), yaml));
    }

    @Test
    void theThreeFormsBindAndTheDefaultIsNone() throws Exception {
        assertEquals(ClassWeights.none(), Recipe.defaults().train().classWeights());
        assertEquals(ClassWeights.Mode.NONE, Recipe.defaults().train().classWeights().mode());
        assertEquals(ClassWeights.balanced(), load("train: {class_weights: balanced}\n").train().classWeights());
        assertEquals(ClassWeights.none(), load("train: {class_weights: null}\n").train().classWeights());
        ClassWeights list = load("train:\n  class_weights: [1, 2.5, 0.25]\n").train().classWeights();
        assertEquals(ClassWeights.Mode.LIST, list.mode());
        assertEquals(List.of(1.0, 2.5, 0.25), list.weights());
        Recipe set = ConfigLoader.load(Recipe.class, Recipe.defaults(), null,
                Map.of("train.class_weights", "[3, 1]", "train.early_stopping.metric", "val_macro_f1"));
        assertEquals(ClassWeights.of(List.of(3.0, 1.0)), set.train().classWeights());
        assertEquals(TrainSpec.EarlyStopping.Metric.VAL_MACRO_F1, set.train().earlyStopping().metric());
    }

    @Test
    void aRecipeWithClassWeightsRoundTripsThroughItsResolvedConfig() throws Exception {
        Recipe r = load("""
                train:
                  class_weights: [0.48, 1.62, 3.34]
                  early_stopping: {metric: val_balanced_acc, patience: 3}
                """);
        String yaml = ConfigLoader.toYaml(r);
        assertTrue(yaml.contains("class_weights:\n  - 0.48\n  - 1.62\n  - 3.34\n"), yaml);
        assertTrue(yaml.contains("metric: val_balanced_acc"), yaml);
        Path resolved = tmp.resolve("config.yaml");
        ConfigLoader.write(r, resolved);
        Recipe replay = ConfigLoader.load(Recipe.class, Recipe.defaults(), resolved);
        assertEquals(r, replay);
        assertEquals(List.of(0.48, 1.62, 3.34), replay.train().classWeights().weights());
        // and replayed over other defaults: the file sets the key itself
        Recipe other = Recipe.defaults().withTrain(Recipe.defaults().train());
        assertEquals(r, ConfigLoader.load(Recipe.class, other, resolved));

        Recipe balanced = load("train: {class_weights: balanced, early_stopping: {metric: val_macro_auroc}}\n");
        assertTrue(ConfigLoader.toYaml(balanced).contains("class_weights: balanced"));
        assertTrue(ConfigLoader.toYaml(balanced).contains("metric: val_macro_auroc"));
        ConfigLoader.write(balanced, resolved);
        assertEquals(balanced, ConfigLoader.load(Recipe.class, Recipe.defaults(), resolved));
        assertTrue(ConfigLoader.toYaml(Recipe.defaults()).contains("class_weights: none"));
    }

    @Test
    void badValuesAreBadInputNamingTheKeyAndTheFile() throws Exception {
        Map<String, String> bad = Map.of(
                "train: {class_weights: inverse}\n", "'inverse'",
                "train: {class_weights: [1, 0, 2]}\n", "weight 2 of [1.0, 0.0, 2.0] is not a positive finite number",
                "train: {class_weights: [1, -2]}\n", "weight 2 of [1.0, -2.0]",
                "train: {class_weights: []}\n", "empty list",
                "train: {class_weights: [1, two]}\n", "[1,\"two\"]",
                "train: {class_weights: {normal: 1}}\n", "{\"normal\":1}",
                "train: {class_weights: 2}\n", "got 2");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            BadInputException ex = assertThrows(BadInputException.class, () -> load(e.getKey()), e.getKey());
            assertTrue(ex.getMessage().contains("train.class_weights") && ex.getMessage().contains("r.yaml")
                    && ex.getMessage().contains(e.getValue()), e.getKey() + " -> " + ex.getMessage());
        }
        BadInputException set = assertThrows(BadInputException.class, () -> ConfigLoader.load(Recipe.class,
                Recipe.defaults(), null, Map.of("train.class_weights", "1,2,3")));
        assertTrue(set.getMessage().contains("train.class_weights") && set.getMessage().contains("[1.0, 3.4, 7.0]"),
                set.getMessage());
        BadInputException metric = assertThrows(BadInputException.class, () -> load(
                "train: {early_stopping: {metric: val_f1}}\n"));
        assertTrue(metric.getMessage().contains("train.early_stopping.metric"), metric.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ClassWeights(ClassWeights.Mode.NONE, List.of(1.0)));
        assertThrows(IllegalArgumentException.class, () -> ClassWeights.of(List.of(1.0, Double.POSITIVE_INFINITY)));
    }

    @Test
    void metricsKnowTheirDirectionAndColumn() {
        for (TrainSpec.EarlyStopping.Metric m : TrainSpec.EarlyStopping.Metric.values()) {
            assertEquals(m == TrainSpec.EarlyStopping.Metric.VAL_LOSS, m.minimize(), m.toString());
            assertEquals(m.name().toLowerCase(java.util.Locale.ROOT), m.key());
        }
        assertEquals(5, TrainSpec.EarlyStopping.Metric.values().length);
    }
}
