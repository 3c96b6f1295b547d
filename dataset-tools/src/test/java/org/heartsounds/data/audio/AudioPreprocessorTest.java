package org.heartsounds.data.audio;

import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.AudioSpec;
import org.heartsounds.core.config.AudioSpec.Pad;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.heartsounds.data.audio.Signals.db;
import static org.heartsounds.data.audio.Signals.toneAmplitude;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AudioPreprocessorTest {
    private static final AudioSpec.BandPass OFF = new AudioSpec.BandPass(false, 25, 800, 4);

    private static AudioPreprocessor windowing(int rate, double seconds, double hop, Pad pad, double minLast,
                                               int max) {
        return new AudioPreprocessor(new AudioSpec(rate, false, OFF, AudioSpec.Normalize.NONE,
                new AudioSpec.Window(seconds, hop, pad, minLast, max, AudioSpec.Select.FIRST)));
    }

    private static float[] ramp(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return x;
    }

    /** max_windows spread: a 20 s recording at 4 kHz gives 19 windows of 2 s every 1 s; 5 kept, evenly spread. */
    @Test
    void maxWindowsSpreadsTheKeptWindowsFromStartToEnd() {
        AudioSpec.Window spread = new AudioSpec.Window(2.0, 1.0, Pad.ZERO, 0.5, 5, AudioSpec.Select.SPREAD);
        AudioPreprocessor p = new AudioPreprocessor(new AudioSpec(4000, false, OFF, AudioSpec.Normalize.NONE,
                spread));
        assertArrayEquals(new int[] {0, 18000, 36000, 54000, 72000}, p.windowStarts(80000), "0, 4.5, 9, 13.5, 18 s");
        List<AudioWindow> w = p.cut("long.wav", ramp(80000));
        assertEquals(5, w.size());
        assertEquals(13.5, w.get(3).startSeconds(), 1e-12);
        assertEquals(72000f, w.get(4).samples()[0], "the last window ends at the recording's end");
        assertEquals(79999f, w.get(4).samples()[7999]);
        // one window: the middle; fewer windows than the limit: the hop rule unchanged
        AudioPreprocessor one = new AudioPreprocessor(new AudioSpec(4000, false, OFF, AudioSpec.Normalize.NONE,
                new AudioSpec.Window(2.0, 1.0, Pad.ZERO, 0.5, 1, AudioSpec.Select.SPREAD)));
        assertArrayEquals(new int[] {36000}, one.windowStarts(80000));
        assertArrayEquals(new int[] {0, 4000, 8000}, p.windowStarts(16000));
        // a hop longer than the window: windows with gaps between them
        AudioPreprocessor gaps = new AudioPreprocessor(new AudioSpec(4000, false, OFF, AudioSpec.Normalize.NONE,
                new AudioSpec.Window(2.0, 5.0, Pad.ZERO, 0.5, 0, AudioSpec.Select.SPREAD)));
        assertArrayEquals(new int[] {0, 20000, 40000, 60000, 72000}, gaps.windowStarts(80000));
    }

    /** align s1: windows start at the anchors (detected S1s) that fit, a hop apart; max_windows then spreads them. */
    @Test
    void windowsStartAtTheAnchorsWhenAligned() {
        AudioSpec.Window aligned = new AudioSpec.Window(2.0, 1.0, Pad.ZERO, 0.5, 0, AudioSpec.Select.SPREAD,
                AudioSpec.Align.S1);
        AudioPreprocessor p = new AudioPreprocessor(new AudioSpec(4000, false, OFF, AudioSpec.Normalize.NONE,
                aligned));
        double[] s1 = {0.3, 0.9, 1.1, 2.0, 2.95, 3.9, 8.5};
        // 0.9 and 1.1 are under a 1 s hop after 0.3, 2.95 under a hop after 2.0; 8.5 + 2 s runs past the 10 s end
        List<AudioWindow> w = p.cut("r.wav", ramp(40000), s1);
        assertArrayEquals(new double[] {0.3, 2.0, 3.9}, w.stream().mapToDouble(AudioWindow::startSeconds)
                .toArray(), 1e-12);
        assertEquals(1200f, w.get(0).samples()[0]);
        AudioPreprocessor two = new AudioPreprocessor(new AudioSpec(4000, false, OFF, AudioSpec.Normalize.NONE,
                new AudioSpec.Window(2.0, 0.5, Pad.ZERO, 0.5, 2, AudioSpec.Select.SPREAD, AudioSpec.Align.S1)));
        assertArrayEquals(new double[] {0.3, 3.9}, two.cut("r.wav", ramp(40000), s1).stream()
                .mapToDouble(AudioWindow::startSeconds).toArray(), 1e-12, "the first and last of 0.3 0.9 2 2.95 3.9");
        // no anchors, or none that fits: the hop rule; align none ignores anchors
        assertEquals(9, p.cut("r.wav", ramp(40000), new double[0]).size());
        assertEquals(9, p.cut("r.wav", ramp(40000), new double[] {9.5}).size());
        AudioPreprocessor none = windowing(4000, 2.0, 1.0, Pad.ZERO, 0.5, 0);
        assertEquals(9, none.cut("r.wav", ramp(40000), s1).size());
    }

    /** Window starts (seconds) for signal lengths at 4 kHz under several window settings. */
    @ParameterizedTest(name = "win {0}s hop {1}s minLast {2} max {3}, n={4}")
    @CsvSource(delimiter = ';', value = {
        // defaults: 2 s windows every 1 s, min_last_fraction 0.5
        "2.0; 1.0; 0.5; 0; 3000; 0.0",
        "2.0; 1.0; 0.5; 0; 8000; 0.0",
        "2.0; 1.0; 0.5; 0; 8001; 0.0",
        "2.0; 1.0; 0.5; 0; 12000; 0.0 1.0",
        "2.0; 1.0; 0.5; 0; 15999; 0.0 1.0",
        "2.0; 1.0; 0.5; 0; 16000; 0.0 1.0 2.0",
        "2.0; 1.0; 0.5; 0; 40000; 0.0 1.0 2.0 3.0 4.0 5.0 6.0 7.0 8.0",
        // non-overlapping windows: the tail rule decides
        "2.0; 2.0; 0.5; 0; 11999; 0.0",
        "2.0; 2.0; 0.5; 0; 12000; 0.0 1.0",
        "2.0; 2.0; 0.5; 0; 14000; 0.0 1.5",
        "2.0; 2.0; 0.5; 0; 22000; 0.0 2.0 3.5",
        "2.0; 2.0; 0.0; 0; 8001; 0.0 0.00025",
        "2.0; 2.0; 1.0; 0; 15999; 0.0",
        "2.0; 2.0; 1.0; 0; 16000; 0.0 2.0",
        // hop smaller than the tail: 0.5 s hops, 1 s windows, min_last 0.2
        "1.0; 0.5; 0.2; 0; 5000; 0.0 0.25",
        "1.0; 0.5; 0.2; 0; 6900; 0.0 0.5 0.725",
        "1.0; 0.5; 0.2; 0; 6799; 0.0 0.5",
        "1.0; 0.5; 0.2; 0; 6000; 0.0 0.5",
        // max_windows
        "2.0; 1.0; 0.5; 2; 40000; 0.0 1.0",
        "2.0; 2.0; 0.5; 1; 14000; 0.0",
        "2.0; 2.0; 0.5; 2; 14000; 0.0 1.5",
    })
    void windowStartsAndCounts(double seconds, double hop, double minLast, int max, int n, String starts) {
        AudioPreprocessor p = windowing(4000, seconds, hop, Pad.ZERO, minLast, max);
        double[] expected = Arrays.stream(starts.split(" ")).mapToDouble(Double::parseDouble).toArray();
        float[] x = ramp(n);
        List<AudioWindow> windows = p.cut("rec.wav", x);
        assertEquals(expected.length, windows.size(), "window count");
        int len = (int) Math.round(seconds * 4000);
        for (int i = 0; i < expected.length; i++) {
            AudioWindow w = windows.get(i);
            assertEquals(expected[i], w.startSeconds(), 1e-12, "start of window " + i);
            assertEquals(i, w.index());
            assertEquals("rec.wav", w.recording());
            assertEquals(len, w.samples().length);
            int s = (int) Math.round(expected[i] * 4000);
            for (int j = 0; j < len; j++) {
                float want = s + j < n ? s + j : 0f;
                assertEquals(want, w.samples()[j], 0, "window " + i + " sample " + j);
            }
        }
    }

    @Test
    void padModesFillShortSignals() {
        float[] x = {1, 2, 3, 4, 5};
        // 500 Hz, 0.06 s -> 30 samples
        float[] zero = windowing(500, 0.06, 0.06, Pad.ZERO, 0.5, 0).cut("a", x).get(0).samples();
        float[] repeat = windowing(500, 0.06, 0.06, Pad.REPEAT, 0.5, 0).cut("a", x).get(0).samples();
        float[] reflect = windowing(500, 0.06, 0.06, Pad.REFLECT, 0.5, 0).cut("a", x).get(0).samples();
        float[] expZero = new float[30];
        System.arraycopy(x, 0, expZero, 0, 5);
        assertArrayEquals(expZero, zero);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5,
            1, 2, 3, 4, 5}, repeat);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 4, 3, 2, 1, 2, 3, 4, 5, 4, 3, 2, 1, 2, 3, 4, 5, 4, 3, 2, 1,
            2, 3, 4, 5, 4}, reflect);
        // a single sample: repeat and reflect both hold it
        float[] one = windowing(500, 0.06, 0.06, Pad.REFLECT, 0.5, 0).cut("a", new float[] {7}).get(0).samples();
        float[] sevens = new float[30];
        Arrays.fill(sevens, 7f);
        assertArrayEquals(sevens, one);
        assertArrayEquals(sevens, windowing(500, 0.06, 0.06, Pad.REPEAT, 0.5, 0).cut("a", new float[] {7})
                .get(0).samples());
        // two samples: reflect alternates
        float[] two = windowing(500, 0.06, 0.06, Pad.REFLECT, 0.5, 0).cut("a", new float[] {1, 2}).get(0)
                .samples();
        for (int i = 0; i < 30; i++) {
            assertEquals(i % 2 == 0 ? 1f : 2f, two[i]);
        }
    }

    @Test
    void windowLengthIsRoundedSecondsTimesRate() {
        AudioPreprocessor p = windowing(4000, 1.23456, 0.5, Pad.ZERO, 0.5, 0);
        assertEquals(4938, p.windowSamples());
        assertEquals(2000, p.hopSamples());
        for (int n : new int[] {1, 100, 4938, 4939, 10_000, 77_777}) {
            for (AudioWindow w : p.cut("r", new float[n])) {
                assertEquals(4938, w.samples().length);
            }
        }
    }

    @Test
    void emptyOrHugeSignalIsBadInput() {
        AudioPreprocessor p = windowing(4000, 2, 1, Pad.ZERO, 0.5, 0);
        BadInputException e = assertThrows(BadInputException.class, () -> p.cut("x.wav", new float[0]));
        assertTrue(e.getMessage().startsWith("x.wav: no samples left at 4000 Hz"), e.getMessage());
        AudioPreprocessor tiny = windowing(4000, 60, 0.00025, Pad.ZERO, 0.5, 0);
        BadInputException big = assertThrows(BadInputException.class, () -> tiny.cut("long.wav",
                new float[4000 * 120]));
        assertTrue(big.problem().contains("recording too long"), big.problem());
    }

    @Test
    void processRemovesDcResamplesAndNormalises() {
        int n = 3 * 8000;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.3 + 0.2 * Math.sin(2 * Math.PI * 200 * i / 8000));
        }
        float[] original = x.clone();
        AudioClip clip = new AudioClip(x, 8000, "tone.wav");
        AudioPreprocessor p = new AudioPreprocessor(AudioSpec.defaults());
        float[] y = p.process(clip);
        assertArrayEquals(original, clip.samples(), "clip untouched");
        assertEquals(12000, y.length);
        float peak = 0;
        double sum = 0;
        for (float v : y) {
            peak = Math.max(peak, Math.abs(v));
            sum += v;
        }
        assertEquals(1.0f, peak, 0f);
        assertEquals(0.0, sum / y.length, 1e-3);
        assertEquals(1.0, toneAmplitude(y, 200, 4000, 1000, 11000), 2e-3);
        // without DC removal the offset stays and the peak (0.5) is what gets scaled to 1
        AudioPreprocessor keepDc = new AudioPreprocessor(new AudioSpec(4000, false, OFF, AudioSpec.Normalize.PEAK,
                null));
        float[] z = keepDc.process(clip);
        assertEquals(0.4, toneAmplitude(z, 200, 4000, 1000, 11000), 2e-3);
        double mean = 0;
        for (int i = 1000; i < 11000; i++) {
            mean += z[i];
        }
        assertEquals(0.6, mean / 10000, 1e-3);
    }

    @Test
    void silenceAndConstantStayZero() {
        AudioPreprocessor p = new AudioPreprocessor(AudioSpec.defaults());
        float[] silent = p.process(new AudioClip(new float[8000], 8000, "silence.wav"));
        float[] constant = new float[8000];
        Arrays.fill(constant, 0.25f);
        float[] flat = p.process(new AudioClip(constant, 8000, "flat.wav"));
        for (float[] y : List.of(silent, flat)) {
            assertEquals(4000, y.length);
            for (float v : y) {
                assertEquals(0f, v, 0f);
            }
        }
        float[] tiny = {1e-12f, -1e-12f};
        assertArrayEquals(new float[] {1e-12f, -1e-12f}, AudioPreprocessor.normalize(tiny));
    }

    @Test
    void bandPassStageRemovesOutOfBandContent() {
        AudioSpec spec = new AudioSpec(4000, true, new AudioSpec.BandPass(true, 25, 800, 4),
                AudioSpec.Normalize.NONE, null);
        int n = 4 * 8000;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * 5 * i / 8000) + 0.1 * Math.sin(2 * Math.PI * 200 * i / 8000)
                    + 0.5 * Math.sin(2 * Math.PI * 2500 * i / 8000));
        }
        float[] y = new AudioPreprocessor(spec).process(new AudioClip(x, 8000, "mix.wav"));
        assertEquals(16000, y.length);
        assertEquals(0.1, toneAmplitude(y, 200, 4000, 2000, 14000), 1e-3);
        assertTrue(db(toneAmplitude(y, 5, 4000, 2000, 14000) / 0.5) < -60);
        // 2500 Hz at 8 kHz is above the 2 kHz output Nyquist: band-pass + resampler remove it (would alias to 1500)
        assertTrue(db(toneAmplitude(y, 1500, 4000, 2000, 14000) / 0.5) < -90);
    }

    @Test
    void bandPassNeedsASourceRateAboveTwiceTheUpperEdge() {
        AudioSpec spec = new AudioSpec(4000, true, new AudioSpec.BandPass(true, 25, 800, 4),
                AudioSpec.Normalize.PEAK, null);
        BadInputException e = assertThrows(BadInputException.class,
                () -> new AudioPreprocessor(spec).process(new AudioClip(new float[1500], 1500, "low.wav")));
        assertTrue(e.getMessage().startsWith("low.wav: sample rate 1500 Hz is too low"), e.getMessage());
    }

    @Test
    void windowsOfAClipUseItsSource() {
        AudioPreprocessor p = new AudioPreprocessor(AudioSpec.defaults());
        float[] x = new float[8000 * 5 / 2]; // 2.5 s at 8 kHz -> 10000 samples at 4 kHz -> windows at 0 s only
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 0.1);
        }
        List<AudioWindow> w = p.windows(new AudioClip(x, 8000, "dir/New_AS_001.wav"));
        assertEquals(1, w.size());
        assertEquals("dir/New_AS_001.wav", w.get(0).recording());
        assertEquals(8000, w.get(0).samples().length);
        assertArrayEquals(new int[] {0, 4000, 8000}, p.windowStarts(16000));
    }

    @Test
    void stagesAreSeparatelyCallable() {
        AudioPreprocessor p = new AudioPreprocessor(AudioSpec.defaults());
        float[] x = {1, 2, 3, 6};
        assertSame(x, AudioPreprocessor.removeDc(x));
        assertArrayEquals(new float[] {-2, -1, 0, 3}, x);
        assertSame(x, AudioPreprocessor.normalize(x));
        assertArrayEquals(new float[] {-2 / 3f, -1 / 3f, 0, 1}, x);
        assertSame(x, p.resample(x, 4000));
        assertSame(x, p.bandPass(x, 8000, "disabled"));
        float[] r = p.resample(new float[8000], 8000);
        assertNotSame(null, r);
        assertEquals(4000, r.length);
    }
}
