package org.heartsounds.data.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.heartsounds.core.config.AudioSpec;
import org.junit.jupiter.api.Test;

/**
 * {@code audio.window.cycles}: windows spanning N cardiac cycles between given S1 times, on synthetic beats whose S1
 * and S2 times are known: at 60 and at 100 beats per minute the windows, stretched to one width as the spectrogram
 * image stretches them, hold their sounds at the same places.
 */
class CycleWindowsTest {
    private static final int RATE = 4000;

    /** Beats of {@code period} seconds: S1 (50 Hz burst) at k·period + 0.1 s, S2 (70 Hz) 30 % of a period later. */
    private static float[] beats(double period, double seconds) {
        float[] x = new float[(int) (seconds * RATE)];
        for (double s1 = 0.1; s1 < seconds; s1 += period) {
            burst(x, s1, 50);
            burst(x, s1 + 0.3 * period, 70);
        }
        return x;
    }

    private static void burst(float[] x, double at, double hz) {
        for (int i = 0; i < 0.04 * RATE; i++) {
            int k = (int) Math.round(at * RATE) + i;
            if (k < x.length) {
                x[k] += (float) (Math.sin(Math.PI * i / (0.04 * RATE)) * Math.sin(2 * Math.PI * hz * i / RATE));
            }
        }
    }

    private static double[] s1Times(double period, double seconds) {
        int n = (int) Math.ceil((seconds - 0.1) / period);
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = 0.1 + i * period;
        }
        return t;
    }

    private static AudioSpec.Window spec(int cycles, int maxWindows) {
        return new AudioSpec.Window(2.0, 1.0, AudioSpec.Pad.ZERO, 0.5, maxWindows, AudioSpec.Select.SPREAD,
                AudioSpec.Align.S1, cycles);
    }

    /** Mean energy in 20 equal parts of a window (the image's time axis, whatever the window's length). */
    private static double[] envelope(float[] w) {
        double[] e = new double[20];
        for (int i = 0; i < w.length; i++) {
            e[Math.min(19, i * 20 / w.length)] += w[i] * w[i] * 20.0 / w.length;
        }
        return e;
    }

    private static double correlation(double[] a, double[] b) {
        double ma = java.util.Arrays.stream(a).average().orElse(0);
        double mb = java.util.Arrays.stream(b).average().orElse(0);
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (a[i] - ma) * (b[i] - mb);
            aa += (a[i] - ma) * (a[i] - ma);
            bb += (b[i] - mb) * (b[i] - mb);
        }
        return ab / Math.sqrt(aa * bb);
    }

    @Test
    void windowsOfTwoCyclesHoldTheSoundsAtTheSamePlacesWhateverTheHeartRate() {
        WindowCutter cutter = new WindowCutter(spec(2, 0), RATE);
        List<AudioWindow> slow = cutter.cut("slow", beats(1.0, 10), s1Times(1.0, 10));
        List<AudioWindow> fast = cutter.cut("fast", beats(0.6, 10), s1Times(0.6, 10));
        assertTrue(slow.size() >= 6 && fast.size() >= 6, slow.size() + " and " + fast.size());
        for (AudioWindow w : slow) {
            assertEquals(8000, w.samples().length, "two cycles of 1 s");
        }
        for (AudioWindow w : fast) {
            assertEquals(4800, w.samples().length, "two cycles of 0.6 s");
        }
        // starts at least one hop (1 s) apart, each at an S1
        for (int i = 1; i < fast.size(); i++) {
            assertTrue(fast.get(i).startSeconds() - fast.get(i - 1).startSeconds() >= 1.0 - 1e-9);
        }
        double[] a = envelope(slow.get(1).samples());
        double[] b = envelope(fast.get(1).samples());
        assertTrue(correlation(a, b) > 0.9, "same shape at 60 and 100 bpm: " + correlation(a, b));
        // S1 at 0 and at the middle (parts 0 and 10 of 20), S2 at 30 % of each cycle (parts 3 and 13), and
        // nothing between the sounds, at either heart rate
        double max = java.util.Arrays.stream(b).max().orElse(0);
        for (int f = 0; f < b.length; f++) {
            boolean sound = f == 0 || f == 3 || f == 10 || f == 13;
            assertEquals(sound, b[f] > 0.2 * max, "part " + f + " of the 100 bpm window: " + b[f] / max);
        }
        // the fixed 2 s windows of the fast recording hold 3.3 cycles: unlike the slow one
        List<AudioWindow> plain = new WindowCutter(spec(0, 0), RATE).cut("fast", beats(0.6, 10), s1Times(0.6, 10));
        assertTrue(correlation(a, envelope(plain.get(1).samples())) < 0.6);
    }

    @Test
    void implausibleSpansAreSkippedAndNoneFallsBackToFixedWindows() {
        WindowCutter cutter = new WindowCutter(spec(2, 0), RATE);
        float[] x = beats(1.0, 10);
        // detections 3 s apart: 1.5 s per cycle is plausible, 5 s apart (2.5 s per cycle) is not
        assertEquals(1, cutter.cut("r", x, new double[] {0.1, 1.6, 3.1}).size());
        List<AudioWindow> none = cutter.cut("r", x, new double[] {0.1, 5.1, 9.9});
        assertEquals(new WindowCutter(spec(0, 0), RATE).cut("r", x, new double[] {0.1, 5.1, 9.9}).size(),
                none.size(), "the S1-aligned fixed windows");
        assertEquals(3, new WindowCutter(spec(2, 3), RATE).cut("r", x, s1Times(1.0, 10)).size(), "max_windows");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AudioSpec.Window(2.0,
                1.0, AudioSpec.Pad.ZERO, 0.5, 0, AudioSpec.Select.SPREAD, AudioSpec.Align.NONE, 2));
        assertTrue(e.getMessage().contains("align"), e.getMessage());
    }
}
