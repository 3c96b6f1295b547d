package org.heartsounds.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.data.synth.SyntheticHeartSounds;
import org.heartsounds.trainer.testing.TinyDataset;

/**
 * Test fixture: synthetic heart sounds (6 per class) and a sweep configuration over them with TinyDataset's recipe
 * (32x32 spectrograms, batch 8), one epoch of constant-rate SGD without momentum or weight decay, and the oneDNN fast
 * path off (only to save CPU time on the test machine).
 */
public final class TinySweep {
    private TinySweep() {
    }

    /** Writes the recordings under {@code dir/wavs}; returns that folder. */
    public static Path recordings(Path dir) throws IOException {
        Path wavs = dir.resolve("wavs");
        SyntheticHeartSounds.writeDataset(wavs, new SyntheticHeartSounds.Spec(6, 1.5, 3.5, 8000,
                TinyDataset.SYNTH_SEED));
        return wavs;
    }

    /** The base recipe over {@code wavs}. */
    public static Recipe base(Path wavs, Path dir) {
        Recipe tiny = TinyDataset.recipe(wavs, dir.resolve("unused-data"), dir.resolve("unused-run"));
        return ConfigLoader.load(Recipe.class, tiny, null, Map.of("train.epochs", "1", "train.optimizer", "sgd",
                "train.momentum", "0", "train.schedule", "constant", "train.weight_decay", "0",
                "train.fast_path", "false"));
    }

    /** Writes a sweep configuration file: the base recipe followed by {@code sweepSection} (YAML text). */
    public static Path write(Path file, Recipe base, String sweepSection) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, ConfigLoader.toYaml(base) + sweepSection);
        return file;
    }
}
