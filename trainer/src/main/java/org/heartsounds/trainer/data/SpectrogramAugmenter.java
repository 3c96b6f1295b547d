package org.heartsounds.trainer.data;

import java.util.Random;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.heartsounds.core.config.TrainSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training-only augmentation of normalised spectrogram batches {@code [b, 3, H, W]} (W = time, H = frequency):
 * <ul>
 *   <li>time shift: each image rolled circularly along time by a uniform offset in
 *       {@code [-timeShift·W, timeShift·W]} (heart sounds are quasi-periodic, so a roll keeps them plausible);</li>
 *   <li>time / frequency masks (SpecAugment, Park et al. 2019): {@code timeMasks} bands of uniform width in
 *       {@code [0, timeMaskMax·W]} columns, {@code freqMasks} bands of up to {@code freqMaskMax·H} rows, set to 0,
 *       the normalised mean.</li>
 * </ul>
 * and, after them, mixup ({@code train.augment.mixup}, Zhang et al. 2018): the batch blended with a random
 * permutation of itself, {@code x = l x + (1 - l) x[perm]} and the same for the labels (soft targets for the
 * cross-entropy), {@code l} drawn from Beta(alpha, alpha) by Apache Commons Math once per batch. Blending keeps both
 * axes of every spectrogram where they are.
 * Random flips and crops are deliberately absent: they destroy a spectrogram's time and frequency axes. Written by
 * hand: DataVec's image transforms work on decoded images before normalisation and have no SpecAugment masks.
 */
public final class SpectrogramAugmenter {
    private final TrainSpec.Augment spec;

    public SpectrogramAugmenter(TrainSpec.Augment spec) {
        this.spec = spec;
    }

    /** Returns an augmented copy of {@code batch}; the input is not modified. */
    public INDArray apply(INDArray batch, Random random) {
        long[] shape = batch.shape();
        int b = (int) shape[0];
        int c = (int) shape[1];
        int h = (int) shape[2];
        int w = (int) shape[3];
        float[] src = batch.dup('c').data().asFloat();
        float[] dst = new float[src.length];
        int plane = h * w;
        for (int n = 0; n < b; n++) {
            int maxShift = (int) Math.floor(spec.timeShift() * w);
            int shift = maxShift > 0 ? random.nextInt(2 * maxShift + 1) - maxShift : 0;
            for (int ch = 0; ch < c; ch++) {
                int base = (n * c + ch) * plane;
                for (int y = 0; y < h; y++) {
                    int row = base + y * w;
                    for (int x = 0; x < w; x++) {
                        dst[row + Math.floorMod(x + shift, w)] = src[row + x];
                    }
                }
            }
            for (int m = 0; m < spec.timeMasks(); m++) {
                int[] band = band(random, spec.timeMaskMax(), w);
                for (int ch = 0; ch < c; ch++) {
                    int base = (n * c + ch) * plane;
                    for (int y = 0; y < h; y++) {
                        java.util.Arrays.fill(dst, base + y * w + band[0], base + y * w + band[1], 0f);
                    }
                }
            }
            for (int m = 0; m < spec.freqMasks(); m++) {
                int[] band = band(random, spec.freqMaskMax(), h);
                for (int ch = 0; ch < c; ch++) {
                    int base = (n * c + ch) * plane;
                    java.util.Arrays.fill(dst, base + band[0] * w, base + band[1] * w, 0f);
                }
            }
        }
        return Nd4j.create(dst, shape, 'c').castTo(DataType.FLOAT);
    }

    /** The batch mixed with a permutation of itself ({@code train.augment.mixup}); unchanged when mixup is off. */
    public DataSet mix(INDArray x, INDArray y, Random random) {
        if (!(spec.mixup() > 0) || x.size(0) < 2) {
            return new DataSet(x, y);
        }
        double lambda = new BetaDistribution(new Well19937c(random.nextLong()), spec.mixup(), spec.mixup()).sample();
        int n = (int) x.size(0);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        INDArray xf = x.reshape('c', n, x.length() / n);
        INDArray xp = Nd4j.pullRows(xf, 1, perm).reshape('c', x.shape());
        INDArray yp = Nd4j.pullRows(y, 1, perm);
        INDArray mx = x.mul(lambda).addi(xp.muli(1 - lambda));
        INDArray my = y.mul(lambda).addi(yp.muli(1 - lambda));
        return new DataSet(mx, my);
    }

    /** [start, end) of a band of uniform width in [0, maxFraction·size], uniformly placed. */
    private static int[] band(Random random, double maxFraction, int size) {
        int maxWidth = (int) Math.floor(maxFraction * size);
        int width = maxWidth > 0 ? random.nextInt(maxWidth + 1) : 0;
        int start = random.nextInt(size - width + 1);
        return new int[] {start, start + width};
    }
}
