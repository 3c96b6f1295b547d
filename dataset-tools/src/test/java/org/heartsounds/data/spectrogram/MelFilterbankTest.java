package org.heartsounds.data.spectrogram;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MelFilterbankTest {

    @Test
    void hzToMelClosedForm() {
        // Linear part: mel = hz / (200 / 3):   0 Hz -> 0,   500 Hz -> 500 * 3 / 200 = 7.5,   1000 Hz -> 15.
        // Log part: mel = 15 + ln(hz / 1000) / (ln(6.4) / 27) = 15 + 27 ln(hz / 1000) / ln(6.4), ln(6.4) = 1.8562979904
        //   2000 Hz: 15 + 27 * 0.6931471806 / 1.8562979904 = 15 + 10.0818801573 = 25.0818801573
        //   4000 Hz: 15 + 27 * 1.3862943611 / 1.8562979904 = 15 + 20.1637603146 = 35.1637603146
        assertEquals(0.0, SlaneyMel.hzToMel(0), 1e-12);
        assertEquals(7.5, SlaneyMel.hzToMel(500), 1e-12);
        assertEquals(15.0, SlaneyMel.hzToMel(1000), 1e-12);
        assertEquals(25.0818801573, SlaneyMel.hzToMel(2000), 1e-9);
        assertEquals(35.1637603146, SlaneyMel.hzToMel(4000), 1e-9);
    }

    @Test
    void melToHzClosedFormAndRoundTrip() {
        // Inverse: hz = mel * 200 / 3 below 15 mel, else 1000 * exp(ln(6.4) / 27 * (mel - 15)).
        //   7.5 mel -> 500 Hz; 15 -> 1000 Hz; 25 -> 1000 exp(0.0687517774 * 10) = 1000 * 1.9887728181 = 1988.7728181
        //   42 mel -> 1000 exp(ln 6.4) = 6400 Hz (the scale's defining point)
        assertEquals(0.0, SlaneyMel.melToHz(0), 1e-12);
        assertEquals(500.0, SlaneyMel.melToHz(7.5), 1e-9);
        assertEquals(1000.0, SlaneyMel.melToHz(15), 1e-9);
        assertEquals(1988.7728181328, SlaneyMel.melToHz(25), 1e-7);
        assertEquals(6400.0, SlaneyMel.melToHz(42), 1e-7);
        for (double hz : new double[] {0, 20, 500, 999.999, 1000, 2000, 4000, 11025}) {
            assertEquals(hz, SlaneyMel.melToHz(SlaneyMel.hzToMel(hz)), 1e-9 * Math.max(1, hz));
        }
    }

    /*
     * Small filterbank, sr = 8000, nFft = 16, nMels = 3, fmin = 0, fmax = 4000, worked by hand:
     * FFT bins k = 0..8 at k * 8000 / 16 = 0, 500, 1000, ..., 4000 Hz.
     * mel(0) = 0, mel(4000) = 35.1637603146 (above); 5 equally spaced mel points: 0, 8.7909400787, 17.5818801573,
     * 26.3728202360, 35.1637603146. Back to Hz:
     *   8.7909400787 * 200 / 3                                = 586.0626719103
     *   1000 * exp(0.0687517774 * (17.5818801573 - 15)) = 1000 * exp(0.1775088499) = 1194.2386267515
     *   1000 * exp(0.0687517774 * (26.3728202360 - 15)) = 1000 * exp(0.7819016055) = 2185.6245118972
     *   4000
     * Filter i: triangle f[i] -> f[i+1] -> f[i+2], weight min(rise, fall) scaled by 2 / (f[i+2] - f[i]).
     * Filter 0 (0, 586.0627, 1194.2387), norm 2 / 1194.2387 = 1.6747071776e-3:
     *   500 Hz:  rise 500 / 586.0627 = 0.8531510775 (fall 694.2387 / 608.1760 = 1.14)     -> 1.4287782330e-3
     *   1000 Hz: fall (1194.2387 - 1000) / 608.1760 = 0.3193789975                         -> 5.3486629947e-4
     * Filter 1 (586.0627, 1194.2387, 2185.6245), norm 2 / 1599.5618 = 1.2503424063e-3:
     *   1000 Hz: rise 413.9373 / 608.1760 = 0.6806210025                                   -> 8.5100930205e-4
     *   1500 Hz: fall 685.6245 / 991.3859 = 0.6915818776                                   -> 8.6471414900e-4
     *   2000 Hz: fall 185.6245 / 991.3859 = 0.1872373963                                   -> 2.3411085668e-4
     * Filter 2 (1194.2387, 2185.6245, 4000), norm 2 / 2805.7614 = 7.1281899418e-4:
     *   1500 Hz: rise 305.7614 / 991.3859 = 0.3084181224                                   -> 2.1984629578e-4
     *   2000 Hz: rise 805.7614 / 991.3859 = 0.8127626037                                   -> 5.7935262166e-4
     *   2500 Hz: fall 1500 / 1814.3755 = 0.8267307456                                      -> 5.8930937851e-4
     *   3000 Hz: fall 1000 / 1814.3755 = 0.5511538304                                      -> 3.9287291901e-4
     *   3500 Hz: fall  500 / 1814.3755 = 0.2755769152                                      -> 1.9643645950e-4
     * All other weights are 0 (outside the triangle, or on its corners: 0 Hz, 4000 Hz).
     */
    private static final double[][] SMALL_BANK = {
            {0, 1.4287782330e-3, 5.3486629947e-4, 0, 0, 0, 0, 0, 0},
            {0, 0, 8.5100930205e-4, 8.6471414900e-4, 2.3411085668e-4, 0, 0, 0, 0},
            {0, 0, 0, 2.1984629578e-4, 5.7935262166e-4, 5.8930937851e-4, 3.9287291901e-4, 1.9643645950e-4, 0},
    };
    private static final double[] SMALL_POINTS = {0, 586.0626719103, 1194.2386267515, 2185.6245118972, 4000};
    /** Triangle heights before normalisation, to compare at 1e-6 absolute on O(1) numbers. */
    private static final double[][] SMALL_TRIANGLES = {
            {0, 0.8531510775, 0.3193789975, 0, 0, 0, 0, 0, 0},
            {0, 0, 0.6806210025, 0.6915818776, 0.1872373963, 0, 0, 0, 0},
            {0, 0, 0, 0.3084181224, 0.8127626037, 0.8267307456, 0.5511538304, 0.2755769152, 0},
    };

    @Test
    void smallFilterbankMatchesHandComputedWeights() {
        MelFilterbank bank = new MelFilterbank(8000, 16, 3, 0, 4000);
        assertArrayEquals(SMALL_POINTS, bank.pointsHz(), 1e-6);
        float[][] w = bank.weights();
        assertEquals(3, w.length);
        double[] norms = {1.6747071776e-3, 1.2503424063e-3, 7.1281899418e-4};
        for (int m = 0; m < 3; m++) {
            assertEquals(9, w[m].length);
            for (int k = 0; k < 9; k++) {
                assertEquals(SMALL_BANK[m][k], w[m][k], 1e-6, "filter " + m + " bin " + k);
                assertEquals(SMALL_BANK[m][k], w[m][k], 1e-6 * SMALL_BANK[m][k] + 1e-12, "relative, " + m + "," + k);
                assertEquals(SMALL_TRIANGLES[m][k], w[m][k] / norms[m], 1e-6, "triangle " + m + " bin " + k);
            }
        }
    }

    @Test
    void applyIsTheMatrixProductTransposed() {
        MelFilterbank bank = new MelFilterbank(8000, 16, 3, 0, 4000);
        // frame 0: unit power at bin 4 (2000 Hz); frame 1: power 2 at every bin
        float[][] power = new float[2][9];
        power[0][4] = 1f;
        java.util.Arrays.fill(power[1], 2f);
        float[][] mel = bank.apply(power);
        assertEquals(3, mel.length);
        assertEquals(2, mel[0].length);
        for (int m = 0; m < 3; m++) {
            assertEquals(SMALL_BANK[m][4], mel[m][0], 1e-9);
            double rowSum = 0;
            for (double v : SMALL_BANK[m]) {
                rowSum += v;
            }
            assertEquals(2 * rowSum, mel[m][1], 1e-8);
        }
        assertThrows(IllegalArgumentException.class, () -> bank.apply(new float[1][8]));
    }

    @Test
    void fmaxIsCappedAtNyquist() {
        MelFilterbank capped = new MelFilterbank(4000, 256, 128, 20, 8000);
        MelFilterbank exact = new MelFilterbank(4000, 256, 128, 20, 2000);
        assertEquals(2000.0, capped.fmax());
        assertEquals(2000.0, capped.pointsHz()[129], 1e-9);
        float[][] a = capped.weights();
        float[][] b = exact.weights();
        for (int m = 0; m < 128; m++) {
            assertArrayEquals(b[m], a[m]);
        }
        assertThrows(IllegalArgumentException.class, () -> new MelFilterbank(4000, 256, 128, 2000, 3000));
        assertThrows(IllegalArgumentException.class, () -> new MelFilterbank(0, 256, 128, 0, 3000));
    }

    @Test
    void defaultBankHasNoEmptyFilterAndTrianglesPeakAtTheirCentre() {
        // sr 4000, nFft 256 (15.625 Hz bins), 128 mels in 20..2000 Hz: the narrowest triangle spans two mel
        // steps of (25.0819 - 0.3) / 129 mel = 12.8 Hz each, i.e. 25.6 Hz > one bin, so every filter sees a bin.
        MelFilterbank bank = new MelFilterbank(4000, 256, 128, 20, 2000);
        assertEquals(0.3, SlaneyMel.hzToMel(20), 1e-12);
        float[][] w = bank.weights();
        for (int m = 0; m < 128; m++) {
            int argmax = 0;
            for (int k = 1; k < w[m].length; k++) {
                if (w[m][k] > w[m][argmax]) {
                    argmax = k;
                }
            }
            assertEquals(bank.centreHz(m), argmax * 15.625, 15.625, "filter " + m + " peaks away from its centre");
            assertTrue(w[m][argmax] > 0, "filter " + m + " is empty");
        }
    }
}
