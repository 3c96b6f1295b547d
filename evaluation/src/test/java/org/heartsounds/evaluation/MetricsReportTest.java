package org.heartsounds.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.heartsounds.evaluation.MetricsReport.ClassMetrics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.EvaluationAveraging;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.factory.Nd4j;

class MetricsReportTest {
    private static final double EPS = 1e-9;
    private static MetricsReport ten;

    @BeforeAll
    static void computeOnce() {
        ten = MetricsReport.compute(Fixtures.tenItems(), MetricsOptions.defaults());
    }

    @Test
    void confusionMatrixAndAccuracy() {
        assertArrayEquals(new long[] {3, 1, 0}, ten.confusion().counts()[0]);
        assertArrayEquals(new long[] {1, 2, 1}, ten.confusion().counts()[1]);
        assertArrayEquals(new long[] {0, 0, 2}, ten.confusion().counts()[2]);
        assertArrayEquals(new double[] {0.25, 0.5, 0.25}, ten.confusion().rowNormalised()[1], EPS);
        assertArrayEquals(new double[] {0.0, 0.0, 1.0}, ten.confusion().rowNormalised()[2], EPS);
        assertEquals(0.7, ten.summary().accuracy(), EPS);
        assertEquals(10, ten.count());
        assertEquals(3, ten.summary().errors());
    }

    @Test
    void perClassMetricsByHand() {
        // A: tp 3, fp 1, fn 1, tn 5
        assertClass(ten.perClass().get(0), 3, 1, 1, 5, 3 / 4.0, 5 / 6.0, 3 / 4.0, 5 / 6.0, 0.75,
                (3 * 5 - 1 * 1) / Math.sqrt(4.0 * 4 * 6 * 6));
        // B: tp 2, fp 1, fn 2, tn 5
        assertClass(ten.perClass().get(1), 2, 1, 2, 5, 2 / 4.0, 5 / 6.0, 2 / 3.0, 5 / 7.0, 4 / 7.0,
                (2 * 5 - 1 * 2) / Math.sqrt(3.0 * 4 * 6 * 7));
        // C: tp 2, fp 1, fn 0, tn 7
        assertClass(ten.perClass().get(2), 2, 1, 0, 7, 1.0, 7 / 8.0, 2 / 3.0, 1.0, 0.8,
                (2 * 7 - 1 * 0) / Math.sqrt(3.0 * 2 * 8 * 7));
        assertEquals(4, ten.perClass().get(1).support());
        assertEquals(3, ten.perClass().get(2).predicted());
    }

    @Test
    void macroAndMicroAveragesByHand() {
        assertEquals((0.75 + 0.5 + 1.0) / 3, ten.macro().sensitivity(), EPS);
        assertEquals((5 / 6.0 + 5 / 6.0 + 7 / 8.0) / 3, ten.macro().specificity(), EPS);
        assertEquals((0.75 + 2 / 3.0 + 2 / 3.0) / 3, ten.macro().precision(), EPS);
        assertEquals((5 / 6.0 + 5 / 7.0 + 1.0) / 3, ten.macro().npv(), EPS);
        assertEquals((0.75 + 4 / 7.0 + 0.8) / 3, ten.macro().f1(), EPS);
        assertEquals(ten.macro().f1(), ten.summary().macroF1(), EPS);
        assertEquals(0.7, ten.micro().sensitivity(), EPS);
        assertEquals(0.7, ten.micro().precision(), EPS);
        assertEquals(0.7, ten.micro().f1(), EPS);
        assertEquals(17 / 20.0, ten.micro().specificity(), EPS);
        assertEquals(17 / 20.0, ten.micro().npv(), EPS);
    }

