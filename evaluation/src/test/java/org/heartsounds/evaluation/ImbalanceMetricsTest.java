package org.heartsounds.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Balanced accuracy, macro-F1 and per-class sensitivity on hand-made confusions, and their spread over folds. */
class ImbalanceMetricsTest {
    @Test
    void tenItemsByHand() {
        // confusion rows A: 3 1 0, B: 1 2 1, C: 0 0 2 (see Fixtures.tenItems)
        MetricsReport r = MetricsReport.compute(Fixtures.tenItems(), MetricsOptions.defaults());
        assertEquals(0.7, r.summary().accuracy(), 1e-12);
        assertEquals((3 / 4.0 + 2 / 4.0 + 2 / 2.0) / 3, r.summary().balancedAccuracy(), 1e-12);
        assertEquals(0.75, r.summary().balancedAccuracy(), 1e-12);
        // F1 = 2TP / (2TP + FP + FN): A 6/8, B 4/7, C 4/5
        assertEquals((6 / 8.0 + 4 / 7.0 + 4 / 5.0) / 3, r.summary().macroF1(), 1e-12);
        assertEquals(Map.of("A", 0.75, "B", 0.5, "C", 1.0), r.sensitivityByClass());
        assertEquals(List.of("A", "B", "C"), List.copyOf(r.sensitivityByClass().keySet()), "class order");
        assertTrue(r.summary().balancedAccuracyCi().contains(0.75), r.summary().balancedAccuracyCi().toString());
    }

    @Test
    void aModelThatAlwaysAnswersTheMajorityClass() {
        // 8 normal, 2 aortic stenosis, every one predicted normal
        List<String> items = new ArrayList<>();
        int[] truth = new int[10];
        double[][] p = new double[10][];
        for (int i = 0; i < 10; i++) {
            items.add("rec" + i);
            truth[i] = i < 2 ? 0 : 1;
            p[i] = new double[] {0.2, 0.8};
        }
        MetricsReport r = MetricsReport.compute(new Predictions(List.of("AS", "N"), items, truth, p, null),
                MetricsOptions.defaults());
        assertEquals(0.8, r.summary().accuracy(), 1e-12, "accuracy looks good");
        assertEquals(0.5, r.summary().balancedAccuracy(), 1e-12, "balanced accuracy: (0 + 1) / 2");
        assertEquals((0.0 + 16 / 18.0) / 2, r.summary().macroF1(), 1e-12, "macro-F1: AS 0, N 2*8/(2*8+2)");
        assertEquals(0.0, r.sensitivityByClass().get("AS"), 0.0);
        assertEquals(1.0, r.sensitivityByClass().get("N"), 0.0);
        String text = MetricsText.format(r);
        assertTrue(text.indexOf("balanced accuracy") < text.indexOf("sensitivity AS")
                && text.indexOf("sensitivity N") < text.indexOf("\naccuracy"), text);
    }

    @Test
    void handWrittenBalancedAccuracyAgreesWithDl4jMacroRecall() {
        assertEquals(0.5, BootstrapIntervals.balancedAccuracy(new long[][] {{0, 2}, {0, 8}}), 1e-12);
        // class C absent: left out, (2/3 + 3/4) / 2
        assertEquals((2 / 3.0 + 3 / 4.0) / 2, BootstrapIntervals.balancedAccuracy(
                new long[][] {{2, 1, 0}, {0, 3, 1}, {0, 0, 0}}), 1e-12);
        MetricsReport r = MetricsReport.compute(Fixtures.synthetic(600, 11), MetricsOptions.defaults());
        assertEquals(BootstrapIntervals.balancedAccuracy(r.confusion().counts()), r.summary().balancedAccuracy(),
                1e-12);
        assertEquals(r.macro().sensitivity(), r.summary().balancedAccuracy(), 1e-12);
    }

    @Test
    void crossValidationSpreadOfBalancedAccuracyAndSensitivity() {
        MetricsReport fold0 = MetricsReport.compute(Fixtures.tenItems(), MetricsOptions.defaults());
        // A -> A, B -> A, C -> C, C -> C: sensitivity A 1, B 0, C 1; balanced accuracy 2/3
        MetricsReport fold1 = MetricsReport.compute(new Predictions(List.of("A", "B", "C"),
                List.of("a", "b", "c1", "c2"), new int[] {0, 1, 2, 2}, new double[][] {{0.8, 0.1, 0.1},
                        {0.5, 0.3, 0.2}, {0.1, 0.1, 0.8}, {0.2, 0.2, 0.6}}, null), MetricsOptions.defaults());
        CrossValidationSummary cv = CrossValidationSummary.of(List.of(fold0, fold1), MetricsOptions.defaults());
        assertEquals((0.75 + 2 / 3.0) / 2, cv.balancedAccuracy().mean(), 1e-12);
        assertEquals(Math.abs(0.75 - 2 / 3.0) / Math.sqrt(2), cv.balancedAccuracy().standardDeviation(), 1e-12);
        assertEquals(0.25, cv.sensitivity().get("B").mean(), 1e-12);
        assertEquals(0.5 / Math.sqrt(2), cv.sensitivity().get("B").standardDeviation(), 1e-12);
        assertEquals(1.0, cv.sensitivity().get("C").mean(), 1e-12);
        assertEquals(0.0, cv.sensitivity().get("C").standardDeviation(), 0.0);
        assertEquals((0.7 + 0.75) / 2, cv.accuracy().mean(), 1e-12);
        assertEquals(2 / 3.0, cv.folds().get(1).balancedAccuracy(), 1e-12);
        // pooled: A 4/5, B 2/5, C 4/4
        assertEquals((0.8 + 0.4 + 1.0) / 3, cv.pooled().summary().balancedAccuracy(), 1e-12);
        Map<String, Object> json = cv.json();
        assertEquals(cv.balancedAccuracy().mean(), (Double) json.get("balanced_accuracy_mean"), 0.0);
        assertEquals(0.25, (Double) ((Map<?, ?>) json.get("sensitivity_mean")).get("B"), 1e-12);
        assertEquals(14, json.get("pooled_count"));
        String table = CrossValidationSummary.table(Map.of("recordings", cv));
        assertTrue(table.contains("balanced accuracy") && table.contains("0.7083 ± 0.0589"), table);
        assertTrue(table.contains("sensitivity B") && table.contains("0.2500 ± 0.3536"), table);
        assertTrue(table.indexOf("balanced accuracy") < table.indexOf("\naccuracy"), table);
    }
}
