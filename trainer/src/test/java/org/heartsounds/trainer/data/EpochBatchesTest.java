package org.heartsounds.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.heartsounds.core.config.TrainSpec;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded permutations, batch counts and sizes, and batch contents of {@link EpochBatches}. */
class EpochBatchesTest {
    /** n examples [n, 2, 3, 4] where every value of example i is i + position / 100; labels one-hot of i % 5. */
    private static EpochBatches batches(int n, int batchSize, long seed) {
        INDArray x = Nd4j.create(DataType.FLOAT, n, 2, 3, 4);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 5);
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 24; p++) {
                x.putScalar(new long[] {i, p / 12, (p / 4) % 3, p % 4}, i + p / 100.0);
            }
            y.putScalar(i, i % 5, 1);
        }
        return new EpochBatches(x, y, batchSize, seed, null);
    }

    @Test
    void permutationIsAPermutationDeterministicPerSeedAndEpoch() {
        EpochBatches b = batches(37, 8, 42);
        for (int epoch = 1; epoch <= 5; epoch++) {
            int[] p = b.permutation(epoch);
            int[] sorted = p.clone();
            Arrays.sort(sorted);
            int[] identity = new int[37];
            Arrays.setAll(identity, i -> i);
            assertArrayEquals(identity, sorted, "epoch " + epoch + " holds every index once");
            assertArrayEquals(p, batches(37, 8, 42).permutation(epoch), "same (seed, epoch), same order");
            assertFalse(Arrays.equals(identity, p), "shuffled");
        }
        assertFalse(Arrays.equals(b.permutation(1), b.permutation(2)), "epochs differ");
        assertFalse(Arrays.equals(b.permutation(1), batches(37, 8, 43).permutation(1)), "seeds differ");
    }

    @Test
    void batchCountAndSizesDropATrailingBatchOfOne() {
        assertEquals(List.of(8, 8, 8, 8, 5), sizes(batches(37, 8, 1)));
        assertEquals(List.of(8, 8, 8, 8), sizes(batches(33, 8, 1)), "33 = 4 x 8 + 1: the single example is dropped");
        assertEquals(List.of(8, 8, 8, 8), sizes(batches(32, 8, 1)));
        assertEquals(List.of(8, 2), sizes(batches(10, 8, 1)));
        assertEquals(List.of(5), sizes(batches(5, 8, 1)), "fewer examples than a batch: one short batch");
        assertEquals(5, batches(37, 8, 1).batchesPerEpoch());
        assertEquals(4, batches(33, 8, 1).batchesPerEpoch());
        assertEquals(37, batches(37, 8, 1).examples());
    }

    @Test
    void batchesAreTheGatheredRowsInPermutationOrder() {
        EpochBatches b = batches(21, 4, 7);
        int epoch = 3;
        int[] p = b.permutation(epoch);
        List<DataSet> epochBatches = b.epoch(epoch);
        assertEquals(5, epochBatches.size(), "21 = 5 x 4 + 1");
        int k = 0;
        for (DataSet ds : epochBatches) {
            assertArrayEquals(new long[] {4, 2, 3, 4}, ds.getFeatures().shape());
            assertArrayEquals(new long[] {4, 5}, ds.getLabels().shape());
            for (int r = 0; r < 4; r++, k++) {
                int source = p[k];
                assertEquals(b.features().get(org.nd4j.linalg.indexing.NDArrayIndex.point(source)),
                        ds.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.point(r)),
                        "batch row " + r + " is example " + source);
                assertEquals(source + 23 / 100.0, ds.getFeatures().getDouble(r, 1, 2, 3), 1e-6);
                assertEquals(source % 5, ds.getLabels().getRow(r).argMax().getInt(0));
            }
        }
        assertEquals(20, k, "one example (the last of the permutation) is left out");
        assertEquals(epochBatches.get(2).getFeatures(), b.epoch(epoch).get(2).getFeatures(), "recomputed equal");
    }

    @Test
    void augmentationIsSeededPerEpochAndLeavesTheStoredFeaturesAlone() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 12, 3, 8, 10).addi(1);
        INDArray y = Nd4j.eye(12).getColumns(0, 1, 2).castTo(DataType.FLOAT);
        INDArray stored = x.dup();
        SpectrogramAugmenter aug = new SpectrogramAugmenter(new TrainSpec.Augment(0.2, 1, 0.2, 1, 0.2));
        EpochBatches a = new EpochBatches(x, y, 4, 11, aug);
        EpochBatches plain = new EpochBatches(x, y, 4, 11, null);
        List<DataSet> e1 = a.epoch(1);
        assertEquals(e1.get(0).getFeatures(), a.epoch(1).get(0).getFeatures(), "same (seed, epoch): same augmentation");
        assertNotEquals(plain.epoch(1).get(0).getFeatures(), e1.get(0).getFeatures(), "augmented");
        assertEquals(plain.epoch(1).get(0).getLabels(), e1.get(0).getLabels(), "labels untouched");
        assertNotEquals(e1.get(0).getFeatures(), a.epoch(2).get(0).getFeatures());
        assertEquals(stored, x, "the stored features are not modified");
    }

    @Test
    void waveformVariantsReplaceEachExampleByOneOfItsBlocksDrawnUniformly() {
        int n = 40;
        int copies = 3;
        INDArray x = Nd4j.create(DataType.FLOAT, n * (copies + 1), 2);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 5);
        for (int k = 0; k <= copies; k++) {
            for (int i = 0; i < n; i++) {
                x.putScalar(new long[] {k * n + i, 0}, i);
                x.putScalar(new long[] {k * n + i, 1}, k);
            }
        }
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % 5, 1);
        }
        EpochBatches b = new EpochBatches(x, y, 8, 3, null, copies);
        assertEquals(n, b.examples());
        assertEquals(5, b.batchesPerEpoch());
        int[] blockCounts = new int[copies + 1];
        for (int epoch = 1; epoch <= 50; epoch++) {
            int[] seen = new int[n];
            for (DataSet d : b.epoch(epoch)) {
                for (int r = 0; r < d.numExamples(); r++) {
                    int i = (int) d.getFeatures().getDouble(r, 0);
                    seen[i]++;
                    blockCounts[(int) d.getFeatures().getDouble(r, 1)]++;
                    assertEquals(i % 5, d.getLabels().getRow(r).argMax().getInt(0), "label follows the example");
                }
            }
            for (int i = 0; i < n; i++) {
                assertEquals(1, seen[i], "example " + i + " once in epoch " + epoch);
            }
        }
        for (int k = 0; k <= copies; k++) {
            assertEquals(500, blockCounts[k], 70, "block " + k + " drawn about a quarter of 2000 times");
        }
        assertArrayEquals(b.epoch(7).get(0).getFeatures().data().asFloat(),
                new EpochBatches(x, y, 8, 3, null, copies).epoch(7).get(0).getFeatures().data().asFloat());
        assertEquals(n, b.features().size(0));
        assertEquals(0.0, b.features().getColumn(1).sumNumber().doubleValue(), "features() are the windows");
        assertThrows(IllegalArgumentException.class, () -> new EpochBatches(x, y, 8, 3, null, 2));
    }

    @Test
    void mismatchedLengthsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new EpochBatches(Nd4j.zeros(4, 2), Nd4j.zeros(3, 2), 2, 1,
                null));
    }

    private static List<Integer> sizes(EpochBatches b) {
        return b.epoch(1).stream().map(DataSet::numExamples).toList();
    }
}
