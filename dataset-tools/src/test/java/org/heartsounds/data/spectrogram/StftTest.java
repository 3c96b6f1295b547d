package org.heartsounds.data.spectrogram;

import org.heartsounds.core.config.SpectrogramSpec.WindowFunction;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StftTest {
    private static final int SR = 4000;
    private static final int N = 256;

    @Test
    void periodicHannCentredInNfft() {
        // winLength 8 in nFft 16: left pad (16 - 8) / 2 = 4; w[n] = 0.5 - 0.5 cos(2 pi n / 8)
        float[] w = Windows.centred(WindowFunction.HANN, 8, 16);
        float[] expected = {0, 0, 0, 0,
                0f, 0.14644661f, 0.5f, 0.85355339f, 1f, 0.85355339f, 0.5f, 0.14644661f,
                0, 0, 0, 0};
        assertArrayEquals(expected, w, 1e-7f);
    }

    @Test
    void periodicHammingOddLengthLeftPadIsFloorOfHalf() {
        // winLength 7 in 16: left pad (16 - 7) / 2 = 4, right pad 5; w[n] = 0.54 - 0.46 cos(2 pi n / 7)
        float[] w = Windows.centred(WindowFunction.HAMMING, 7, 16);
        for (int i = 0; i < 4; i++) {
            assertEquals(0f, w[i]);
        }
        for (int n = 0; n < 7; n++) {
            assertEquals(0.54 - 0.46 * Math.cos(2 * Math.PI * n / 7), w[4 + n], 1e-7);
        }
        for (int i = 11; i < 16; i++) {
            assertEquals(0f, w[i]);
        }
        assertEquals(0.08f, w[4], 1e-7f);
    }

    @Test
    void reflectPaddingMatchesNumpyReflect() {
        // numpy.pad([1,2,3,4,5], 2, 'reflect') = [3 2 1 2 3 4 5 4 3]
        assertArrayEquals(new float[] {3, 2, 1, 2, 3, 4, 5, 4, 3}, pad(new float[] {1, 2, 3, 4, 5}, 2));
        // numpy.pad([1,2,3], 7, 'reflect') = [2 3 2 1 2 3 2 1 2 3 2 1 2 3 2 1 2] (repeated reflection)
        assertArrayEquals(new float[] {2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2},
                pad(new float[] {1, 2, 3}, 7));
        // numpy.pad([5.], 3, 'reflect') = [5 5 5 5 5 5 5]
        assertArrayEquals(new float[] {5, 5, 5, 5, 5, 5, 5}, pad(new float[] {5}, 3));
    }

    private static float[] pad(float[] x, int pad) {
        float[] out = new float[x.length + 2 * pad];
        Stft.reflectPad(x, pad, out);
        return out;
    }

    @Test
    void frameCountIsOnePlusLengthOverHop() {
        assertEquals(251, Stft.frameCount(8000, 32));
        assertEquals(251, Stft.frameCount(8031, 32));
        assertEquals(252, Stft.frameCount(8032, 32));
        assertEquals(1, Stft.frameCount(31, 32));
        Stft stft = new Stft(N, N, 32, WindowFunction.HANN);
        for (int len : new int[] {1, 31, 32, 100, 8000, 8033}) {
            float[][] p = stft.power(new float[len]);
            assertEquals(1 + len / 32, p.length, "frames for length " + len);
            assertEquals(129, p[0].length);
        }
    }

    @Test
    void hannWindowedBinCentredCosineHasAnalyticPeak() {
        // x[n] = A cos(2 pi k0 n / N + phi), k0 = 32 (500 Hz at 4 kHz, N = 256). With the periodic Hann window,
        // X[k] = A/2 (e^{i phi} W[k - k0] + e^{-i phi} W[k + k0]) where W[0] = N/2, W[+-1] = -N/4, else 0.
        // So |X[k0]| = A N / 4 -> power (A N / 4)^2 = 4096 for A = 1, |X[k0 +- 1]| = A N / 8 -> 1024, others 0.
        float[][] p = new Stft(N, N, 32, WindowFunction.HANN).power(cosine(500.0, 1.0, 0.3, 8000));
        for (int t = 10; t < 240; t += 23) {
            assertEquals(4096.0, p[t][32], 4096.0 * 1e-3, "frame " + t);
            assertEquals(1024.0, p[t][31], 1024.0 * 1e-3);
            assertEquals(1024.0, p[t][33], 1024.0 * 1e-3);
            for (int k = 0; k < 129; k++) {
                if (Math.abs(k - 32) > 1) {
                    assertTrue(p[t][k] < 1e-4, "leak at bin " + k + ": " + p[t][k]);
                }
            }
        }
    }

    @Test
    void hammingWindowedBinCentredCosineHasAnalyticPeak() {
        // Periodic Hamming: W[0] = 0.54 N, W[+-1] = -0.23 N. |X[k0]| = 0.27 A N = 69.12 -> 4777.5744;
        // |X[k0 +- 1]| = 0.115 A N = 29.44 -> 866.7136 (A = 0.5 scales both by 0.25).
        float[][] p = new Stft(N, N, 32, WindowFunction.HAMMING).power(cosine(1000.0, 0.5, 1.1, 8000));
        int k0 = 64;
        for (int t = 10; t < 240; t += 31) {
            assertEquals(0.25 * 4777.5744, p[t][k0], 0.25 * 4777.5744 * 1e-3);
            assertEquals(0.25 * 866.7136, p[t][k0 - 1], 0.25 * 866.7136 * 1e-3);
            assertEquals(0.25 * 866.7136, p[t][k0 + 1], 0.25 * 866.7136 * 1e-3);
        }
    }

    @Test
    void parsevalHoldsForAnInteriorFrame() {
        // sum over all N bins of |X_k|^2 = N * sum_n (w[n] x[n])^2; one-sided: P0 + P_{N/2} + 2 sum_{0<k<N/2} Pk
        float[] x = noise(8000, 3);
        float[] w = Windows.centred(WindowFunction.HANN, N, N);
        float[][] p = new Stft(N, N, 32, WindowFunction.HANN).power(x);
        int t = 100;
        int start = t * 32 - N / 2;
        double energy = 0;
        for (int n = 0; n < N; n++) {
            double v = w[n] * x[start + n];
            energy += v * v;
        }
        double spectral = p[t][0] + p[t][N / 2];
        for (int k = 1; k < N / 2; k++) {
            spectral += 2 * p[t][k];
        }
        assertEquals(N * energy, spectral, N * energy * 1e-4);
    }

    @Test
    void matchesNaiveDftOfReflectPaddedFramesIncludingShortSignals() {
        // length 50 < nFft / 2 = 64: padding needs repeated reflection (numpy semantics)
        for (int len : new int[] {50, 700}) {
            float[] x = noise(len, len);
            int nFft = 128;
            int hop = 20;
            float[] w = Windows.centred(WindowFunction.HANN, 100, nFft);
            float[][] p = new Stft(nFft, 100, hop, WindowFunction.HANN).power(x);
            assertEquals(1 + len / hop, p.length);
            for (int t = 0; t < p.length; t++) {
                for (int k = 0; k <= nFft / 2; k++) {
                    double re = 0;
                    double im = 0;
                    for (int n = 0; n < nFft; n++) {
                        double v = w[n] * x[Stft.mirror(t * hop - nFft / 2 + n, len)];
                        re += v * Math.cos(2 * Math.PI * k * n / nFft);
                        im -= v * Math.sin(2 * Math.PI * k * n / nFft);
                    }
                    double expected = re * re + im * im;
                    assertEquals(expected, p[t][k], 1e-4 * Math.max(1.0, expected), "len " + len + " frame " + t
                            + " bin " + k);
                }
            }
        }
    }

    @Test
    void rejectsEmptyAndNonFiniteSignals() {
        Stft stft = new Stft(N, N, 32, WindowFunction.HANN);
        assertThrows(IllegalArgumentException.class, () -> stft.power(new float[0]));
        float[] x = new float[100];
        x[42] = Float.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> stft.power(x));
        assertTrue(e.getMessage().contains("sample 42"), e.getMessage());
        x[42] = Float.POSITIVE_INFINITY;
        assertThrows(IllegalArgumentException.class, () -> stft.power(x));
    }

    @Test
    void reusedInstanceGivesIdenticalResults() {
        Stft stft = new Stft(N, N, 32, WindowFunction.HANN);
        float[] a = noise(8000, 1);
        float[][] first = stft.power(a);
        stft.power(noise(3000, 2));
        float[][] again = stft.power(a);
        for (int t = 0; t < first.length; t++) {
            assertArrayEquals(first[t], again[t]);
        }
    }

    static float[] cosine(double hz, double amplitude, double phase, int length) {
        float[] x = new float[length];
        for (int n = 0; n < length; n++) {
            x[n] = (float) (amplitude * Math.cos(2 * Math.PI * hz * n / SR + phase));
        }
        return x;
    }

    static float[] noise(int length, long seed) {
        Random random = new Random(seed);
        float[] x = new float[length];
        for (int n = 0; n < length; n++) {
            x[n] = (float) random.nextGaussian();
        }
        return x;
    }
}
