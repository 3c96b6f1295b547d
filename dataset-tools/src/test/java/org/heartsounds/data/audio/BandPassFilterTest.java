package org.heartsounds.data.audio;

import org.heartsounds.core.config.AudioSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.heartsounds.data.audio.Signals.db;
import static org.heartsounds.data.audio.Signals.sine;
import static org.heartsounds.data.audio.Signals.toneAmplitude;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BandPassFilterTest {

    /** Digital response equals the analog Butterworth band-pass at the pre-warped frequency. */
    @ParameterizedTest(name = "{0}-{1} Hz order {2} at {3} Hz")
    @CsvSource({"25, 400, 4, 4000", "25, 800, 3, 4000", "100, 300, 2, 4000", "20, 1000, 8, 8000",
        "25, 800, 1, 44100", "40, 120, 5, 2000"})
    void responseMatchesAnalogPrototype(double lo, double hi, int order, int fs) {
        BandPassFilter f = new BandPassFilter(lo, hi, order, fs);
        assertEquals(order, f.sections());
        double k = 2.0 * fs;
        double w1 = k * Math.tan(Math.PI * lo / fs);
        double w2 = k * Math.tan(Math.PI * hi / fs);
        for (double hz = 1; hz < fs / 2.0; hz *= 1.07) {
            double w = k * Math.tan(Math.PI * hz / fs);
            double ratio = (w * w - w1 * w2) / (w * (w2 - w1));
            double analog = 1 / Math.sqrt(1 + Math.pow(ratio * ratio, order));
            assertEquals(analog, f.magnitudeAt(hz), 1e-9 + 1e-7 * analog, "at " + hz + " Hz");
        }
        assertEquals(-3.0103, db(f.magnitudeAt(lo)), 1e-3);
        assertEquals(-3.0103, db(f.magnitudeAt(hi)), 1e-3);
        assertEquals(1.0, f.magnitudeAt(Math.sqrt(w1 * w2) > 0 ? centreHz(w1, w2, fs) : 0), 1e-9);
    }

    private static double centreHz(double w1, double w2, int fs) {
        return Math.atan(Math.sqrt(w1 * w2) / (2.0 * fs)) * fs / Math.PI;
    }

    /** Magnitudes at fixed frequencies as computed by scipy.signal.butter + sosfreqz (fs = 4000). */
    @Test
    void magnitudesMatchScipy() {
        BandPassFilter f = new BandPassFilter(25, 400, 4, 4000);
        double[] hz = {10, 25, 100, 400, 1000, 1900};
        double[] scipy = {0.020727060409260336, 0.7071067811863874, 1.0000000000000069, 0.7071067811865468,
            0.008910632869491213, 3.3328156908112586e-07};
        for (int i = 0; i < hz.length; i++) {
            assertEquals(scipy[i], f.magnitudeAt(hz[i]), 1e-9 * Math.max(1, scipy[i] * 1e3), "at " + hz[i]);
        }
    }

    /**
     * Zero-phase output equals scipy.signal.sosfiltfilt (default odd padding of 3(2N+1) samples, steady-state
     * initial conditions) on the same float input, including the edge samples.
     */
    @ParameterizedTest(name = "{0}-{1} Hz order {2}")
    @CsvSource({
        "25, 400, 4, 0.310019934, 0.470762558, 0.614879856, -0.835238443, 0.102237679, -0.062890032, -0.040432293",
        "25, 800, 3, 0.128461858, 0.444838184, 0.61245758, -0.718743976, 0.13966189, -0.072362137, -0.059088855",
        "100, 300, 2, 0.045087947, 0.106475546, 0.156481575, -0.008246857, 0.012822289, 0.047217548, 0.031050804"})
    void filtfiltMatchesScipy(double lo, double hi, int order, double y0, double y1, double y2, double y50,
                              double y199, double y398, double y399) {
        int n = 400;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (Math.sin(2 * Math.PI * 50 * i / 4000) + 0.5 * Math.sin(2 * Math.PI * 1500 * i / 4000)
                    + 0.3 * (((i * 7919L) % 101) / 50.0 - 1));
        }
        float[] y = new BandPassFilter(lo, hi, order, 4000).filtfilt(x);
        int[] idx = {0, 1, 2, 50, 199, 398, 399};
        double[] expected = {y0, y1, y2, y50, y199, y398, y399};
        for (int i = 0; i < idx.length; i++) {
            assertEquals(expected[i], y[idx[i]], 2e-6, "sample " + idx[i]);
        }
    }

    /**
     * In-band tones pass, out-of-band tones are attenuated (25-800 Hz, order 4, fs 4000, zero-phase so |H|^2).
     * Expected dB are scipy's (40 log10 |sosfreqz|); the measured tone gain must agree, except below -95 dB where
     * float32 signals only allow asserting "at least 95 dB down".
     */
    @ParameterizedTest(name = "{0} Hz -> {1} dB")
    @CsvSource({
        "150, 0.0, 0.01", "300, -0.000158, 0.01", "60, -0.00252, 0.01",
        "25, -6.0206, 0.05", "800, -6.0206, 0.05",
        "10, -65.2855, 0.5", "1200, -45.8197, 0.2", "5, -113.6726, 0", "1600, -102.1134, 0", "1900, -200.7386, 0"})
    void tonesPassOrAreAttenuated(double hz, double expectedDb, double tolDb) {
        int fs = 4000;
        BandPassFilter f = new BandPassFilter(25, 800, 4, fs);
        assertEquals(expectedDb, 2 * db(f.magnitudeAt(hz)), 1e-3, "designed response");
        float[] y = f.filtfilt(sine(hz, 1.0, fs, 8 * fs));
        double measured = db(toneAmplitude(y, hz, fs, fs, 7 * fs));
        if (expectedDb > -95) {
            assertEquals(expectedDb, measured, tolDb, "measured on a " + hz + " Hz tone");
        } else {
            assertTrue(measured < -95, "measured " + measured + " dB at " + hz + " Hz");
        }
    }

    @Test
    void zeroPhaseKeepsPulsePositionAndSymmetry() {
        float[] x = new float[2001];
        x[1000] = 1f;
        float[] y = new BandPassFilter(25, 400, 4, 4000).filtfilt(x);
        int peak = 0;
        for (int i = 1; i < y.length; i++) {
            if (Math.abs(y[i]) > Math.abs(y[peak])) {
                peak = i;
            }
        }
        assertEquals(1000, peak);
        for (int d = 1; d < 300; d++) {
            assertEquals(y[1000 - d], y[1000 + d], 1e-6, "symmetry at offset " + d);
        }
    }

    @Test
    void constantInputGivesNearZeroAndShortInputsWork() {
        float[] dc = new float[1000];
        java.util.Arrays.fill(dc, 0.7f);
        float[] y = new BandPassFilter(25, 800, 4, 4000).filtfilt(dc);
        for (float v : y) {
            assertEquals(0, v, 1e-9);
        }
        assertArrayEquals(new float[0], new BandPassFilter(25, 800, 4, 4000).filtfilt(new float[0]));
        assertEquals(1, new BandPassFilter(25, 800, 4, 4000).filtfilt(new float[] {0.5f}).length);
        assertEquals(5, new BandPassFilter(25, 800, 4, 4000).filtfilt(new float[] {1, -1, 1, -1, 1}).length);
        assertEquals(27, new BandPassFilter(25, 800, 4, 4000).padLength(10_000));
        assertEquals(9, new BandPassFilter(25, 800, 4, 4000).padLength(10));
    }

    @Test
    void fromSpecAndValidation() {
        BandPassFilter f = BandPassFilter.of(new AudioSpec.BandPass(true, 30, 600, 6), 8000);
        assertEquals(6, f.sections());
        assertEquals(30, f.lowHz());
        assertEquals(600, f.highHz());
        assertEquals(6, f.coefficients().length);
        assertEquals(1.0, f.coefficients()[0][3]);
        assertThrows(IllegalArgumentException.class, () -> new BandPassFilter(25, 2000, 4, 4000));
        assertThrows(IllegalArgumentException.class, () -> new BandPassFilter(0, 200, 4, 4000));
        assertThrows(IllegalArgumentException.class, () -> new BandPassFilter(300, 200, 4, 4000));
        assertThrows(IllegalArgumentException.class, () -> new BandPassFilter(25, 800, 0, 4000));
    }

    @Test
    void causalPassHasTheDesignedGainAtCentre() {
        BandPassFilter f = new BandPassFilter(100, 400, 3, 4000);
        double centre = 200.0;
        float[] y = f.filterCausal(sine(centre, 1.0, 4000, 16000));
        assertEquals(f.magnitudeAt(centre), toneAmplitude(y, centre, 4000, 4000, 16000), 1e-3);
    }
}