    @Test
    void kappaAndMulticlassMccByHand() {
        // p_o = 0.7, p_e = (4*4 + 4*3 + 2*3) / 100 = 0.34
        assertEquals((0.7 - 0.34) / (1 - 0.34), ten.summary().cohensKappa(), EPS);
        assertEquals(6.0 / 11.0, ten.summary().cohensKappa(), EPS);
        // (7*10 - 34) / sqrt((100 - 34) (100 - 36))
        assertEquals(36.0 / Math.sqrt(66.0 * 64.0), ten.summary().matthewsCorrelation(), EPS);
    }

    @Test
    void agreementStatisticsEdgeCases() {
        assertEquals(1.0, AgreementStatistics.cohensKappa(new long[][] {{5, 0}, {0, 5}}), EPS);
        assertEquals(1.0, AgreementStatistics.matthewsCorrelation(new long[][] {{5, 0}, {0, 5}}), EPS);
        assertEquals(-1.0, AgreementStatistics.matthewsCorrelation(new long[][] {{0, 5}, {5, 0}}), EPS);
        // everything predicted as one class: MCC 0, kappa 0
        assertEquals(0.0, AgreementStatistics.matthewsCorrelation(new long[][] {{6, 0}, {4, 0}}), EPS);
        assertEquals(0.0, AgreementStatistics.cohensKappa(new long[][] {{6, 0}, {4, 0}}), EPS);
        // a single class predicted perfectly: kappa undefined
        assertTrue(Double.isNaN(AgreementStatistics.cohensKappa(new long[][] {{10, 0}, {0, 0}})));
    }

    @Test
    void rocAucByHand() {
        assertEquals(23 / 24.0, ten.perClass().get(0).auc(), EPS);
        assertEquals(22 / 24.0, ten.perClass().get(1).auc(), EPS);
        assertEquals(1.0, ten.perClass().get(2).auc(), EPS);
        assertEquals((23 / 24.0 + 22 / 24.0 + 1.0) / 3, ten.summary().macroAuc(), EPS);
        assertEquals(3, ten.roc().size());
        double[] fpr = ten.roc().get(0).falsePositiveRate();
        double[] tpr = ten.roc().get(0).truePositiveRate();
        assertEquals(0.0, fpr[0], EPS);
        assertEquals(1.0, fpr[fpr.length - 1], EPS);
        assertEquals(1.0, tpr[tpr.length - 1], EPS);
    }

    @Test
    void rocAucOfTwoClassCaseByHand() {
        // class 1 scores: positives 0.9, 0.7, 0.4; negatives 0.8, 0.3, 0.2, 0.1 -> 10 of 12 pairs ranked right
        double[] s = {0.9, 0.7, 0.4, 0.8, 0.3, 0.2, 0.1};
        int[] labels = {1, 1, 1, 0, 0, 0, 0};
        double[][] p = new double[s.length][];
        for (int i = 0; i < s.length; i++) {
            p[i] = new double[] {1 - s[i], s[i]};
        }
        MetricsReport r = MetricsReport.compute(new Predictions(List.of("neg", "pos"),
                List.of("a", "b", "c", "d", "e", "f", "g"), labels, p, null), MetricsOptions.defaults());
        assertEquals(10 / 12.0, r.perClass().get(1).auc(), EPS);
        assertEquals(10 / 12.0, r.perClass().get(0).auc(), EPS);
        // two classes: macro F1 is the mean of both classes' F1 (DL4J's f1(Macro) would give class 1 only)
        // predictions at 0.5: pos predicted for 0.9, 0.7, 0.8 -> class 1: tp 2, fp 1, fn 1; class 0: tp 3, fp 1, fn 1
        assertEquals((2 / 3.0 + 3 / 4.0) / 2, r.summary().macroF1(), EPS);
    }

