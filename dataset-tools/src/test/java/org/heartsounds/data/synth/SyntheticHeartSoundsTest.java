package org.heartsounds.data.synth;

import org.heartsounds.core.io.Sha256;
import org.heartsounds.data.audio.AudioClip;
import org.heartsounds.data.audio.BandPassFilter;
import org.heartsounds.data.audio.WavReader;
import org.heartsounds.data.audio.WavWriter;
import org.heartsounds.data.synth.SyntheticHeartSounds.Beat;
import org.heartsounds.data.synth.SyntheticHeartSounds.Condition;
import org.heartsounds.data.synth.SyntheticHeartSounds.Recording;
import org.heartsounds.data.synth.SyntheticHeartSounds.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticHeartSoundsTest {
    @TempDir
    Path dir;

    private static List<String> hashes(List<Path> files) throws IOException {
        List<String> out = new ArrayList<>();
        for (Path f : files) {
            out.add(Sha256.of(f));
        }
        return out;
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes() throws IOException {
        Spec spec = new Spec(3, 1.2, 4.0, 8000, 42);
        List<Path> a = SyntheticHeartSounds.writeDataset(dir.resolve("a"), spec);
        List<Path> b = SyntheticHeartSounds.writeDataset(dir.resolve("b"), spec);
        List<Path> c = SyntheticHeartSounds.writeDataset(dir.resolve("c"), new Spec(3, 1.2, 4.0, 8000, 43));
        assertEquals(15, a.size());
        assertEquals(hashes(a), hashes(b));
        List<String> ha = hashes(a);
        List<String> hc = hashes(c);
        for (int i = 0; i < ha.size(); i++) {
            assertNotEquals(ha.get(i), hc.get(i), "file " + a.get(i));
        }
        assertEquals(15, ha.stream().distinct().count(), "all files differ");
        // a file does not depend on how many files per class are generated
        List<Path> more = SyntheticHeartSounds.writeDataset(dir.resolve("d"), new Spec(4, 1.2, 4.0, 8000, 42));
        assertEquals(Sha256.of(a.get(0)), Sha256.of(more.get(0)));
        assertEquals(Sha256.of(a.get(14)), Sha256.of(dir.resolve("d/N/synth_n_003.wav")));
    }

    /**
     * Pins the bytes of one file, so a platform-dependent change (e.g. a non-strict math function sneaking into
     * the model) is caught. Update deliberately when the model changes.
     */
    @Test
    void pinnedBytes() throws IOException {
        Recording r = SyntheticHeartSounds.synthesize(Condition.MVP, 1, new Spec(1, 1.0, 1.0, 2000, 1));
        assertEquals(2000, r.samples().length);
        assertEquals("73b8a6fdddbeece1dcc7e4a88e453eb910cd15a28b74aead2f17b7dc16758561", Sha256.of(WavWriter.pcm16Bytes(r.samples(), 2000)));
    }

    @Test
    void layoutCountsDurationsAndLevels() throws IOException {
        Spec spec = new Spec(4, 1.5, 2.5, 8000, 9);
        List<Path> files = SyntheticHeartSounds.writeDataset(dir, spec);
        assertEquals(20, files.size());
        for (Condition c : Condition.values()) {
            try (Stream<Path> s = Files.list(dir.resolve(c.name()))) {
                assertEquals(4, s.filter(p -> p.toString().endsWith(".wav")).count(), c.name());
            }
        }
        assertEquals(dir.resolve("MVP/synth_mvp_002.wav"), files.get(3 * 4 + 1));
        for (Path f : files) {
            AudioClip clip = WavReader.read(f);
            assertEquals(8000, clip.sampleRate());
            assertTrue(clip.durationSeconds() >= 1.5 && clip.durationSeconds() <= 2.5, f + ": "
                    + clip.durationSeconds());
            float peak = 0;
            for (float v : clip.samples()) {
                peak = Math.max(peak, Math.abs(v));
            }
            assertTrue(peak >= 0.3f - 1e-4f && peak <= 0.9f + 1e-4f, f + " peak " + peak);
        }
        try (Stream<Path> s = Files.walk(dir)) {
            assertEquals(0, s.filter(p -> p.toString().endsWith(".part")).count(), "no temp files left");
        }
    }

    @Test
    void writtenFileIsTheQuantisedRecording() throws IOException {
        Spec spec = new Spec(2, 1.2, 4.0, 8000, 3);
        List<Path> files = SyntheticHeartSounds.writeDataset(dir, spec);
        Recording r = SyntheticHeartSounds.synthesize(Condition.MS, 2, spec);
        AudioClip clip = WavReader.read(dir.resolve("MS/synth_ms_002.wav"));
        assertEquals(files.get(5), dir.resolve("MS/synth_ms_002.wav"));
        float[] expected = new float[r.samples().length];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = WavWriter.toPcm16(r.samples()[i]) / 32768f;
        }
        assertArrayEquals(expected, clip.samples());
    }

    @Test
    void beatsCoverTheRecordingWithPlausibleTiming() {
        Spec spec = new Spec(1, 1.2, 4.0, 4000, 11);
        for (Condition c : Condition.values()) {
            for (int i = 1; i <= 5; i++) {
                Recording r = SyntheticHeartSounds.synthesize(c, i, spec);
                List<Beat> beats = r.beats();
                assertTrue(beats.get(0).s1() <= 0);
                assertTrue(beats.get(beats.size() - 1).nextS1() >= r.durationSeconds());
                for (int k = 0; k < beats.size(); k++) {
                    Beat b = beats.get(k);
                    double period = b.nextS1() - b.s1();
                    assertTrue(period >= 60.0 / 92 * 0.92 - 1e-9 && period <= 60.0 / 58 * 1.08 + 1e-9, "period "
                            + period);
                    double systole = b.s2() - b.s1();
                    assertTrue(systole > 0.2 && systole < 0.4 && systole < period / 2, "systole " + systole);
                    if (k > 0) {
                        assertEquals(beats.get(k - 1).nextS1(), b.s1(), 1e-12);
                    }
                }
            }
        }
    }

    /**
     * The classes differ in where (systole vs diastole) and how (shape in systole) murmur energy sits. Three
     * log10 energy ratios per file, measured on the written WAVs (high-passed at 25 Hz, as the pipeline's DC
     * removal/band-pass would) at the generator's beat times, classify every file with a fixed decision list.
     */
    @Test
    void classesAreSeparableBySimpleEnergyRatios() throws IOException {
        Spec spec = new Spec(12, 1.2, 4.0, 4000, 5);
        SyntheticHeartSounds.writeDataset(dir, spec);
        Map<Condition, List<double[]>> features = new EnumMap<>(Condition.class);
        int correct = 0;
        for (Condition c : Condition.values()) {
            for (int i = 1; i <= spec.filesPerClass(); i++) {
                AudioClip clip = WavReader.read(dir.resolve(SyntheticHeartSounds.relativePath(c, i)));
                double[] f = features(clip, SyntheticHeartSounds.synthesize(c, i, spec).beats());
                features.computeIfAbsent(c, k -> new ArrayList<>()).add(f);
                if (classify(f) == c) {
                    correct++;
                }
            }
        }
        assertEquals(60, correct, "decision-list accuracy on 60 files");
        // systolic vs diastolic energy: murmurs in systole (AS, MR, MVP) >= 5x, MS rumble in diastole >= 10x
        assertTrue(min(features.get(Condition.AS), 0) > 0.7);
        assertTrue(min(features.get(Condition.MR), 0) > 0.7);
        assertTrue(min(features.get(Condition.MVP), 0) > 0.6);
        assertTrue(max(features.get(Condition.MS), 0) < -1.0);
        assertTrue(max(features.get(Condition.N), 0) < 0.3 && min(features.get(Condition.N), 0) > -0.3);
        assertTrue(min(features.get(Condition.MVP), 1) > max(features.get(Condition.AS), 1) + 0.3);
        assertTrue(min(features.get(Condition.AS), 2) > max(features.get(Condition.MR), 2) + 0.2);
    }

    private static Condition classify(double[] f) {
        if (f[0] < -0.5) {
            return Condition.MS;
        }
        if (f[0] < 0.4) {
            return Condition.N;
        }
        if (f[1] > 0.5) {
            return Condition.MVP;
        }
        return f[2] > 0.4 ? Condition.AS : Condition.MR;
    }

    /**
     * log10 of: systole/diastole energy, late/early systole energy, mid-systole/late-systole energy (all mean
     * squares, away from S1 and S2).
     */
    private static double[] features(AudioClip clip, List<Beat> beats) {
        int fs = clip.sampleRate();
        float[] x = new BandPassFilter(25, 0.4 * fs, 4, fs).filtfilt(clip.samples());
        double[] e = new double[6];
        int[] n = new int[6];
        for (Beat b : beats) {
            double s = b.s2() - b.s1();
            accumulate(x, fs, b.s1() + 0.1, b.s2() - 0.03, e, n, 0);
            accumulate(x, fs, b.s2() + 0.15, b.nextS1() - 0.05, e, n, 1);
            accumulate(x, fs, b.s1() + 0.1, b.s1() + 0.4 * s, e, n, 2);
            accumulate(x, fs, b.s1() + 0.65 * s, b.s2() - 0.03, e, n, 3);
            accumulate(x, fs, b.s1() + 0.3 * s, b.s1() + 0.5 * s, e, n, 4);
            accumulate(x, fs, b.s1() + 0.75 * s, b.s2() - 0.02, e, n, 5);
        }
        return new double[] {ratio(e, n, 0, 1), ratio(e, n, 3, 2), ratio(e, n, 4, 5)};
    }

    private static double ratio(double[] e, int[] n, int a, int b) {
        assertTrue(n[a] > 0 && n[b] > 0, "every recording has samples in each region");
        return Math.log10((e[a] / n[a]) / (e[b] / n[b]));
    }

    private static void accumulate(float[] x, int fs, double from, double to, double[] e, int[] n, int k) {
        int a = Math.max(0, (int) Math.ceil(from * fs));
        int b = Math.min(x.length, (int) Math.floor(to * fs));
        for (int i = a; i < b; i++) {
            e[k] += (double) x[i] * x[i];
            n[k]++;
        }
    }

    private static double min(List<double[]> rows, int k) {
        return rows.stream().mapToDouble(r -> r[k]).min().orElseThrow();
    }

    private static double max(List<double[]> rows, int k) {
        return rows.stream().mapToDouble(r -> r[k]).max().orElseThrow();
    }

    @Test
    void namesAndValidation() {
        assertEquals(Path.of("MVP", "synth_mvp_007.wav"), SyntheticHeartSounds.relativePath(Condition.MVP, 7));
        assertEquals(Path.of("AS", "synth_as_1234.wav"), SyntheticHeartSounds.relativePath(Condition.AS, 1234));
        assertEquals(List.of("AS", "MR", "MS", "MVP", "N"),
                Arrays.stream(Condition.values()).map(Enum::name).toList());
        assertThrows(IllegalArgumentException.class, () -> new Spec(0, 1, 2, 8000, 1));
        assertThrows(IllegalArgumentException.class, () -> new Spec(1, 3, 2, 8000, 1));
        assertThrows(IllegalArgumentException.class, () -> new Spec(1, 0, 2, 8000, 1));
        assertThrows(IllegalArgumentException.class, () -> new Spec(1, 1, 2, 1000, 1));
        assertThrows(IllegalArgumentException.class, () -> new Spec(1, 1.0001, 1.0002, 2000, 1));
        assertThrows(IllegalArgumentException.class,
                () -> SyntheticHeartSounds.synthesize(Condition.N, 0, new Spec(1, 1, 2, 8000, 1)));
        Spec y = Spec.yaseenLike(3);
        assertEquals(200, y.filesPerClass());
        assertEquals(8000, y.sampleRate());
    }
}
