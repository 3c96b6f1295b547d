package org.heartsounds.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.heartsounds.core.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recipe's {@code train:} section: defaults, YAML spelling, validation, and what counts as the same preparation. */
class TrainSpecTest {
    @TempDir
    Path tmp;

    @Test
    void defaults() {
        TrainSpec t = Recipe.defaults().train();
        assertEquals(TrainSpec.defaults(), t);
        assertEquals("runs/train", t.out());
        assertEquals(20, t.epochs());
        assertEquals(16, t.batchSize());
        assertEquals(TrainSpec.Optimizer.ADAM, t.optimizer());
        assertEquals(1e-3, t.learningRate());
        assertEquals(1e-4, t.weightDecay());
        assertEquals(TrainSpec.Schedule.COSINE, t.schedule());
        assertEquals(TrainSpec.Freeze.NONE, t.freeze());
        assertTrue(t.fromScratch());
        assertEquals(new TrainSpec.EarlyStopping(TrainSpec.EarlyStopping.Metric.VAL_LOSS, 6, 0.0), t.earlyStopping());
        assertFalse(t.augment().enabled(), "augmentation is off by default");
        assertTrue(t.fastPath());
        assertEquals(64, t.evalBatchSize());
        assertEquals(Recipe.defaults().train(), new Recipe(42, DataSpec.defaults(), AudioSpec.defaults(),
                SpectrogramSpec.defaults(), SplitSpec.defaults(), null).train(), "a recipe without train: gets defaults");
    }

    @Test
    void yamlSpellingAndRoundTrip() throws Exception {
        Path yaml = Files.writeString(tmp.resolve("r.yaml"), """
                train:
                  epochs: 7
                  optimizer: sgd
                  momentum: 0.8
                  schedule: step
                  warmup_epochs: 2
                  freeze: layer4
                  pretrained: resnet18-imagenet
                  early_stopping: {metric: val_acc, patience: 0, min_delta: 0.01}
                  augment: {time_shift: 0.1, time_masks: 2, time_mask_max: 0.05}
                  fast_path: false
                """);
        Recipe r = ConfigLoader.load(Recipe.class, Recipe.defaults(), yaml);
        TrainSpec t = r.train();
        assertEquals(7, t.epochs());
        assertEquals(TrainSpec.Optimizer.SGD, t.optimizer());
        assertEquals(0.8, t.momentum());
        assertEquals(TrainSpec.Schedule.STEP, t.schedule());
        assertEquals(2, t.warmupEpochs());
        assertEquals(TrainSpec.Freeze.LAYER4, t.freeze());
        assertFalse(t.fromScratch());
        assertEquals(TrainSpec.EarlyStopping.Metric.VAL_ACC, t.earlyStopping().metric());
        assertEquals(0, t.earlyStopping().patience());
        assertEquals(new TrainSpec.Augment(0.1, 2, 0.05, 0, 0.1), t.augment(), "unset augment keys keep defaults");
        assertEquals(16, t.batchSize(), "unset keys keep defaults");
        String text = ConfigLoader.toYaml(r);
        for (String spelled : new String[] {"optimizer: sgd", "freeze: layer4", "schedule: step", "metric: val_acc",
            "batch_size: 16", "learning_rate: 0.001", "time_mask_max: 0.05", "fast_path: false"}) {
            assertTrue(text.contains(spelled), spelled + " in\n" + text);
        }
        Path back = tmp.resolve("back.yaml");
        ConfigLoader.write(r, back);
        assertEquals(r, ConfigLoader.load(Recipe.class, Recipe.defaults(), back));
        assertEquals("runs/x", t.withOut("runs/x").out());
        assertEquals(t.epochs(), t.withOut("runs/x").epochs());
    }

    @Test
    void outOfRangeValuesNameTheKey() {
        Map<String, String> bad = Map.of(
                "train.epochs", "0",
                "train.batch_size", "5000",
                "train.learning_rate", "10",
                "train.warmup_epochs", "20",
                "train.momentum", "1",
                "train.early_stopping.patience", "-1",
                "train.augment.time_shift", "0.6",
                "train.eval_batch_size", "0",
                "train.freeze", "layer5",
                "train.optimizer", "rmsprop");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            BadInputException ex = assertThrows(BadInputException.class, () -> ConfigLoader.load(Recipe.class,
                    Recipe.defaults(), null, Map.of(e.getKey(), e.getValue())), e.toString());
            assertTrue(ex.getMessage().contains(e.getKey()), e + ": " + ex.getMessage());
        }
    }

    @Test
    void samePreparationIgnoresTheTrainSectionOnly() {
        Recipe r = Recipe.defaults();
        TrainSpec other = ConfigLoader.load(Recipe.class, r, null, Map.of("train.epochs", "3")).train();
        assertTrue(r.samePreparation(r.withTrain(other)));
        assertEquals(3, r.withTrain(other).train().epochs());
        SplitSpec s = r.split();
        Recipe otherSplit = r.withSplit(new SplitSpec(SplitSpec.Mode.FILE, s.train(), s.val(), s.test(), s.folds(),
                s.overlap()));
        assertEquals(SplitSpec.Mode.FILE, otherSplit.split().mode());
        assertFalse(r.samePreparation(otherSplit));
        assertFalse(r.samePreparation(ConfigLoader.load(Recipe.class, r, null, Map.of("seed", "1"))));
        assertFalse(r.samePreparation(ConfigLoader.load(Recipe.class, r, null, Map.of("spectrogram.width", "32"))));
        assertFalse(r.samePreparation(ConfigLoader.load(Recipe.class, r, null, Map.of("audio.sample_rate", "2000"))));
    }
}
