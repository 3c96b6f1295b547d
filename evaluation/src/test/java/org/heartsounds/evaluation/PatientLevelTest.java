package org.heartsounds.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Windows -> recordings -> patients on hand-made probabilities: recordings r1 (2 windows) and r2 (1 window) of
 * patient p1, class A; recording r3 of patient p2, class B.
 */
class PatientLevelTest {
    static final Predictions WINDOWS = new Predictions(List.of("A", "B"),
            List.of("r1_w0.png", "r3_w0.png", "r1_w1.png", "r2_w0.png"), new int[] {0, 1, 0, 0},
            new double[][] {{0.8, 0.2}, {0.9, 0.1}, {0.4, 0.6}, {0.2, 0.8}},
            List.of("r1", "r3", "r1", "r2"), List.of("p1", "p2", "p1", "p1"));

    @Test
    void meanPoolsWindowsThenRecordingsEachRecordingWeighingTheSame() {
        Predictions r = RecordingLevel.of(WINDOWS, Aggregation.MEAN);
        assertEquals(List.of("r1", "r3", "r2"), r.items());
        assertEquals(List.of("p1", "p2", "p1"), r.patients(), "recordings keep their windows' patient");
        assertArrayEquals(new double[] {0.6, 0.4}, r.probabilities()[0], 1e-12);
        assertArrayEquals(new double[] {0.2, 0.8}, r.probabilities()[2], 1e-12);

        Predictions p = PatientLevel.of(r, Aggregation.MEAN);
        assertEquals(List.of("p1", "p2"), p.items());
        assertEquals(List.of("p1", "p2"), p.groups());
        assertEquals(List.of("p1", "p2"), p.patients());
        assertArrayEquals(new int[] {0, 1}, p.trueLabels());
        // (0.6 + 0.2) / 2, not the mean of the 3 windows (0.8 + 0.4 + 0.2) / 3 = 0.4667
        assertArrayEquals(new double[] {0.4, 0.6}, p.probabilities()[0], 1e-12);
        assertArrayEquals(new double[] {0.9, 0.1}, p.probabilities()[1], 1e-12);
        assertArrayEquals(new int[] {1, 0}, p.predictedLabels(), "both patients wrong");
        assertFalse(PatientLevel.oneRecordingPerPatient(r));
        assertEquals(0.0, MetricsReport.compute(p, MetricsOptions.defaults()).summary().accuracy(), 0.0);
        assertEquals(1.0 / 3, MetricsReport.compute(r, MetricsOptions.defaults()).summary().accuracy(), 1e-12,
                "r2 right, r1 and r3 wrong");
    }

    @Test
    void logMeanPoolsByGeometricMeans() {
        Predictions r = RecordingLevel.of(WINDOWS, Aggregation.LOG_MEAN);
        double a = Math.sqrt(0.8 * 0.4);
        double b = Math.sqrt(0.2 * 0.6);
        double[] r1 = {a / (a + b), b / (a + b)};
        assertArrayEquals(r1, r.probabilities()[0], 1e-12);
        assertArrayEquals(new double[] {0.620204, 0.379796}, r.probabilities()[0], 1e-6);
        Predictions p = PatientLevel.of(r, Aggregation.LOG_MEAN);
        double pa = Math.sqrt(r1[0] * 0.2);
        double pb = Math.sqrt(r1[1] * 0.8);
        assertArrayEquals(new double[] {pa / (pa + pb), pb / (pa + pb)}, p.probabilities()[0], 1e-12);
        assertArrayEquals(new double[] {0.389851, 0.610149}, p.probabilities()[0], 1e-6);
    }

    @Test
    void aPatientWithRecordingsOfTwoLabelsGivesOneItemPerLabel() {
        Predictions r = new Predictions(List.of("A", "B"), List.of("r4", "r5", "r6"), new int[] {0, 1, 0},
                new double[][] {{0.7, 0.3}, {0.4, 0.6}, {0.9, 0.1}}, List.of("r4", "r5", "r6"),
                List.of("p3", "p3", "p3"));
        Predictions p = PatientLevel.of(r);
        assertEquals(List.of("p3 [A]", "p3 [B]"), p.items());
        assertEquals(List.of("p3", "p3"), p.patients(), "both resampled together");
        assertArrayEquals(new int[] {0, 1}, p.trueLabels());
        assertArrayEquals(new double[] {0.8, 0.2}, p.probabilities()[0], 1e-12);
        assertArrayEquals(new double[] {0.4, 0.6}, p.probabilities()[1], 1e-12);
        assertEquals(1, MetricsReport.compute(p, MetricsOptions.defaults()).bootstrap().units());
        MetricsReport rr = MetricsReport.compute(r, MetricsOptions.defaults());
        MetricsReport pr = MetricsReport.compute(p, MetricsOptions.defaults());
        assertEquals("3 recordings of 1 patient: each patient's recordings give one decision (mean of their "
                + "probabilities); confidence intervals resample patients; 1 patient has recordings of several "
                + "classes, one decision per class (2 patient-level items)",
                LevelComparison.of(Aggregation.MEAN, rr, rr, pr, true).note());
    }

    @Test
    void oneRecordingPerPatientAndInconsistentInput() {
        Predictions single = new Predictions(List.of("A", "B"), List.of("r1", "r2"), new int[] {0, 1},
                new double[][] {{1, 0}, {0, 1}}, List.of("r1", "r2"), List.of("p1", "p2"));
        assertTrue(PatientLevel.oneRecordingPerPatient(single));
        assertArrayEquals(single.probabilities()[1], PatientLevel.of(single).probabilities()[1], 0.0);
        assertThrows(IllegalArgumentException.class, () -> PatientLevel.of(single.withPatients(null)));
        Predictions split = new Predictions(List.of("A", "B"), List.of("w0", "w1"), new int[] {0, 0},
                new double[][] {{1, 0}, {1, 0}}, List.of("r", "r"), List.of("p1", "p2"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RecordingLevel.of(split));
        assertTrue(e.getMessage().contains("'r'") && e.getMessage().contains("different patients"), e.getMessage());
        assertNull(RecordingLevel.of(split.withPatients(null)).patients());
    }
}