    @Test
    void perfectlySeparableAucIsOne() {
        Predictions p = new Predictions(List.of("x", "y", "z"), List.of("1", "2", "3", "4", "5", "6"),
                new int[] {0, 0, 1, 1, 2, 2}, new double[][] {
                        {0.9, 0.05, 0.05}, {0.6, 0.3, 0.1}, {0.2, 0.7, 0.1}, {0.3, 0.4, 0.3},
                        {0.1, 0.1, 0.8}, {0.25, 0.35, 0.4}}, null);
        MetricsReport r = MetricsReport.compute(p, MetricsOptions.defaults());
        for (ClassMetrics m : r.perClass()) {
            assertEquals(1.0, m.auc(), EPS, m.name());
        }
        assertEquals(1.0, r.summary().accuracy(), EPS);
        assertEquals(1.0, r.summary().cohensKappa(), EPS);
        assertEquals(1.0, r.summary().matthewsCorrelation(), EPS);
        assertTrue(r.misclassified().isEmpty());
    }

    @Test
    void undefinedValuesAreNull() {
        // class z never occurs and is never predicted
        Predictions p = new Predictions(List.of("x", "y", "z"), List.of("1", "2", "3"), new int[] {0, 1, 1},
                new double[][] {{0.8, 0.1, 0.1}, {0.3, 0.6, 0.1}, {0.5, 0.4, 0.1}}, null);
        MetricsReport r = MetricsReport.compute(p, MetricsOptions.defaults());
        ClassMetrics z = r.perClass().get(2);
        assertNull(z.sensitivity());
        assertNull(z.precision());
        assertNull(z.f1());
        assertNull(z.auc());
        assertEquals(1.0, z.specificity(), EPS);
        assertEquals(2, r.roc().size());
        // macro over x (P 1/2, R 1) and y (P 1, R 1/2): F1 2/3 each
        assertEquals(2 / 3.0, r.summary().macroF1(), EPS);
    }

    @Test
    void misclassifiedMostConfidentFirst() {
        List<MetricsReport.Misclassified> m = ten.misclassified();
        assertEquals(3, m.size());
        assertEquals(List.of(7, 4, 3), m.stream().map(MetricsReport.Misclassified::index).toList());
        assertEquals("item7.png", m.get(0).item());
        assertEquals("B", m.get(0).trueClass());
        assertEquals("C", m.get(0).predictedClass());
        assertEquals(0.65, m.get(0).predictedProbability(), EPS);
        assertEquals(0.30, m.get(0).trueProbability(), EPS);
        assertArrayEquals(new double[] {0.05, 0.30, 0.65}, m.get(0).probabilities(), EPS);
    }

    @Test
    void reliabilityCurveFromDl4j() {
        MetricsReport.ReliabilityCurve c = ten.reliability().get(2);
        assertEquals("C", c.className());
        double[] x = c.meanPredicted();
        double[] y = c.fractionPositive();
        assertEquals(x.length, y.length);
        assertEquals(0.05, x[0], EPS); // bin [0, 0.1): only 0.05, a negative
        assertEquals(0.0, y[0], EPS);
        assertEquals(0.90, x[x.length - 1], EPS); // bin [0.9, 1]: only 0.90, a positive
        assertEquals(1.0, y[y.length - 1], EPS);
        for (int i = 1; i < x.length; i++) {
            assertTrue(x[i] > x[i - 1]);
        }
    }

