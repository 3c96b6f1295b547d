package org.heartsounds.data.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.heartsounds.core.BadInputException;
import org.heartsounds.data.audio.AudioClip;
import org.heartsounds.data.audio.WavWriter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** S1/S2 detection on synthetic beats with known times, and on PASCAL set A's hand-marked recordings. */
class HeartSoundSegmenterTest {
    @TempDir
    Path tmp;

    /** Beats at 60-100 bpm with jitter: S1 a 50 Hz burst, S2 (softer, 70 Hz) a third of the period later; noise. */
    private static List<HeartSound> beats(float[] x, int rate, long seed) {
        Random rnd = new Random(seed);
        List<HeartSound> truth = new ArrayList<>();
        double t = 0.3;
        double period = 60.0 / (60 + rnd.nextInt(40));
        while (t + period < x.length / (double) rate) {
            double p = period * (1 + 0.05 * rnd.nextGaussian());
            double s2 = t + 0.3 * p + 0.05;
            burst(x, rate, t, 50, 1.0);
            burst(x, rate, s2, 70, 0.7);
            truth.add(new HeartSound(t, HeartSound.Kind.S1, Double.NaN));
            truth.add(new HeartSound(s2, HeartSound.Kind.S2, Double.NaN));
            t += p;
        }
        for (int i = 0; i < x.length; i++) {
            x[i] += (float) (0.02 * rnd.nextGaussian());
        }
        return truth;
    }

    /** A Gaussian-windowed tone centred at {@code at} seconds, 25 ms wide. */
    private static void burst(float[] x, int rate, double at, double hz, double amp) {
        for (int i = (int) ((at - 0.06) * rate); i < (at + 0.06) * rate && i < x.length; i++) {
            if (i >= 0) {
                double dt = i / (double) rate - at;
                x[i] += (float) (amp * Math.exp(-dt * dt / (2 * 0.012 * 0.012)) * Math.sin(2 * Math.PI * hz * dt));
            }
        }
    }

    @Test
    void findsEveryPlantedSoundWithinFiftyMillisecondsAndLabelsIt() {
        for (int rate : new int[] {4000, 8000, 44100}) {
            for (long seed = 0; seed < 5; seed++) {
                float[] x = new float[8 * rate];
                List<HeartSound> truth = beats(x, rate, seed);
                List<HeartSound> found = new HeartSoundSegmenter().segment(new AudioClip(x, rate, "synthetic"));
                SegmentationCheck c = SegmentationCheck.of(found, truth);
                assertEquals(truth.size(), c.found(), rate + " Hz seed " + seed + ": " + c.describe());
                assertTrue(c.kindRate() >= 0.9, rate + " Hz seed " + seed + ": " + c.describe());
                assertTrue(c.precision() >= 0.9, rate + " Hz seed " + seed + ": " + c.describe());
            }
        }
    }

    /** align: s1 puts windows at the detected S1s: within 50 ms of the planted ones; align: none asks for none. */
    @Test
    void windowAnchorsAreTheDetectedFirstHeartSounds() {
        float[] x = new float[8 * 4000];
        List<HeartSound> truth = beats(x, 4000, 4);
        AudioClip clip = new AudioClip(x, 4000, "beats");
        org.heartsounds.core.config.AudioSpec.Window aligned = new org.heartsounds.core.config.AudioSpec.Window(2.0,
                1.0, org.heartsounds.core.config.AudioSpec.Pad.ZERO, 0.5, 0,
                org.heartsounds.core.config.AudioSpec.Select.SPREAD, org.heartsounds.core.config.AudioSpec.Align.S1);
        double[] anchors = WindowAnchors.of(aligned, clip);
        List<HeartSound> s1 = truth.stream().filter(s -> s.kind() == HeartSound.Kind.S1).toList();
        assertEquals(s1.size(), anchors.length);
        for (int i = 0; i < anchors.length; i++) {
            assertEquals(s1.get(i).seconds(), anchors[i], 0.05, "S1 " + i);
        }
        assertEquals(null, WindowAnchors.of(org.heartsounds.core.config.AudioSpec.Window.defaults(), clip));
        var pipeline = new org.heartsounds.data.datavec.InputPipeline(new org.heartsounds.core.config.AudioSpec(4000,
                false, org.heartsounds.core.config.AudioSpec.BandPass.defaults(),
                org.heartsounds.core.config.AudioSpec.Normalize.PEAK, aligned),
                org.heartsounds.core.config.SpectrogramSpec.defaults());
        var windows = pipeline.windows(clip);
        assertEquals(anchors[0], windows.get(0).startSeconds(), 1.0 / 4000, "the pipeline starts at the first S1");
    }

