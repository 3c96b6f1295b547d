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
     * Best: 0.35 (sensitivity 1, specificity 0.75). Label B is perfectly separable between 0.4 and 0.7: J = 1 at
     * 0.7 (the highest of the tied thresholds). Label C has no positive: it keeps 0.5.
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
        assertArrayEquals(new double[] {0.35, 0.7, 0.5}, t.thresholds(), 1e-12);
        assertEquals(1.0, t.sensitivity()[0], 1e-12);
        assertEquals(0.75, t.specificity()[0], 1e-12);
        assertEquals(1.0, t.sensitivity()[1], 1e-12);
        assertEquals(1.0, t.specificity()[1], 1e-12);
        assertTrue(Double.isNaN(t.sensitivity()[2]), "no positive example: not chosen");
        assertEquals(7, t.windows());
        assertTrue(t.present(0, 0.35) && !t.present(0, 0.3499));
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
