package org.heartsounds.trainer.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The minibatches of one training epoch over in-memory features: a permutation seeded by (seed, epoch), so a resumed
 * run sees exactly the batches an uninterrupted one would, and optional training-only augmentation seeded the same
 * way. A last batch of a single example is dropped (BatchNorm cannot normalise one example).
 *
 * <p>With waveform variants ({@code audio.augment.copies} = K), {@code features} holds K + 1 blocks of the N
 * examples' rows (block 0 the windows themselves, block k their k-th variant, same order) and {@code labels} the N
 * examples' labels; each epoch shows every example once, as block 0 or one of its variants, drawn uniformly per
 * example from a generator seeded by (seed, epoch).
 */
public final class EpochBatches {
    private final INDArray features;
    private final INDArray labels;
    private final int batchSize;
    private final long seed;
    private final SpectrogramAugmenter augmenter;
    private final int copies;

    public EpochBatches(INDArray features, INDArray labels, int batchSize, long seed, SpectrogramAugmenter augmenter) {
        this(features, labels, batchSize, seed, augmenter, 0);
    }

    /** Batches over {@code copies + 1} blocks of rows per example (the windows and their waveform variants). */
    public EpochBatches(INDArray features, INDArray labels, int batchSize, long seed, SpectrogramAugmenter augmenter,
                        int copies) {
        if (copies < 0 || features.size(0) != labels.size(0) * (copies + 1)) {
            throw new IllegalArgumentException("features (" + features.size(0) + " rows) must be " + (copies + 1)
                    + " blocks of the " + labels.size(0) + " labels' rows");
        }
        this.copies = copies;
        this.features = features;
        this.labels = labels;
        this.batchSize = batchSize;
        this.seed = seed;
        this.augmenter = augmenter;
    }

    /** The examples' own rows (with waveform variants: block 0, the windows themselves). */
    public INDArray features() {
        if (copies == 0) {
            return features;
        }
        return features.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, labels.size(0))).dup('c');
    }

    public INDArray labels() {
        return labels;
    }

    public int examples() {
        return (int) labels.size(0);
    }

    /** Waveform variants per example (0 = none). */
    public int copies() {
        return copies;
    }

    /** Number of batches per epoch. */
    public int batchesPerEpoch() {
        int n = examples();
        int full = n / batchSize;
        int rest = n % batchSize;
        return full + (rest >= 2 || full == 0 ? 1 : 0);
    }

    /** The permutation of example indices for {@code epoch} (1-based). */
    public int[] permutation(int epoch) {
        int n = examples();
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        Random rnd = new Random(mix(seed, epoch, 0x5DEECE66DL));
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** The batches of {@code epoch} (1-based), augmented when an augmenter is set. */
    public List<DataSet> epoch(int epoch) {
        return timedEpoch(epoch).batches();
    }

    /** An epoch's batches and the seconds spent assembling them and augmenting them. */
    public record Epoch(List<DataSet> batches, double dataSeconds, double augmentSeconds) {
    }

    /** As {@link #epoch}, timing the assembly (shuffle, row gathering) and the augmentation separately. */
    public Epoch timedEpoch(int epoch) {
        long start = System.nanoTime();
        long augmentNanos = 0;
        int[] p = permutation(epoch);
        Random augRandom = new Random(mix(seed, epoch, 0x2545F4914F6CDD1DL));
        Random variantRandom = new Random(mix(seed, epoch, 0x632BE59BD9B4E019L));
        int n = examples();
        List<DataSet> out = new ArrayList<>();
        INDArray flat = features.reshape('c', features.size(0), features.length() / features.size(0));
        for (int b = 0; b < batchesPerEpoch(); b++) {
            int from = b * batchSize;
            int to = Math.min(p.length, from + batchSize);
            int[] idx = java.util.Arrays.copyOfRange(p, from, to);
            int[] rows = idx;
            if (copies > 0) {
                rows = idx.clone();
                for (int i = 0; i < rows.length; i++) {
                    rows[i] += variantRandom.nextInt(copies + 1) * n;
                }
            }
            long[] shape = features.shape().clone();
            shape[0] = idx.length;
            INDArray x = Nd4j.pullRows(flat, 1, rows).reshape('c', shape);
            INDArray y = Nd4j.pullRows(labels, 1, idx);
            if (augmenter != null) {
                long a = System.nanoTime();
                x = augmenter.apply(x, augRandom);
                out.add(augmenter.mix(x, y, augRandom));
                augmentNanos += System.nanoTime() - a;
            } else {
                out.add(new DataSet(x, y));
            }
        }
        long total = System.nanoTime() - start;
        return new Epoch(out, (total - augmentNanos) / 1e9, augmentNanos / 1e9);
    }

    private static long mix(long seed, int epoch, long salt) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * salt;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
