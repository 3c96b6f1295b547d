package org.heartsounds.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.heartsounds.core.BadInputException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** Youden thresholds on hand-made score lists, and their JSON form. */
class DecisionThresholdsTest {
    /**
     * Label A: positives score 0.9, 0.8, 0.35; negatives 0.6, 0.3, 0.2, 0.1. Candidate thresholds and Youden's J:
     * 0.9: 1/3 - 0 = 0.333; 0.8: 2/3 - 0 = 0.667; 0.6: 2/3 - 1/4 = 0.417; 0.35: 1 - 1/4 = 0.75; 0.3: 1 - 2/4 = 0.5.
     * Best: 0.35 (sensitivity 1, specificity 0.75); the next lower score is 0.3, so the threshold is their middle in
     * log-odds, sigmoid((logit 0.35 + logit 0.3) / 2) = 0.3245. Label B is perfectly separable between 0.4 and 0.7
     * (J = 1 at 0.7): sigmoid((logit 0.7 + logit 0.4) / 2) = 0.5551. Label C has no positive: it keeps 0.5.
     */
    @Test
    void youdenPicksTheThresholdThatMaximisesSensitivityPlusSpecificity() {
        double[][] p = {
                {0.9, 0.7, 0.2}, {0.8, 0.9, 0.1}, {0.35, 0.8, 0.3}, {0.6, 0.4, 0.4},
                {0.3, 0.2, 0.6}, {0.2, 0.1, 0.2}, {0.1, 0.3, 0.1}};
        double[][] y = {
                {1, 1, 0}, {1, 1, 0}, {1, 1, 0}, {0, 0, 0},
                {0, 0, 0}, {0, 0, 0}, {0, 0, 0}};
        DecisionThresholds t = DecisionThresholds.youden(Nd4j.createFromArray(p), Nd4j.createFromArray(y),
                List.of("A", "B", "C"));
        double a = 1 / (1 + Math.exp(-(Math.log(0.35 / 0.65) + Math.log(0.3 / 0.7)) / 2));
        double b = 1 / (1 + Math.exp(-(Math.log(0.7 / 0.3) + Math.log(0.4 / 0.6)) / 2));
        assertArrayEquals(new double[] {a, b, 0.5}, t.thresholds(), 1e-12);
        assertEquals(0.3245, a, 1e-4);
        assertEquals(0.5551, b, 1e-4);
        // the middle of the gap decides the validation scores exactly as the ROC point does
        double[] scoresA = {0.9, 0.8, 0.35, 0.6, 0.3, 0.2, 0.1};
        int calledPositive = 0;
        for (int i = 0; i < 3; i++) {
            calledPositive += t.present(0, scoresA[i]) ? 1 : 0;
        }
        assertEquals(3, calledPositive, "sensitivity 1 as at 0.35");
        assertTrue(t.present(0, 0.6) && !t.present(0, 0.3), "the one false positive (0.6) as at 0.35");
        assertEquals(1.0, t.sensitivity()[0], 1e-12);
        assertEquals(0.75, t.specificity()[0], 1e-12);
        assertEquals(1.0, t.sensitivity()[1], 1e-12);
        assertEquals(1.0, t.specificity()[1], 1e-12);
        assertTrue(Double.isNaN(t.sensitivity()[2]), "no positive example: not chosen");
        assertEquals(7, t.windows());
        assertEquals(0.3, DecisionThresholds.midpoint(0.3, Double.NaN), 0.0, "no lower score: the edge itself");
    }

    @Test
    void jsonRoundTripsNaNIncluded() {
        DecisionThresholds t = new DecisionThresholds("youden", List.of("AS", "N"), new double[] {0.25, 0.5},
                new double[] {0.9, Double.NaN}, new double[] {0.8, Double.NaN}, 40);
        DecisionThresholds back = DecisionThresholds.fromJson(t.toJson(), "t.json");
        assertEquals(t.labels(), back.labels());
        assertArrayEquals(t.thresholds(), back.thresholds(), 0);
        assertTrue(Double.isNaN(back.sensitivity()[1]));
        assertEquals(40, back.windows());
        assertThrows(BadInputException.class, () -> DecisionThresholds.fromJson("{\"rule\": 3}", "bad.json"));
        assertThrows(BadInputException.class, () -> DecisionThresholds.fromJson("{\"rule\":\"youden\",\"labels\":[\"A\"],"
                + "\"thresholds\":[1.5],\"sensitivity\":[1],\"specificity\":[1],\"windows\":1}", "bad.json"),
                "a threshold outside [0, 1]");
    }
}