    @Test
    void macroF1CountsANeverPredictedClassAsZero() {
        // a collapsed model: 10 recordings of each of 5 classes, every one predicted as class a
        List<String> names = List.of("a", "b", "c", "d", "e");
        int n = 50;
        int[] truth = new int[n];
        double[][] probs = new double[n][];
        List<String> items = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            truth[i] = i / 10;
            probs[i] = new double[] {0.6, 0.1, 0.1, 0.1, 0.1};
            items.add("r" + i);
        }
        MetricsReport r = MetricsReport.compute(new Predictions(names, items, truth, probs, null),
                MetricsOptions.defaults());
        // class a: TP 10, FP 40, FN 0 -> F1 20/60; b..e: TP 0, FN 10 -> F1 0
        assertEquals(1 / 3.0, r.perClass().get(0).f1(), EPS);
        for (int k = 1; k < 5; k++) {
            assertEquals(0.0, r.perClass().get(k).f1(), EPS, names.get(k));
            assertNull(r.perClass().get(k).precision(), names.get(k));
        }
        assertEquals(1 / 15.0, r.summary().macroF1(), EPS);
        assertEquals(1 / 15.0, r.macro().f1(), EPS);
        assertEquals(1 / 15.0, BootstrapIntervals.macroF1(r.confusion().counts()), EPS);
        // DL4J's f1(Macro) leaves the never-predicted classes out
        Evaluation eval = new Evaluation(names);
        eval.eval(new Predictions(names, items, truth, probs, null).oneHotLabels(),
                new Predictions(names, items, truth, probs, null).probabilityMatrix());
        assertEquals(1 / 3.0, eval.f1(EvaluationAveraging.Macro), EPS);
    }

    @Test
    void macroF1MatchesDl4jWhenEveryClassIsPredicted() {
        Predictions p = Fixtures.synthetic(400, 3);
        MetricsReport r = MetricsReport.compute(p, MetricsOptions.defaults());
        Evaluation eval = new Evaluation(p.classNames());
        eval.eval(p.oneHotLabels(), p.probabilityMatrix());
        assertEquals(eval.f1(EvaluationAveraging.Macro), BootstrapIntervals.macroF1(r.confusion().counts()), 1e-12);
        assertEquals(eval.f1(EvaluationAveraging.Macro), r.summary().macroF1(), 1e-12);
        assertEquals(eval.accuracy(), BootstrapIntervals.accuracy(r.confusion().counts()), 1e-12);
    }

    @Test
    void rejectsInvalidPredictions() {
        assertThrows(IllegalArgumentException.class, () -> new Predictions(List.of("a", "b"), List.of("1"),
                new int[] {2}, new double[][] {{0.5, 0.5}}, null));
        assertThrows(IllegalArgumentException.class, () -> new Predictions(List.of("a", "b"), List.of("1"),
                new int[] {0}, new double[][] {{Double.NaN, 0.5}}, null));
        assertThrows(IllegalArgumentException.class, () -> new Predictions(List.of("a", "b"), List.of("1"),
                new int[] {0}, new double[][] {{0.5, 0.2, 0.3}}, null));
        assertThrows(IllegalArgumentException.class, () -> new Predictions(List.of("a", "a"), List.of("1"),
                new int[] {0}, new double[][] {{0.5, 0.5}}, null));
        assertThrows(IllegalArgumentException.class, () -> Predictions.of(Nd4j.zeros(3), new int[] {0, 0, 0},
                List.of("a", "b", "c"), List.of("1", "2", "3")));
    }

    @Test
    void fromIndArray() {
        Predictions p = Predictions.of(Nd4j.createFromArray(new float[][] {{0.25f, 0.75f}, {1f, 0f}}),
                new int[] {1, 1}, List.of("a", "b"), List.of("f1.png", "f2.png"));
        assertArrayEquals(new int[] {1, 0}, p.predictedLabels());
        assertEquals(0.75, p.probabilities()[0][1], EPS);
    }

    private static void assertClass(ClassMetrics m, long tp, long fp, long fn, long tn, double sens, double spec,
                                    double prec, double npv, double f1, double mcc) {
        assertEquals(tp, m.tp(), m.name() + " tp");
        assertEquals(fp, m.fp(), m.name() + " fp");
        assertEquals(fn, m.fn(), m.name() + " fn");
        assertEquals(tn, m.tn(), m.name() + " tn");
        assertEquals(sens, m.sensitivity(), EPS, m.name() + " sensitivity");
        assertEquals(spec, m.specificity(), EPS, m.name() + " specificity");
        assertEquals(prec, m.precision(), EPS, m.name() + " precision");
        assertEquals(npv, m.npv(), EPS, m.name() + " npv");
        assertEquals(f1, m.f1(), EPS, m.name() + " f1");
        assertEquals(mcc, m.mcc(), EPS, m.name() + " mcc");
    }
}
