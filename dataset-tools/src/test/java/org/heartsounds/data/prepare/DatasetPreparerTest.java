package org.heartsounds.data.prepare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.DataSpec;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.core.io.Sha256;
import org.heartsounds.data.layout.JetsonLayout;
import org.heartsounds.data.synth.SyntheticHeartSounds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetPreparerTest {
    @TempDir
    static Path shared;
    static Path data;

    @BeforeAll
    static void synthesise() throws IOException {
        data = shared.resolve("wavs");
        SyntheticHeartSounds.writeDataset(data, new SyntheticHeartSounds.Spec(10, 1.5, 4.0, 8000, 7));
    }

    private static Recipe recipe(Path out) {
        return Recipe.defaults().withData(new DataSpec(data.toString(), null, out.toString(), List.of()));
    }

    private static Map<Path, String> pngHashes(Path root) throws IOException {
        Map<Path, String> m = new HashMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".png")).toList()) {
                m.put(root.relativize(p), Sha256.of(p));
            }
        }
        return m;
    }

    @Test
    void writesJetsonLayoutManifestAndConfig(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        PrepareResult r = DatasetPreparer.builder().setRecipe(recipe(out)).optThreads(2).build().prepare();
        assertEquals(50, r.recordings());
        assertEquals(List.of("AS", "MR", "MS", "MVP", "N"), r.classes());
        assertEquals("AS\nMR\nMS\nMVP\nN", Files.readString(out.resolve(JetsonLayout.LABELS)));
        Map<Path, String> pngs = pngHashes(out);
        assertEquals(r.images(), pngs.size());
        assertTrue(r.images() >= 50, "at least one window per recording");
        for (Path p : pngs.keySet()) {
            assertTrue(p.getNameCount() == 3 && List.of("train", "val", "test").contains(p.getName(0).toString())
                    && r.classes().contains(p.getName(1).toString()), p.toString());
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(out.resolve(p).toFile());
            assertEquals(224, img.getWidth());
            assertEquals(224, img.getHeight());
        }
        List<String> manifest = Files.readAllLines(out.resolve(JetsonLayout.MANIFEST));
        assertEquals(51, manifest.size());
        int windows = 0;
        for (String line : manifest.subList(1, manifest.size())) {
            String[] cells = line.split(",");
            assertEquals(64, cells[2].length(), "sha256");
            assertEquals("8000", cells[3]);
            windows += Integer.parseInt(cells[11]);
        }
        assertEquals(r.images(), windows);
        Recipe replay = ConfigLoader.load(Recipe.class, Recipe.defaults(), out.resolve(JetsonLayout.CONFIG));
        assertEquals(recipe(out), replay);
        assertTrue(Files.readString(out.resolve(JetsonLayout.PROVENANCE)).contains(r.dataSha256()));
    }

    @Test
    void rerunSkipsEverythingAndInterruptedRunResumesToIdenticalBytes(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        PrepareResult first = DatasetPreparer.builder().setRecipe(recipe(out)).build().prepare();
        Map<Path, String> reference = pngHashes(out);

        PrepareResult again = DatasetPreparer.builder().setRecipe(recipe(out)).build().prepare();
        assertEquals(0, again.imagesWritten());
        assertEquals(first.images(), again.imagesSkipped());

        // simulate a kill -9 halfway: half the images gone, a stray temporary file and no manifest
        List<Path> all = new ArrayList<>(reference.keySet());
        all.sort(null);
        for (int i = 0; i < all.size(); i += 2) {
            Files.delete(out.resolve(all.get(i)));
        }
        Files.delete(out.resolve(JetsonLayout.MANIFEST));
        Path stray = out.resolve(all.get(1)).resolveSibling(".x.png.123.part");
        Files.writeString(stray, "half");
        PrepareResult resumed = DatasetPreparer.builder().setRecipe(recipe(out)).build().prepare();
        assertEquals((all.size() + 1) / 2, resumed.imagesWritten());
        assertEquals(reference, pngHashes(out), "resumed output is bit for bit the uninterrupted one");
        assertFalse(Files.exists(stray));
        assertTrue(Files.exists(out.resolve(JetsonLayout.MANIFEST)));
    }

    @Test
    void sameRecipeGivesBitIdenticalPngsInAnotherFolder(@TempDir Path tmp) throws Exception {
        DatasetPreparer.builder().setRecipe(recipe(tmp.resolve("a"))).optThreads(1).build().prepare();
        DatasetPreparer.builder().setRecipe(recipe(tmp.resolve("b"))).optThreads(2).build().prepare();
        assertEquals(pngHashes(tmp.resolve("a")), pngHashes(tmp.resolve("b")));
    }

    @Test
    void waveformVariantsAreRenderedBesideTheSplitsReproducibly(@TempDir Path tmp) throws Exception {
        Map<String, String> augment = Map.of("audio.augment.copies", "2", "audio.augment.noise", "true",
                "audio.augment.speed", "0.1", "spectrogram.width", "64", "spectrogram.height", "64");
        Recipe a = ConfigLoader.load(Recipe.class, recipe(tmp.resolve("a")), null, augment);
        Recipe b = ConfigLoader.load(Recipe.class, recipe(tmp.resolve("b")), null, augment);
        PrepareResult r = DatasetPreparer.builder().setRecipe(a).optThreads(1).build().prepare();
        DatasetPreparer.builder().setRecipe(b).optThreads(2).build().prepare();
        Map<Path, String> pngs = pngHashes(tmp.resolve("a"));
        assertEquals(pngs, pngHashes(tmp.resolve("b")), "variants do not depend on the thread count");
        List<Path> variants = pngs.keySet().stream().filter(p -> p.getName(0).toString().equals(
                JetsonLayout.AUGMENTED)).toList();
        int windows = pngs.size() - variants.size();
        assertEquals(2 * windows, variants.size());
        assertEquals(3 * windows, r.images());
        JetsonLayout layout = new JetsonLayout(tmp.resolve("a"));
        for (Path p : pngs.keySet()) {
            if (p.getName(0).toString().equals(JetsonLayout.AUGMENTED)) {
                continue;
            }
            String label = p.getName(1).toString();
            for (int c = 1; c <= 2; c++) {
                Path v = tmp.resolve("a").relativize(layout.augmentedImage(label, p.getFileName().toString(), c));
                assertTrue(pngs.containsKey(v), "variant " + v + " of " + p);
                assertFalse(pngs.get(v).equals(pngs.get(p)), "variant " + v + " differs from its window");
            }
        }
    }

    @Test
    void cycleWindowsOfVaryingLengthBecomeImagesOfTheRecipesSize(@TempDir Path tmp) throws Exception {
        Recipe r = ConfigLoader.load(Recipe.class, recipe(tmp.resolve("c")), null, Map.of("audio.window.align", "s1",
                "audio.window.cycles", "2", "spectrogram.width", "64", "spectrogram.height", "48"));
        PrepareResult result = DatasetPreparer.builder().setRecipe(r).optThreads(2).build().prepare();
        Map<Path, String> pngs = pngHashes(tmp.resolve("c"));
        assertEquals(result.images(), pngs.size());
        for (Path p : pngs.keySet()) {
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(tmp.resolve("c").resolve(p).toFile());
            assertEquals(64, img.getWidth());
            assertEquals(48, img.getHeight());
        }
        assertTrue(result.images() >= 50, "at least one window per recording: " + result.images());
    }

    @Test
    void refusesAFolderPreparedWithAnotherRecipe(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        DatasetPreparer.builder().setRecipe(recipe(out)).build().prepare();
        Recipe other = ConfigLoader.load(Recipe.class, recipe(out), null, Map.of("spectrogram.n_mels", "64",
                "audio.window.hop_seconds", "0.5", "train.epochs", "3"));
        BadInputException e = assertThrows(BadInputException.class,
                () -> DatasetPreparer.builder().setRecipe(other).build().prepare());
        assertTrue(e.getMessage().contains("different recipe") && e.getMessage().contains(
                "differing keys: audio.window.hop_seconds, spectrogram.n_mels)"), e.getMessage());
    }

    @Test
    void aCorruptWavStopsTheRunBeforeAnyImageIsWritten(@TempDir Path tmp) throws Exception {
        Path bad = tmp.resolve("wavs");
        SyntheticHeartSounds.writeDataset(bad, new SyntheticHeartSounds.Spec(2, 1.5, 2.0, 8000, 1));
        Path broken = bad.resolve("MR").resolve("zz_broken.wav");
        Files.write(broken, new byte[] {'R', 'I', 'F', 'F', 4, 0, 0, 0, 'W', 'A', 'V', 'E'});
        Path out = tmp.resolve("out");
        Recipe r = Recipe.defaults().withData(new DataSpec(bad.toString(), null, out.toString(), List.of()));
        BadInputException e = assertThrows(BadInputException.class,
                () -> DatasetPreparer.builder().setRecipe(r).build().prepare());
        assertTrue(e.getMessage().contains("zz_broken.wav"), e.getMessage());
        assertEquals(Map.of(), pngHashes(out));
        assertFalse(Files.exists(out.resolve(JetsonLayout.MANIFEST)));
    }

    @Test
    void fileLevelSplitIsStratifiedAndLabelledLeaky(@TempDir Path tmp) throws Exception {
        Recipe r = ConfigLoader.load(Recipe.class, recipe(tmp.resolve("out")), null, Map.of("split.mode", "file"));
        Inspection inspection = DatasetPreparer.builder().setRecipe(r).build().inspect();
        assertTrue(inspection.analysis().leaky());
        int[] perSplit = new int[3];
        for (int i = 0; i < 50; i++) {
            perSplit[inspection.analysis().splitOf(i).ordinal()]++;
        }
        assertArrayEquals(new int[] {40, 5, 5}, perSplit);
        assertTrue(inspection.toText().contains("LEAKY"));
    }

    /** Flagged recordings: kept and marked by default, left out and listed with the reason under exclude. */
    @Test
    void qualityFlagsAreReportedAndExcludeLeavesFlaggedRecordingsOut(@TempDir Path tmp) throws Exception {
        Path wavs = tmp.resolve("wavs");
        SyntheticHeartSounds.writeDataset(wavs, new SyntheticHeartSounds.Spec(4, 1.5, 3.0, 8000, 3));
        org.heartsounds.data.audio.WavWriter.writePcm16(wavs.resolve("N").resolve("zz_silence.wav"),
                new float[3 * 8000], 8000);
        org.heartsounds.data.audio.WavWriter.writePcm16(wavs.resolve("AS").resolve("zz_tiny.wav"),
                new float[] {0.1f, -0.2f, 0.3f, 0.1f, 0f, 0.2f, -0.1f, 0.05f}, 8000);
        Recipe warn = Recipe.defaults().withData(new DataSpec(wavs.toString(), null, tmp.resolve("warn").toString(),
                List.of()));
        PrepareResult kept = DatasetPreparer.builder().setRecipe(warn).build().prepare();
        assertEquals(22, kept.recordings());
        String notes = String.join("\n", kept.notes());
        assertTrue(notes.contains("quality: 2 recordings flagged (short 1, silent 1); kept (data.quality.action: "
                + "warn), marked in manifest.csv"), notes);
        assertTrue(notes.contains("N/zz_silence.wav: silent (RMS -inf dBFS"), notes);
        assertTrue(notes.contains("padded: 9 recordings shorter than the 2.00 s window, filled up by 'zero' "
                + "(audio.window.pad), e.g. AS/synth_as_002.wav (1.72 s)"), notes);
        List<String> manifest = Files.readAllLines(tmp.resolve("warn").resolve(JetsonLayout.MANIFEST));
        assertTrue(manifest.get(0).endsWith(",windows,quality"), manifest.get(0));
        assertTrue(manifest.stream().anyMatch(l -> l.startsWith("N/zz_silence.wav,") && l.endsWith(",silent")));
        assertTrue(manifest.stream().anyMatch(l -> l.startsWith("AS/zz_tiny.wav,") && l.endsWith(",short")));
        assertFalse(Files.exists(tmp.resolve("warn").resolve(DatasetPreparer.EXCLUDED)));

        Recipe exclude = ConfigLoader.load(Recipe.class, warn, null, Map.of("data.quality.action", "exclude",
                "data.out", tmp.resolve("exclude").toString()));
        PrepareResult left = DatasetPreparer.builder().setRecipe(exclude).build().prepare();
        assertEquals(20, left.recordings());
        List<String> excluded = Files.readAllLines(tmp.resolve("exclude").resolve(DatasetPreparer.EXCLUDED));
        assertEquals(3, excluded.size(), String.join("\n", excluded));
        assertEquals("recording,path,sha256,labels,quality,reason", excluded.get(0));
        assertTrue(excluded.get(1).startsWith("AS/zz_tiny.wav,") && excluded.get(1).contains(",AS,short,\"short ("),
                excluded.get(1));
        assertTrue(excluded.get(2).startsWith("N/zz_silence.wav,") && excluded.get(2).contains(",N,silent,"),
                excluded.get(2));
        assertEquals(21, Files.readAllLines(tmp.resolve("exclude").resolve(JetsonLayout.MANIFEST)).size());
        try (Stream<Path> s = Files.walk(tmp.resolve("exclude"))) {
            assertFalse(s.anyMatch(f -> f.getFileName().toString().startsWith("zz_")), "no images of excluded");
        }
    }
}
