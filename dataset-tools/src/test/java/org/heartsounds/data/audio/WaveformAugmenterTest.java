package org.heartsounds.data.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.heartsounds.core.config.AudioSpec;
import org.junit.jupiter.api.Test;

class WaveformAugmenterTest {
    private static final int RATE = 4000;

    private static float[] sine(double hz, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) Math.sin(2 * Math.PI * hz * i / RATE);
        }
        return x;
    }

    /** Frequency of the strongest DFT bin between 20 and 400 Hz, at 0.25 Hz resolution (a plain DFT scan). */
    private static double peakHz(float[] x) {
        double best = 0;
        double bestHz = 0;
        for (double hz = 20; hz <= 400; hz += 0.25) {
            double re = 0;
            double im = 0;
            for (int i = 0; i < x.length; i++) {
                double ph = 2 * Math.PI * hz * i / RATE;
                re += x[i] * Math.cos(ph);
                im += x[i] * Math.sin(ph);
            }
            double p = re * re + im * im;
            if (p > best) {
                best = p;
                bestHz = hz;
            }
        }
        return bestHz;
    }

    @Test
    void speedScalesTheFrequencyAndKeepsTheLength() {
        float[] x = sine(100, 8000);
        float[] faster = WaveformAugmenter.speed(x, 1.10);
        float[] slower = WaveformAugmenter.speed(x, 0.90);
        assertEquals(x.length, faster.length);
        assertEquals(x.length, slower.length);
        assertEquals(110.0, peakHz(faster), 0.5);
        assertEquals(90.0, peakHz(slower), 0.5);
        // the circular continuation keeps the level: no silent tail after a faster play
        double tail = 0;
        for (int i = 7000; i < 8000; i++) {
            tail += faster[i] * faster[i];
        }
        assertEquals(0.5, tail / 1000, 0.05);
    }

    @Test
    void noiseIsAddedAtTheDrawnSignalToNoiseRatio() {
        AudioSpec.Augment spec = new AudioSpec.Augment(4, true, 5.0, 25.0, 0.0);
        WaveformAugmenter a = new WaveformAugmenter(spec, 42);
        float[] x = sine(60, 16000);
        double signal = 0;
        for (float v : x) {
            signal += v * v;
        }
        for (int copy = 1; copy <= 4; copy++) {
            WaveformAugmenter.Draw d = a.draw("rec", 3, copy);
            assertEquals(1.0, d.speed());
            assertTrue(d.snrDb() >= 5 && d.snrDb() <= 25, "drawn in range: " + d.snrDb());
            float[] y = a.variant(x, "rec", 3, copy);
            double noise = 0;
            for (int i = 0; i < x.length; i++) {
                noise += (y[i] - x[i]) * (y[i] - x[i]);
            }
            assertEquals(d.snrDb(), 10 * Math.log10(signal / noise), 0.15, "copy " + copy);
        }
    }

    @Test
    void aVariantDependsOnlyOnSeedRecordingWindowAndCopy() {
        AudioSpec.Augment spec = new AudioSpec.Augment(3, true, 10.0, 30.0, 0.1);
        float[] x = sine(80, 8000);
        WaveformAugmenter a = new WaveformAugmenter(spec, 7);
        WaveformAugmenter b = new WaveformAugmenter(spec, 7);
        assertArrayEquals(a.variant(x, "a/1.wav", 0, 2), b.variant(x, "a/1.wav", 0, 2));
        assertFalse(Arrays.equals(a.variant(x, "a/1.wav", 0, 1), a.variant(x, "a/1.wav", 0, 2)));
        assertFalse(Arrays.equals(a.variant(x, "a/1.wav", 0, 1), a.variant(x, "a/1.wav", 1, 1)));
        assertFalse(Arrays.equals(a.variant(x, "a/1.wav", 0, 1), new WaveformAugmenter(spec, 8)
                .variant(x, "a/1.wav", 0, 1)));
        Set<Double> speeds = new HashSet<>();
        for (int w = 0; w < 200; w++) {
            double s = a.draw("r" + w, w, 1).speed();
            assertTrue(s >= 0.9 - 1e-12 && s <= 1.1 + 1e-12, "speed " + s);
            assertEquals(0, Math.abs(Math.round(s * 100) - s * 100), 1e-9, "steps of 0.01: " + s);
            speeds.add(s);
        }
        assertTrue(speeds.size() >= 15, "the 21 factors are all drawn: " + speeds.size());
        assertThrows(IllegalArgumentException.class, () -> a.variant(x, "r", 0, 4));
    }

    @Test
    void copiesWithNothingToVaryAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AudioSpec.Augment(2, false, 10, 30, 0.0));
        assertTrue(e.getMessage().contains("audio.augment.copies"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AudioSpec.Augment(1, true, 30, 10, 0.0));
        assertThrows(IllegalArgumentException.class, () -> new AudioSpec.Augment(1, true, 10, 30, 0.6));
    }
}
