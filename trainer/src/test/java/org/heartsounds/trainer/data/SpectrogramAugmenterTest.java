package org.heartsounds.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.heartsounds.core.config.TrainSpec;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Time shift as an exact circular roll, masks within their bounds, seeded reproducibility, no side effects. */
class SpectrogramAugmenterTest {
    private static final int B = 16;
    private static final int C = 3;
    private static final int H = 12;
    private static final int W = 20;

    /** value(n, c, y, x) = 1 + x + 100 y + 10000 c + 1e5 n: never 0, every element distinct. */
    private static INDArray ramp() {
        float[] v = new float[B * C * H * W];
        int i = 0;
        for (int n = 0; n < B; n++) {
            for (int c = 0; c < C; c++) {
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        v[i++] = 1 + x + 100 * y + 10_000 * c + 100_000 * n;
                    }
                }
            }
        }
        return Nd4j.create(v, new long[] {B, C, H, W}, 'c');
    }

    private static float at(INDArray a, int n, int c, int y, int x) {
        return a.getFloat(n, c, y, x);
    }

    @Test
    void timeShiftIsAnExactCircularRollWithinTheMaximum() {
        INDArray in = ramp();
        INDArray before = in.dup();
        double fraction = 0.25;
        int maxShift = (int) Math.floor(fraction * W); // 5
        INDArray out = new SpectrogramAugmenter(new TrainSpec.Augment(fraction, 0, 0.1, 0, 0.1))
                .apply(in, new Random(3));
        assertArrayEquals(in.shape(), out.shape());
        assertEquals(DataType.FLOAT, out.dataType());
        Set<Integer> shifts = new HashSet<>();
        for (int n = 0; n < B; n++) {
            // the column where input column 0 landed is the shift
            int shift = -1;
            for (int x = 0; x < W; x++) {
                if (at(out, n, 0, 0, x) == at(in, n, 0, 0, 0)) {
                    shift = x;
                }
            }
            assertTrue(shift >= 0, "input column 0 of image " + n + " is somewhere in the output");
            int signed = shift > W / 2 ? shift - W : shift;
            assertTrue(Math.abs(signed) <= maxShift, "shift " + signed + " of image " + n + " within ±" + maxShift);
            shifts.add(signed);
            for (int c = 0; c < C; c++) {
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        assertEquals(at(in, n, c, y, x), at(out, n, c, y, Math.floorMod(x + signed, W)),
                                "image " + n + " channel " + c + " row " + y + " column " + x);
                    }
                }
            }
        }
        assertTrue(shifts.size() >= 4, "16 images get several different shifts: " + shifts);
        assertTrue(shifts.stream().anyMatch(s -> s < 0) && shifts.stream().anyMatch(s -> s > 0), shifts.toString());
        assertEquals(before, in, "input not modified");
    }

    @Test
    void timeMasksZeroWholeColumnBandsWithinTheMaximumWidthAndNothingElse() {
        INDArray in = ramp();
        INDArray before = in.dup();
        int masks = 2;
        double maxFraction = 0.2;
        int maxWidth = (int) Math.floor(maxFraction * W); // 4
        INDArray out = new SpectrogramAugmenter(new TrainSpec.Augment(0, masks, maxFraction, 0, 0.1))
                .apply(in, new Random(5));
        int maskedImages = 0;
        for (int n = 0; n < B; n++) {
            boolean[] zeroColumn = new boolean[W];
            int zeroed = 0;
            for (int x = 0; x < W; x++) {
                zeroColumn[x] = at(out, n, 0, 0, x) == 0f;
                for (int c = 0; c < C; c++) {
                    for (int y = 0; y < H; y++) {
                        float expected = zeroColumn[x] ? 0f : at(in, n, c, y, x);
                        assertEquals(expected, at(out, n, c, y, x),
                                "image " + n + ": a column is either zeroed in every channel and row or untouched");
                    }
                }
                zeroed += zeroColumn[x] ? 1 : 0;
            }
            assertTrue(zeroed <= masks * maxWidth, "image " + n + ": " + zeroed + " zeroed columns > " + masks
                    + " x " + maxWidth);
            assertTrue(runs(zeroColumn) <= masks, "image " + n + ": at most " + masks + " bands");
            maskedImages += zeroed > 0 ? 1 : 0;
        }
        assertTrue(maskedImages >= B / 2, "most of 16 images get a non-empty mask, got " + maskedImages);
        assertEquals(before, in);
    }

    @Test
    void frequencyMasksZeroWholeRowBandsWithinTheMaximumHeightAndNothingElse() {
        INDArray in = ramp();
        int masks = 1;
        double maxFraction = 0.5;
        int maxHeight = (int) Math.floor(maxFraction * H); // 6
        INDArray out = new SpectrogramAugmenter(new TrainSpec.Augment(0, 0, 0.1, masks, maxFraction))
                .apply(in, new Random(9));
        int maskedImages = 0;
        for (int n = 0; n < B; n++) {
            boolean[] zeroRow = new boolean[H];
            int zeroed = 0;
            for (int y = 0; y < H; y++) {
                zeroRow[y] = at(out, n, 0, y, 0) == 0f;
                for (int c = 0; c < C; c++) {
                    for (int x = 0; x < W; x++) {
                        assertEquals(zeroRow[y] ? 0f : at(in, n, c, y, x), at(out, n, c, y, x),
                                "image " + n + " channel " + c + " row " + y + " column " + x);
                    }
                }
                zeroed += zeroRow[y] ? 1 : 0;
            }
            assertTrue(zeroed <= maxHeight, "image " + n + ": " + zeroed + " zeroed rows > " + maxHeight);
            assertTrue(runs(zeroRow) <= masks, "one contiguous band");
            maskedImages += zeroed > 0 ? 1 : 0;
        }
        assertTrue(maskedImages >= B / 2, "most images masked, got " + maskedImages);
    }

    @Test
    void sameSeedSameOutputOtherSeedOtherOutput() {
        TrainSpec.Augment all = new TrainSpec.Augment(0.3, 2, 0.2, 2, 0.2);
        SpectrogramAugmenter aug = new SpectrogramAugmenter(all);
        INDArray in = ramp();
        INDArray a = aug.apply(in, new Random(42));
        INDArray b = aug.apply(in, new Random(42));
        INDArray c = aug.apply(in, new Random(43));
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertNotEquals(in, a);
        assertEquals(ramp(), in, "input not modified");
    }

    @Test
    void disabledAugmentationIsTheIdentity() {
        TrainSpec.Augment off = TrainSpec.Augment.defaults();
        assertFalse(off.enabled());
        INDArray in = ramp();
        assertEquals(in, new SpectrogramAugmenter(off).apply(in, new Random(1)));
        assertTrue(new TrainSpec.Augment(0.1, 0, 0.1, 0, 0.1).enabled());
        assertFalse(new TrainSpec.Augment(0, 3, 0, 0, 0.1).enabled(), "masks of width 0 do nothing");
    }

    private static int runs(boolean[] flags) {
        int runs = 0;
        for (int i = 0; i < flags.length; i++) {
            if (flags[i] && (i == 0 || !flags[i - 1])) {
                runs++;
            }
        }
        return runs;
    }

    /** Mixup blends images and labels by the same weight, with a permutation of the batch, seeded by the random. */
    @Test
    void mixupBlendsImagesAndLabelsByTheSameWeight() {
        float[][][][] x = new float[4][3][2][2];
        float[][] y = new float[4][4];
        for (int n = 0; n < 4; n++) {
            for (float[][] plane : x[n]) {
                for (float[] row : plane) {
                    java.util.Arrays.fill(row, n + 1);
                }
            }
            y[n][n] = 1;
        }
        SpectrogramAugmenter aug = new SpectrogramAugmenter(new TrainSpec.Augment(0, 0, 0.1, 0, 0.1, 0.4));
        org.nd4j.linalg.dataset.DataSet a = aug.mix(Nd4j.create(x), Nd4j.create(y), new java.util.Random(3));
        org.nd4j.linalg.dataset.DataSet b = aug.mix(Nd4j.create(x), Nd4j.create(y), new java.util.Random(3));
        assertEquals(a.getFeatures(), b.getFeatures(), "same seed, same batch");
        boolean mixed = false;
        for (int n = 0; n < 4; n++) {
            double[] labels = a.getLabels().getRow(n).toDoubleVector();
            assertEquals(1.0, java.util.Arrays.stream(labels).sum(), 1e-6, "soft labels still sum to 1");
            // the image is sum_k labels[k] * (k + 1): the same weights mix images and labels
            double expected = 0;
            for (int k = 0; k < 4; k++) {
                expected += labels[k] * (k + 1);
            }
            assertEquals(expected, a.getFeatures().getDouble(n, 0, 0, 0), 1e-5);
            mixed |= labels[n] < 0.999;
        }
        assertTrue(mixed, "some example is blended with another");
        org.nd4j.linalg.dataset.DataSet off = new SpectrogramAugmenter(new TrainSpec.Augment(0.1, 0, 0.1, 0, 0.1))
                .mix(Nd4j.create(x), Nd4j.create(y), new java.util.Random(3));
        assertEquals(Nd4j.create(y), off.getLabels(), "mixup 0 leaves the batch as it is");
        assertThrows(IllegalArgumentException.class, () -> new TrainSpec.Augment(0, 0, 0.1, 0, 0.1, -1));
    }
}
