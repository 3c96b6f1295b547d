package org.heartsounds.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Multi-label validation scores against counts made by hand for two labels and six examples (decisions at 0.5).
 * Label 0: TP 2 (rows 0, 1), FN 1 (row 2), FP 1 (row 3), TN 2: sensitivity 2/3, specificity 2/3, F1 4/6.
 * Label 1: TP 1 (row 4), FN 1 (row 5), FP 0, TN 4: sensitivity 1/2, specificity 1, F1 2/3.
 * Subset accuracy: rows 0, 1 and 4 have every label right (row 0 and 1: label 1 absent and not called; row 4:
 * label 0 absent and not called): 3/6.
 */
class MultiLabelScoresTest {
    private static final double[][] P = {
            {0.9, 0.1}, {0.7, 0.2}, {0.4, 0.3}, {0.6, 0.4}, {0.2, 0.8}, {0.1, 0.45}};
    private static final double[][] Y = {
            {1, 0}, {1, 0}, {1, 0}, {0, 0}, {0, 1}, {0, 1}};

    @Test
    void matchesTheHandCounts() {
        Inference.Scores s = MultiLabelScores.score(Nd4j.createFromArray(P), Nd4j.createFromArray(Y));
        assertEquals(3.0 / 6, s.accuracy(), 1e-12, "subset accuracy");
        double bal0 = (2.0 / 3 + 2.0 / 3) / 2;
        double bal1 = (0.5 + 1.0) / 2;
        assertEquals((bal0 + bal1) / 2, s.balancedAccuracy(), 1e-12);
        assertEquals((4.0 / 6 + 2.0 / 3) / 2, s.macroF1(), 1e-12);
        // AUROC label 0: positives {0.9, 0.7, 0.4} vs negatives {0.6, 0.2, 0.1}: 8 of 9 pairs ordered right
        // label 1: positives {0.8, 0.45} vs negatives {0.1, 0.2, 0.3, 0.4}: all 8 pairs right
        assertEquals((8.0 / 9 + 1.0) / 2, s.macroAuroc(), 1e-9);
        double bce = 0;
        for (int i = 0; i < P.length; i++) {
            for (int k = 0; k < 2; k++) {
                bce -= Y[i][k] == 1 ? Math.log(P[i][k]) : Math.log(1 - P[i][k]);
            }
        }
        assertEquals(bce / 6, s.loss(), 1e-9, "summed over labels, mean over examples");
    }
}
