package org.heartsounds.trainer.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.DataSpec;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.data.prepare.DatasetPreparer;
import org.heartsounds.data.synth.SyntheticCollection;
import org.heartsounds.data.synth.SyntheticHeartSounds;
import org.heartsounds.trainer.data.PreparedDataset;
import org.heartsounds.trainer.model.ResNet18;

/**
 * Test fixture: a tiny prepared dataset for training tests — dataset-tools' synthetic heart sounds (5 classes, a few
 * recordings each, 1.5-3.5 s at 8 kHz) prepared into {@link ResNet18#MIN_INPUT_SIZE}-pixel spectrograms with a
 * 60/20/20 grouped split and 3 folds, and a training section small enough for seconds-long runs (batch 8, 3 epochs,
 * no progress lines). Optionally some recordings are duplicated under another name, so shared-audio detection puts
 * them in one group.
 */
public final class TinyDataset {
    /** Spectrogram width and height: the smallest input ResNet-18 accepts. */
    public static final int SIZE = ResNet18.MIN_INPUT_SIZE;
    /** The synthetic recordings' seed. */
    public static final long SYNTH_SEED = 5;

    private TinyDataset() {
    }

    /** A prepared tiny dataset and the recipe that prepared it (and trains on it). */
    public record Prepared(Path root, Recipe recipe, PreparedDataset data) {
        /** The recipe with dotted-key overrides ({@code train.epochs}, ...) applied. */
        public Recipe recipe(Map<String, String> overrides) {
            return ConfigLoader.load(Recipe.class, recipe, null, overrides);
        }

        /** Writes {@link #recipe(Map)} as a YAML file for {@code --config}. */
        public Path writeRecipe(Path file, Map<String, String> overrides) throws IOException {
            ConfigLoader.write(recipe(overrides), file);
            return file;
        }
    }

    /**
     * Writes {@code perClass} synthetic recordings per class under {@code dir/wavs} and prepares them into
     * {@code dir/data}.
     *
     * @param duplicates how many recordings of each class are also copied under another name (shared audio)
     */
    public static Prepared prepare(Path dir, int perClass, int duplicates) throws IOException {
        return prepare(dir, perClass, duplicates, Map.of());
    }

    /** As {@link #prepare(Path, int, int)}, the tiny recipe with dotted-key overrides ({@code audio.augment.copies}). */
    public static Prepared prepare(Path dir, int perClass, int duplicates, Map<String, String> overrides)
            throws IOException {
        Path wavs = dir.resolve("wavs");
        List<Path> written = SyntheticHeartSounds.writeDataset(wavs,
                new SyntheticHeartSounds.Spec(perClass, 1.5, 3.5, 8000, SYNTH_SEED));
        for (SyntheticHeartSounds.Condition c : SyntheticHeartSounds.Condition.values()) {
            for (int i = 1; i <= duplicates; i++) {
                Path original = wavs.resolve(SyntheticHeartSounds.relativePath(c, i));
                Files.copy(original, original.resolveSibling("copy_of_" + original.getFileName()));
            }
        }
        if (written.size() != perClass * SyntheticHeartSounds.Condition.values().length) {
            throw new IllegalStateException("synthesis wrote " + written.size() + " files");
        }
        Path out = dir.resolve("data");
        Recipe recipe = ConfigLoader.load(Recipe.class, recipe(wavs, out, dir.resolve("run")), null, overrides);
        DatasetPreparer.builder().setRecipe(recipe).optThreads(1).build().prepare();
        return new Prepared(out, recipe, PreparedDataset.open(out));
    }

    /**
     * A tiny multi-label collection ({@link SyntheticCollection}: {@code patients} patients with 0-2 lesions, 2-3
     * sites each, 1.5-3.5 s at 8 kHz) under {@code dir/wavs}, prepared into {@code dir/data} with
     * {@code train.task: multilabel}.
     */
    public static Prepared prepareMultiLabel(Path dir, int patients) throws IOException {
        Path manifest = SyntheticCollection.write(dir.resolve("wavs"), new SyntheticCollection.Spec(patients, 2, 3,
                1.5, 3.5, 8000, SYNTH_SEED));
        Path out = dir.resolve("data");
        Recipe single = recipe(dir.resolve("wavs"), out, dir.resolve("run"));
        Map<String, String> o = new LinkedHashMap<>();
        o.put("train.task", "multilabel");
        o.put("train.early_stopping.metric", "val_macro_auroc");
        Recipe recipe = ConfigLoader.load(Recipe.class, single.withData(new DataSpec(null, manifest.toString(),
                out.toString(), List.of())), null, o);
        DatasetPreparer.builder().setRecipe(recipe).optThreads(1).build().prepare();
        return new Prepared(out, recipe, PreparedDataset.open(out));
    }

    /** The tiny recipe: 32x32 spectrograms, split 0.6/0.2/0.2, 3 folds, batch 8, 3 epochs, oneDNN on. */
    public static Recipe recipe(Path wavs, Path prepared, Path runDir) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("spectrogram.width", Integer.toString(SIZE));
        o.put("spectrogram.height", Integer.toString(SIZE));
        o.put("split.train", "0.6");
        o.put("split.val", "0.2");
        o.put("split.test", "0.2");
        o.put("split.folds", "3");
        o.put("train.out", "'" + runDir + "'");
        o.put("train.epochs", "3");
        o.put("train.batch_size", "8");
        o.put("train.progress_every", "0");
        o.put("train.fast_path", "true");
        o.put("train.eval_batch_size", "64");
        Recipe base = Recipe.defaults().withData(new DataSpec(wavs.toString(), null, prepared.toString(), List.of()));
        return ConfigLoader.load(Recipe.class, base, null, o);
    }
}
