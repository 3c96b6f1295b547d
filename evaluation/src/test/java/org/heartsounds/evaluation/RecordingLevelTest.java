package org.heartsounds.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Window predictions pooled per recording: mean probabilities, first-appearance order, label checks. */
class RecordingLevelTest {
    @Test
    void meansTheWindowProbabilitiesOfEachRecording() {
        Predictions windows = new Predictions(List.of("A", "B"), List.of("r2_w0.png", "r1_w0.png", "r2_w1.png",
                "r2_w2.png", "r1_w1.png"), new int[] {1, 0, 1, 1, 0},
                new double[][] {{0.9, 0.1}, {0.6, 0.4}, {0.3, 0.7}, {0.0, 1.0}, {0.2, 0.8}},
                List.of("r2", "r1", "r2", "r2", "r1"));
        Predictions r = RecordingLevel.of(windows);
        assertEquals(List.of("r2", "r1"), r.items(), "first appearance order");
        assertEquals(List.of("r2", "r1"), r.groups());
        assertArrayEquals(new int[] {1, 0}, r.trueLabels());
        assertArrayEquals(new double[] {0.4, 0.6}, r.probabilities()[0], 1e-12);
        assertArrayEquals(new double[] {0.4, 0.6}, r.probabilities()[1], 1e-12);
        assertArrayEquals(new int[] {1, 1}, r.predictedLabels());
        assertEquals(0.5, MetricsReport.compute(r, MetricsOptions.defaults()).summary().accuracy(), 1e-12);
        assertEquals(0.6, MetricsReport.compute(windows, MetricsOptions.defaults()).summary().accuracy(), 1e-12,
                "3 of 5 windows right (r2_w1, r2_w2, r1_w0)");
    }

    @Test
    void needsRecordingsAndAgreeingLabels() {
        Predictions noGroups = new Predictions(List.of("A", "B"), List.of("w0", "w1"), new int[] {0, 1},
                new double[][] {{1, 0}, {0, 1}}, null);
        assertThrows(IllegalArgumentException.class, () -> RecordingLevel.of(noGroups));
        Predictions disagree = new Predictions(List.of("A", "B"), List.of("w0", "w1"), new int[] {0, 1},
                new double[][] {{1, 0}, {0, 1}}, List.of("r", "r"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RecordingLevel.of(disagree));
        assertTrue(e.getMessage().contains("'r'"), e.getMessage());
    }
}
