package org.heartsounds.evaluation.multilabel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.heartsounds.evaluation.MetricsOptions;
import org.heartsounds.trainer.train.DecisionThresholds;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.ROCBinary;

/**
 * Multi-label metrics against counts made by hand for two labels (MR, AS) at thresholds 0.4 and 0.7, six windows of
 * four recordings of three patients.
 * <pre>
 * window  recording patient  P(MR) P(AS)  true        called (MR >= 0.4, AS >= 0.7)
 * w0      r0        p0       0.9   0.8    MR, AS      MR, AS
 * w1      r0        p0       0.5   0.6    MR, AS      MR
 * w2      r1        p0       0.3   0.2    MR          -
 * w3      r2        p1       0.45  0.75   -           MR, AS
 * w4      r3        p2       0.1   0.9    AS          AS
 * w5      r3        p2       0.2   0.1    AS          -
 * </pre>
 * MR: TP 2 (w0, w1), FN 1 (w2), FP 1 (w3), TN 2 (w4, w5). AS: TP 2 (w0, w4), FN 2 (w1, w5), FP 1 (w3), TN 1 (w2).
 */
class MultiLabelMetricsTest {
    private static final List<String> LABELS = List.of("MR", "AS");
    private static final double[][] P = {{0.9, 0.8}, {0.5, 0.6}, {0.3, 0.2}, {0.45, 0.75}, {0.1, 0.9}, {0.2, 0.1}};
    private static final int[][] T = {{1, 1}, {1, 1}, {1, 0}, {0, 0}, {0, 1}, {0, 1}};
    private static final DecisionThresholds THRESHOLDS = new DecisionThresholds("given", LABELS,
            new double[] {0.4, 0.7}, new double[] {Double.NaN, Double.NaN}, new double[] {Double.NaN, Double.NaN}, 0);

    static MultiLabelPredictions windows() {
        return new MultiLabelPredictions(LABELS, List.of("w0", "w1", "w2", "w3", "w4", "w5"), P, T,
                List.of("r0", "r0", "r1", "r2", "r3", "r3"), List.of("p0", "p0", "p0", "p1", "p2", "p2"));
    }

    @Test
    void countsAndRatesMatchTheHandCounts() {
        MultiLabelMetrics m = MultiLabelMetrics.compute("windows", windows(), THRESHOLDS, MetricsOptions.defaults());
        MultiLabelMetrics.LabelMetrics mr = m.perLabel().get(0);
        MultiLabelMetrics.LabelMetrics as = m.perLabel().get(1);
        assertArrayEquals(new int[] {2, 1, 2, 1}, new int[] {mr.tp(), mr.fp(), mr.tn(), mr.fn()}, "MR tp fp tn fn");
        assertArrayEquals(new int[] {2, 1, 1, 2}, new int[] {as.tp(), as.fp(), as.tn(), as.fn()}, "AS tp fp tn fn");
        assertEquals(2.0 / 3, mr.sensitivity(), 1e-12);
        assertEquals(2.0 / 3, mr.specificity(), 1e-12);
        assertEquals(2.0 / 3, mr.precision(), 1e-12);
        assertEquals(0.5, as.sensitivity(), 1e-12);
        assertEquals(0.5, as.specificity(), 1e-12);
        assertEquals(4.0 / 7, as.f1(), 1e-12, "2*2 / (2*2 + 1 + 2)");
        assertEquals((2.0 / 3 + 4.0 / 7) / 2, m.macro().f1(), 1e-12);
        assertEquals(4.0 / 7, m.micro().sensitivity(), 1e-12, "TP 4 of 7 positives");
        assertEquals(3.0 / 5, m.micro().specificity(), 1e-12, "TN 3 of 5 negatives");
        assertEquals(2.0 / 6, m.subsetAccuracy(), 1e-12, "w0 and w4 wholly right");
        assertEquals(5.0 / 12, m.hammingLoss(), 1e-12, "5 wrong decisions of 12");
        // AUROC MR: positives {0.9, 0.5, 0.3} vs negatives {0.45, 0.1, 0.2}: 8 of 9 pairs; AS: positives
        // {0.8, 0.6, 0.9, 0.1} vs negatives {0.2, 0.75}: 0.8>both, 0.6>0.2, 0.9>both, 0.1>none: 5 of 8
        assertEquals(8.0 / 9, mr.auroc(), 1e-9);
        assertEquals(5.0 / 8, as.auroc(), 1e-9);
        assertEquals(2, m.coOccurrence()[1][0], "AS true and MR called: w0, w1");
        assertEquals(2, m.coOccurrence()[1][1], "AS true and AS called: w0, w4");
        assertEquals(2, m.coOccurrence()[0][0], "MR true and called: w0, w1");
        assertEquals(3, m.bootstrap().units(), "three patients resampled");
        assertTrue(m.macroAurocCi().lower() <= m.macro().auroc() && m.macro().auroc() <= m.macroAurocCi().upper()
                || Double.isNaN(m.macroAurocCi().lower()), m.macroAurocCi().toString());
    }

    @Test
    void recordingsAndPatientsPoolProbabilitiesAndUniteLabels() {
        MultiLabelPredictions rec = windows().byRecording();
        assertEquals(List.of("r0", "r1", "r2", "r3"), rec.items());
        assertArrayEquals(new double[] {0.7, 0.7}, rec.probabilities()[0], 1e-12);
        assertArrayEquals(new int[] {0, 1}, rec.truth()[3]);
        MultiLabelPredictions pat = rec.byPatient();
        assertEquals(List.of("p0", "p1", "p2"), pat.items());
        assertArrayEquals(new double[] {0.5, 0.45}, pat.probabilities()[0], 1e-12, "mean of r0 (0.7, 0.7) and r1");
        assertArrayEquals(new int[] {1, 1}, pat.truth()[0], "the union of its recordings' labels");
    }

    @Test
    void bootstrapAucEqualsDl4jsExactRoc() {
        SplittableRandom r = new SplittableRandom(3);
        double[][] p = new double[60][1];
        int[][] t = new int[60][1];
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            t[i][0] = r.nextInt(3) == 0 ? 1 : 0;
            p[i][0] = t[i][0] * 0.3 + r.nextDouble(); // no ties (see MultiLabelMetrics.auc)
            rows.add(i);
        }
        MultiLabelPredictions m = new MultiLabelPredictions(List.of("A"), rows.stream().map(i -> "w" + i).toList(),
                p, t, null, null);
        ROCBinary roc = new ROCBinary(0);
        roc.eval(m.truthMatrix(), m.probabilityMatrix());
        assertEquals(roc.calculateAUC(0), MultiLabelMetrics.auc(rows, p, t, 0), 1e-9);
    }
}
