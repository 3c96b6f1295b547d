package org.heartsounds.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.heartsounds.core.config.TrainSpec;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The validation metrics of {@link Inference#score} against hand-computed values, and the metrics.csv columns they
 * fill ({@link EpochResult}), including a file written before the class-averaged columns existed.
 */
class InferenceTest {
    @BeforeAll
    static void oneThread() {
        Nd4jThreads.single();
    }

    /** 8 examples of 3 classes (5, 1, 2); no ties within a column, so AUROC needs no tie rule. */
    private static final int[] Y = {0, 0, 0, 0, 1, 2, 2, 0};
    private static final double[][] P = {
        {0.70, 0.20, 0.10}, {0.60, 0.31, 0.09}, {0.50, 0.12, 0.38}, {0.22, 0.70, 0.08},
        {0.80, 0.13, 0.07}, {0.30, 0.21, 0.49}, {0.11, 0.09, 0.80}, {0.40, 0.08, 0.52}};

    private static INDArray oneHot(int[] y, int classes) {
        float[][] m = new float[y.length][classes];
        for (int i = 0; i < y.length; i++) {
            m[i][y[i]] = 1;
        }
        return Nd4j.createFromArray(m);
    }

    /** One-vs-rest AUROC of class k by counting pairs (positive scored above negative). */
    private static double pairwiseAuc(int k) {
        double above = 0;
        int pairs = 0;
        for (int i = 0; i < Y.length; i++) {
            for (int j = 0; j < Y.length; j++) {
                if (Y[i] == k && Y[j] != k) {
                    above += P[i][k] > P[j][k] ? 1 : 0;
                    pairs++;
                }
            }
        }
        return above / pairs;
    }

    @Test
    void classAveragedMetricsEqualTheHandComputedValues() {
        Inference.Scores s = Inference.score(Nd4j.createFromArray(P).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT),
                oneHot(Y, 3));
        // predictions 0 0 0 1 0 2 2 2: class 0 TP 3 FP 1 FN 2, class 1 TP 0 FP 1 FN 1, class 2 TP 2 FP 1 FN 0
        assertEquals(5.0 / 8, s.accuracy(), 1e-9);
        assertEquals((3.0 / 5 + 0 + 2.0 / 2) / 3, s.balancedAccuracy(), 1e-9);
        assertEquals(0.533333, s.balancedAccuracy(), 1e-6);
        assertEquals((6.0 / 9 + 0 + 4.0 / 5) / 3, s.macroF1(), 1e-9);
        assertEquals(0.488889, s.macroF1(), 1e-6);
        assertEquals(9.0 / 15, pairwiseAuc(0), 1e-12);
        assertEquals(3.0 / 7, pairwiseAuc(1), 1e-12);
        assertEquals(11.0 / 12, pairwiseAuc(2), 1e-12);
        assertEquals((pairwiseAuc(0) + pairwiseAuc(1) + pairwiseAuc(2)) / 3, s.macroAuroc(), 1e-6);
        double ce = 0;
        for (int i = 0; i < Y.length; i++) {
            ce -= Math.log(P[i][Y[i]]);
        }
        assertEquals(ce / Y.length, s.loss(), 1e-6);
    }

    @Test
    void aNetworkThatAlwaysAnswersTheMajorityClassScoresHighAccuracyButNotHighClassAverages() {
        // two classes, 9 normal and 1 murmur, every answer "normal": DL4J's f1(Macro) would give the F1 of class 1
        // (or leave the never-predicted class out); macro-F1 counts it as 0
        int[] y = {0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        float[][] p = new float[y.length][];
        for (int i = 0; i < y.length; i++) {
            p[i] = new float[] {0.9f - 0.01f * i, 0.1f + 0.01f * i};
        }
        Inference.Scores s = Inference.score(Nd4j.createFromArray(p), oneHot(y, 2));
        assertEquals(0.9, s.accuracy(), 1e-9);
        assertEquals((1.0 + 0.0) / 2, s.balancedAccuracy(), 1e-9);
        assertEquals((2.0 * 9 / (2 * 9 + 1) + 0.0) / 2, s.macroF1(), 1e-9);
        // the murmur has the highest murmur probability: both one-vs-rest AUROCs are 1
        assertEquals(1.0, s.macroAuroc(), 1e-9);
    }

    @Test
    void aClassMissingFromValidationIsLeftOutOfRecallAndAurocAverages() {
        // class 2 neither occurs nor is predicted
        int[] y = {0, 1, 1, 0};
        float[][] p = {{0.8f, 0.15f, 0.05f}, {0.3f, 0.6f, 0.1f}, {0.55f, 0.4f, 0.05f}, {0.6f, 0.3f, 0.1f}};
        Inference.Scores s = Inference.score(Nd4j.createFromArray(p), oneHot(y, 3));
        assertEquals((1.0 + 0.5) / 2, s.balancedAccuracy(), 1e-9);
        assertEquals((2.0 * 2 / (2 * 2 + 1) + 2.0 / (2 + 0 + 1)) / 2, s.macroF1(), 1e-9);
        // class 0: positives 0.8, 0.6 over negatives 0.3, 0.55 -> 4/4; class 1: 0.6, 0.4 over 0.15, 0.3 -> 4/4
        assertEquals(1.0, s.macroAuroc(), 1e-9);
        Inference.Scores oneClass = Inference.score(Nd4j.createFromArray(new float[][] {{0.7f, 0.3f}}),
                oneHot(new int[] {0}, 2));
        assertTrue(Double.isNaN(oneClass.macroAuroc()), "no class has positives and negatives");
    }

    @Test
    void metricsCsvRowsRoundTripAndOldRowsReadAsNaN() {
        EpochResult r = new EpochResult(3, 0.5, 0.8, 0.6, 0.75, 1e-3, 2.5, 40, 0.7, 0.65, 0.9,
                new EpochTimes(0.125, 0.25, 1.5, 0.5));
        assertEquals(15, EpochResult.COLUMNS.size());
        assertEquals("data_s,augment_s,network_s,validation_s", String.join(",", EpochResult.COLUMNS.subList(11, 15)));
        assertEquals("val_balanced_acc,val_macro_f1,val_macro_auroc",
                String.join(",", EpochResult.COLUMNS.subList(8, 11)));
        EpochResult back = EpochResult.parse(r.csvRow());
        assertEquals(r, back);
        assertEquals(0.7, back.value(TrainSpec.EarlyStopping.Metric.VAL_BALANCED_ACC));
        assertEquals(0.65, back.value(TrainSpec.EarlyStopping.Metric.VAL_MACRO_F1));
        assertEquals(0.9, back.value(TrainSpec.EarlyStopping.Metric.VAL_MACRO_AUROC));
        assertEquals(0.6, back.value(TrainSpec.EarlyStopping.Metric.VAL_LOSS));
        assertEquals(0.75, back.value(TrainSpec.EarlyStopping.Metric.VAL_ACC));
        // a row of a metrics.csv written before the class-averaged columns
        EpochResult old = EpochResult.parse("2,0.400000,0.900000,0.500000,0.800000,1.000000e-03,1.000,50.00");
        assertEquals(0.8, old.valAcc());
        assertTrue(Double.isNaN(old.valBalancedAcc()) && Double.isNaN(old.valMacroF1())
                && Double.isNaN(old.valMacroAuroc()));
        assertEquals(old, EpochResult.parse(old.csvRow()), "rewritten with NaN, read back the same");
        assertEquals(EpochTimes.UNKNOWN, old.times());
        // a row written before the time split
        EpochResult noTimes = EpochResult.parse(
                "2,0.400000,0.900000,0.500000,0.800000,1.000000e-03,1.000,50.00,0.700000,0.650000,0.900000");
        assertEquals(0.7, noTimes.valBalancedAcc());
        assertTrue(Double.isNaN(noTimes.times().networkSeconds()));
        assertTrue(EpochResult.isHeader(String.join(",", EpochResult.COLUMNS.subList(0, 11))));
        assertTrue(EpochResult.isHeader(String.join(",", EpochResult.COLUMNS)));
        assertTrue(EpochResult.isHeader("epoch,train_loss,train_acc,val_loss,val_acc,lr,seconds,images_per_s"));
        assertTrue(!EpochResult.isHeader("epoch,loss"));
        assertThrows(IllegalArgumentException.class, () -> EpochResult.parse("1,2,3"));
    }
}
