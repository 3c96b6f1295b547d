package org.heartsounds.trainer.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.data.dataset.Split;
import org.heartsounds.data.layout.JetsonLayout;
import org.heartsounds.trainer.data.ImageEntry;
import org.heartsounds.trainer.data.PreparedData;
import org.heartsounds.trainer.data.PreparedDataset;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.heartsounds.trainer.testing.TinyDataset;
import org.heartsounds.trainer.train.TrainingEvents;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Waveform variants ({@code audio.augment}) from the prepared folder to the training run: the variants of the
 * training windows are found with their labels, a training run draws them (and says so) reproducibly, a recipe whose
 * audio settings differ from the folder's is refused, and a missing variant is named.
 */
class WaveformVariantsTrainingTest {
    @TempDir
    static Path tmp;
    static TinyDataset.Prepared data;

    @BeforeAll
    static void prepare() throws IOException {
        Nd4jThreads.single();
        data = TinyDataset.prepare(tmp.resolve("tiny"), 6, 0, Map.of("audio.augment.copies", "2",
                "audio.augment.noise", "true", "audio.augment.speed", "0.1"));
    }

    @Test
    void variantsKeepTheLabelsAndLieInTheAugmentedFolder() {
        PreparedDataset d = data.data();
        assertEquals(2, d.copies());
        List<ImageEntry> train = d.images(Split.TRAIN);
        List<ImageEntry> second = d.variants(train, 2);
        assertEquals(train.size(), second.size());
        for (int i = 0; i < train.size(); i++) {
            ImageEntry w = train.get(i);
            ImageEntry v = second.get(i);
            assertEquals(w.label(), v.label());
            assertEquals(w.recording(), v.recording());
            assertTrue(v.path().startsWith(data.root().resolve(JetsonLayout.AUGMENTED)), v.path().toString());
            assertTrue(Files.isRegularFile(v.path()), v.path().toString());
        }
        assertThrows(IllegalArgumentException.class, () -> d.variants(train, 3));
    }

    @Test
    void trainingDrawsTheVariantsReproducibly() throws IOException {
        List<String> lines = new ArrayList<>();
        TrainingEvents record = new TrainingEvents() {
            @Override
            public void line(String text) {
                lines.add(text);
            }
        };
        Recipe recipe = data.recipe(Map.of("train.epochs", "2", "train.fast_path", "false"));
        TrainingRun.Result a = TrainingRun.builder().setRecipe(recipe).setData(data.data())
                .optRunDir(tmp.resolve("a")).optEvents(record).build().run();
        TrainingRun.Result b = TrainingRun.builder().setRecipe(recipe).setData(data.data())
                .optRunDir(tmp.resolve("b")).build().run();
        assertTrue(lines.stream().anyMatch(l -> l.equals("waveform variants (audio.augment): 2 per training window "
                + "(speed x[0.90, 1.10], white noise at 10-30 dB SNR); each epoch draws one of the 3 versions per "
                + "window")), String.join("\n", lines));
        assertEquals(3, a.outcome().history().size(), "epoch 0 (before fitting) and two epochs");
        assertEquals(trainLosses(a), trainLosses(b), "same seed, same variants drawn, same losses");
    }

    @Test
    void aRecipeWithOtherAudioSettingsThanTheFolderIsRefused() throws IOException {
        Recipe plain = data.recipe(Map.of("audio.augment.copies", "0", "spectrogram.n_mels", "64"));
        BadInputException e = assertThrows(BadInputException.class, () -> PreparedData.ensure(plain, l -> { }));
        assertTrue(e.getMessage().contains(data.root().toString())
                && e.getMessage().contains("differing keys: audio.augment.copies, spectrogram.n_mels"), e.getMessage());
        assertEquals(2, PreparedData.ensure(data.recipe(), l -> { }).copies());
    }

    @Test
    void aMissingVariantIsNamed(@TempDir Path copy) throws IOException {
        Path root = copy.resolve("data");
        try (var files = Files.walk(data.root())) {
            for (Path p : files.toList()) {
                Path to = root.resolve(data.root().relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        ImageEntry first = data.data().images(Split.TRAIN).get(0);
        Path gone = new JetsonLayout(root).augmentedImage(data.data().labels().get(first.label()),
                first.path().getFileName().toString(), 2);
        Files.delete(gone);
        BadInputException e = assertThrows(BadInputException.class, () -> PreparedDataset.open(root));
        assertTrue(e.getMessage().contains(gone.toString()) && e.getMessage().contains("missing"), e.getMessage());
    }

    private static List<Double> trainLosses(TrainingRun.Result r) throws IOException {
        List<Double> out = new ArrayList<>();
        List<String> rows = Files.readAllLines(r.folder().metrics());
        int col = List.of(rows.get(0).split(",")).indexOf("train_loss");
        for (String row : rows.subList(1, rows.size())) {
            out.add(Double.parseDouble(row.split(",")[col]));
        }
        return out;
    }
}
