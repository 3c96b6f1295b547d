package org.heartsounds.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cluster bootstrap over patients against the bootstrap over recordings. */
class PatientBootstrapTest {
    /** 100 recordings of 2 patients: every recording of p1 right, every recording of p2 wrong. */
    static Predictions twoPatients() {
        List<String> items = new ArrayList<>();
        List<String> patients = new ArrayList<>();
        int[] truth = new int[100];
        double[][] p = new double[100][];
        for (int i = 0; i < 100; i++) {
            items.add("rec" + i);
            boolean first = i % 2 == 0;
            patients.add(first ? "p1" : "p2");
            truth[i] = (i / 2) % 2;
            int predicted = first ? truth[i] : 1 - truth[i];
            p[i] = predicted == 0 ? new double[] {0.9, 0.1} : new double[] {0.1, 0.9};
        }
        return new Predictions(List.of("A", "B"), items, truth, p, items, patients);
    }

    @Test
    void twoPatientsOfVeryDifferentAccuracyGiveAMuchWiderInterval() {
        Predictions set = twoPatients();
        MetricsReport byRecording = MetricsReport.compute(set.withPatients(null), MetricsOptions.defaults());
        MetricsReport byPatient = MetricsReport.compute(set, MetricsOptions.defaults());
        assertEquals("recording", byRecording.bootstrap().unit());
        assertEquals(100, byRecording.bootstrap().units());
        assertEquals("patient", byPatient.bootstrap().unit());
        assertEquals(2, byPatient.bootstrap().units());
        assertEquals(0.5, byPatient.summary().accuracy(), 0.0);
        assertEquals(0.5, byPatient.summary().balancedAccuracy(), 0.0);

        BootstrapIntervals.Interval rec = byRecording.summary().accuracyCi();
        BootstrapIntervals.Interval pat = byPatient.summary().accuracyCi();
        // binomial: 0.5 +- 1.96 sqrt(0.25 / 100) = 0.40 .. 0.60
        assertEquals(0.2, rec.upper() - rec.lower(), 0.05, rec.toString());
        // resampling 2 patients: {p2, p2} -> 0 (p = 1/4), {p1, p2} -> 0.5, {p1, p1} -> 1 (p = 1/4)
        assertEquals(0.0, pat.lower(), 0.0, pat.toString());
        assertEquals(1.0, pat.upper(), 0.0, pat.toString());
        assertTrue(pat.upper() - pat.lower() > 4 * (rec.upper() - rec.lower()));
        assertEquals(0.0, byPatient.summary().balancedAccuracyCi().lower(), 0.0);
        assertEquals(1.0, byPatient.summary().balancedAccuracyCi().upper(), 0.0);
    }

    @Test
    void oneRecordingPerPatientResamplesExactlyLikeRecordings() {
        // 300 recordings (one window each), about 80 % right
        Predictions windows = Fixtures.synthetic(300, 3);
        Predictions recordings = windows.withGroups(windows.items());
        Predictions ownPatient = recordings.withPatients(recordings.items().stream().map(r -> "patient-" + r)
                .toList());
        MetricsReport a = MetricsReport.compute(recordings, MetricsOptions.defaults());
        MetricsReport b = MetricsReport.compute(ownPatient, MetricsOptions.defaults());
        MetricsReport items = MetricsReport.compute(recordings.withGroups(null), MetricsOptions.defaults());
        assertEquals("recording", a.bootstrap().unit());
        assertEquals("patient", b.bootstrap().unit());
        assertEquals("item", items.bootstrap().unit());
        assertEquals(300, b.bootstrap().units());
        assertTrue(a.summary().accuracyCi().upper() - a.summary().accuracyCi().lower() > 0.05,
                a.summary().accuracyCi().toString());
        for (MetricsReport other : List.of(b, items)) {
            assertEquals(a.summary().accuracyCi(), other.summary().accuracyCi());
            assertEquals(a.summary().macroF1Ci(), other.summary().macroF1Ci());
            assertEquals(a.summary().balancedAccuracyCi(), other.summary().balancedAccuracyCi());
        }
        MetricsReport otherSeed = MetricsReport.compute(ownPatient, MetricsOptions.defaults().withSeed(7));
        assertNotEquals(b.summary().balancedAccuracyCi(), otherSeed.summary().balancedAccuracyCi());
    }

    @Test
    void windowsOfOnePatientAreResampledTogether() {
        Predictions windows = Fixtures.synthetic(600, 11);
        List<String> recordings = Predictions.recordingsOfWindowFiles(windows.items());
        // 150 recordings, 2 per patient -> 75 patients
        List<String> patients = recordings.stream().map(r -> "p" + Integer.parseInt(r.substring(3)) / 2).toList();
        MetricsReport r = MetricsReport.compute(windows.withGroups(recordings).withPatients(patients),
                MetricsOptions.defaults());
        assertEquals("patient", r.bootstrap().unit());
        assertEquals(75, r.bootstrap().units());
        assertTrue(r.summary().accuracyCi().contains(r.summary().accuracy()));
    }
}