    @Test
    void silenceAndTinyClipsHaveNoSounds() {
        assertEquals(List.of(), new HeartSoundSegmenter().segment(new AudioClip(new float[4000], 2000, "silence")));
        assertEquals(List.of(), new HeartSoundSegmenter().segment(new AudioClip(new float[100], 2000, "tiny")));
    }

    @Test
    void checkCountsByHand() {
        List<HeartSound> marks = List.of(new HeartSound(1.0, HeartSound.Kind.S1, 0),
                new HeartSound(1.3, HeartSound.Kind.S2, 0), new HeartSound(2.0, HeartSound.Kind.S1, 0));
        List<HeartSound> found = List.of(new HeartSound(1.04, HeartSound.Kind.S1, 0),
                new HeartSound(1.36, HeartSound.Kind.S2, 0), new HeartSound(1.7, HeartSound.Kind.S2, 0),
                new HeartSound(2.01, HeartSound.Kind.S2, 0), new HeartSound(5.0, HeartSound.Kind.S1, 0));
        SegmentationCheck c = SegmentationCheck.of(found, marks);
        assertEquals(new SegmentationCheck(3, 2, 1, 4, 2), c, "1.36 is 60 ms off; 2.01 has the wrong kind; 5.0 is "
                + "outside the marked stretch");
        assertEquals("2 of 3 marked sounds found within 50 ms (66.7 %), 1 with the right kind S1/S2 (33.3 %); 2 of "
                + "4 detections in the marked stretches lie at a mark (50.0 %)", c.describe());
    }

    @Test
    void readsTheTimingFormatAndNamesBadRows() throws IOException {
        float[] x = new float[8 * 4000];
        List<HeartSound> truth = beats(x, 4000, 9);
        Files.createDirectories(tmp.resolve("set"));
        WavWriter.writePcm16(tmp.resolve("set/a.wav"), x, 4000);
        StringBuilder csv = new StringBuilder("fname,cycle,sound,location\n");
        for (int i = 0; i < truth.size(); i++) {
            csv.append("set/a.wav,").append(i / 2 + 1).append(',').append(truth.get(i).kind()).append(',')
                    .append(Math.round(truth.get(i).seconds() * 4000)).append('\n');
        }
        Path file = tmp.resolve("timing.csv");
        Files.writeString(file, csv);
        ReferenceMarks marks = ReferenceMarks.read(file);
        assertEquals(List.of("set/a.wav"), marks.files());
        assertEquals(truth.size(), marks.of("set/a.wav", 4000).size());
        SegmentationCheck c = marks.check(new HeartSoundSegmenter());
        assertEquals(truth.size(), c.marks());
        assertEquals(truth.size(), c.found(), c.describe());

        Files.writeString(file, "fname,cycle,sound,location\nset/a.wav,1,S3,100\n");
        BadInputException e = assertThrows(BadInputException.class, () -> ReferenceMarks.read(file));
        assertTrue(e.getMessage().contains("timing.csv") && e.getMessage().contains("line 2: sound 'S3' is not S1 "
                + "or S2"), e.getMessage());
        Files.writeString(file, "fname,sound\nx,S1\n");
        assertThrows(BadInputException.class, () -> ReferenceMarks.read(file));
        Files.writeString(file, "fname,cycle,sound,location\nset/a.wav,1,S1,-5\n");
        assertThrows(BadInputException.class, () -> ReferenceMarks.read(file));
    }

    /** The real hand marks: 390 S1/S2 marks on 21 normal recordings of PASCAL set A (44.1 kHz). */
    @Test
    void pascalSetAHandMarks() {
        String env = System.getenv("HEARTSOUNDS_DATA_DIR");
        Path base = env != null && !env.isBlank() ? Path.of(env) : Path.of("..", "..", "shared", "datasets");
        Path csv = base.resolve("pascal2011").resolve("set_a_timing.csv");
        Assumptions.assumeTrue(Files.isRegularFile(csv), "PASCAL 2011 not present: " + csv);
        SegmentationCheck c = ReferenceMarks.read(csv).check(new HeartSoundSegmenter());
        assertEquals(390, c.marks());
        // measured 2026-12-07: 375 of 390 found within 50 ms (96.2 %), 293 with the right kind (75.1 %), 375 of 421
        // detections at a mark (89.1 %); a numpy/scipy replica of the method gives 376, 294, 376 of 421
        assertTrue(c.foundRate() >= 0.95, c.describe());
        assertTrue(c.precision() >= 0.85, c.describe());
    }
}
