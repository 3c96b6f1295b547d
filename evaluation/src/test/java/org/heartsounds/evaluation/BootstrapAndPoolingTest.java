package org.heartsounds.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.heartsounds.core.BadInputException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootstrapAndPoolingTest {
    private static final Predictions SET = Fixtures.synthetic(600, 11);
    private static MetricsReport whole;
    private static MetricsReport ten;

    @BeforeAll
    static void computeOnce() {
        whole = MetricsReport.compute(SET, MetricsOptions.defaults());
        ten = MetricsReport.compute(Fixtures.tenItems(), MetricsOptions.defaults());
    }

    @Test
    void intervalsContainPointEstimateAndAreDeterministic() {
        MetricsReport a = whole;
        MetricsReport b = MetricsReport.compute(SET, MetricsOptions.defaults());
        MetricsReport.Summary s = a.summary();
        assertTrue(s.accuracyCi().contains(s.accuracy()), s.accuracyCi() + " vs " + s.accuracy());
        assertTrue(s.macroF1Ci().contains(s.macroF1()), s.macroF1Ci() + " vs " + s.macroF1());
        assertEquals(s.accuracyCi(), b.summary().accuracyCi());
        assertEquals(s.macroF1Ci(), b.summary().macroF1Ci());
        assertEquals(1000, a.bootstrap().resamples());
        assertEquals(1000, a.bootstrap().validResamples());
        assertEquals("item", a.bootstrap().unit());
        assertEquals(600, a.bootstrap().units());
        // binomial standard error sqrt(p(1-p)/n): a 95 % interval is about 4 of them wide
        double se = Math.sqrt(s.accuracy() * (1 - s.accuracy()) / 600);
        double width = s.accuracyCi().upper() - s.accuracyCi().lower();
        assertEquals(3.92 * se, width, 0.25 * 3.92 * se);
    }

    @Test
    void anotherSeedGivesOtherIntervals() {
        MetricsReport a = whole;
        MetricsReport c = MetricsReport.compute(SET, MetricsOptions.defaults().withSeed(7));
        assertNotEquals(a.summary().macroF1Ci(), c.summary().macroF1Ci());
        assertEquals(a.summary().accuracy(), c.summary().accuracy(), 0.0);
    }

    @Test
    void recordingBootstrapResamplesRecordings() {
        Predictions grouped = SET.withGroups(Predictions.recordingsOfWindowFiles(SET.items()));
        MetricsReport r = MetricsReport.compute(grouped, MetricsOptions.defaults());
        assertEquals("recording", r.bootstrap().unit());
        assertEquals(150, r.bootstrap().units());
        assertTrue(r.summary().accuracyCi().contains(r.summary().accuracy()));
    }

    @Test
    void recordingNamesFromWindowFiles() {
        assertEquals(List.of("a_b", "a_b", "plain.png", "x_w1"),
                Predictions.recordingsOfWindowFiles(List.of("a_b_w00.png", "a_b_w13.png", "plain.png", "x_w1_w2")));
    }

    @Test
    void quantileInterpolatesLinearly() {
        double[] v = {1, 2, 3, 4, 5};
        assertEquals(1.0, BootstrapIntervals.quantile(v, 5, 0.0), 0.0);
        assertEquals(5.0, BootstrapIntervals.quantile(v, 5, 1.0), 0.0);
        assertEquals(3.0, BootstrapIntervals.quantile(v, 5, 0.5), 0.0);
        assertEquals(1.1, BootstrapIntervals.quantile(v, 5, 0.025), 1e-12);
    }

    @Test
    void poolingFoldsEqualsTheWholeSet() {
        List<MetricsReport> folds = new ArrayList<>();
        List<Predictions> parts = split(SET, 3);
        for (Predictions part : parts) {
            folds.add(MetricsReport.compute(part, MetricsOptions.defaults()));
        }
        MetricsReport pooled = MetricsReport.pool(folds, MetricsOptions.defaults());
        assertEquals(whole.summary(), pooled.summary());
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(whole.confusion().counts()[i], pooled.confusion().counts()[i]);
        }
        long foldErrors = folds.stream().mapToLong(f -> f.summary().errors()).sum();
        assertEquals(foldErrors, pooled.summary().errors());

        CrossValidationSummary cv = CrossValidationSummary.of(folds, MetricsOptions.defaults());
        assertEquals(3, cv.folds().size());
        double meanAcc = folds.stream().mapToDouble(f -> f.summary().accuracy()).average().orElseThrow();
        assertEquals(meanAcc, cv.accuracy().mean(), 1e-12);
        assertTrue(cv.accuracy().standardDeviation() > 0);
        assertEquals(whole.summary().accuracy(), cv.pooled().summary().accuracy(), 1e-12);
    }

    @Test
    void poolingRefusesDifferentClasses() {
        Predictions other = new Predictions(List.of("x", "y"), List.of("1"), new int[] {0},
                new double[][] {{0.9, 0.1}}, null);
        assertThrows(IllegalArgumentException.class, () -> Predictions.pool(List.of(SET, other)));
    }

    @Test
    void jsonRoundTrip(@TempDir Path dir) throws IOException {
        MetricsReport r = ten;
        Path f = dir.resolve("metrics.json");
        MetricsJson.write(f, r);
        String json = Files.readString(f);
        assertTrue(json.contains("\"schema\" : \"heartsounds.metrics/1\""), json.substring(0, 200));
        assertTrue(json.contains("\"counts\" : [[3,1,0],[1,2,1],[0,0,2]]"));
        assertTrue(!json.contains("NaN"));
        MetricsReport back = MetricsJson.read(f);
        assertEquals(r.summary(), back.summary());
        assertEquals(r.perClass(), back.perClass());
        assertEquals(r.misclassified().size(), back.misclassified().size());
        assertArrayEquals(r.predictions().trueLabels(), back.predictions().trueLabels());
        // pooling works from files alone
        MetricsReport pooled = MetricsReport.pool(List.of(back, back), MetricsOptions.defaults());
        assertEquals(20, pooled.count());
        assertEquals(0.7, pooled.summary().accuracy(), 1e-12);
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary files left");
        }
    }

    @Test
    void corruptJsonNamesTheFile(@TempDir Path dir) throws IOException {
        MetricsReport r = ten;
        Path f = dir.resolve("metrics.json");
        String json = MetricsJson.toJson(r);
        Files.writeString(f, json.substring(0, json.length() / 2));
        BadInputException e = assertThrows(BadInputException.class, () -> MetricsJson.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());

        Files.writeString(f, json.replace("\"trueLabels\" : [0,0,0,0,", "\"trueLabels\" : [0,0,0,9,"));
        e = assertThrows(BadInputException.class, () -> MetricsJson.read(f));
        assertTrue(e.problem().contains("label 9"), e.problem());

        Files.writeString(f, json.replace(MetricsReport.SCHEMA, "other/1"));
        e = assertThrows(BadInputException.class, () -> MetricsJson.read(f));
        assertTrue(e.problem().contains("schema"), e.problem());
    }

    @Test
    void textTableIsAligned() {
        MetricsReport r = ten;
        String text = MetricsText.format(r);
        assertTrue(text.contains("accuracy           0.7000"), text);
        assertTrue(text.contains("Cohen's kappa      0.5455"), text);
        List<String> lines = text.lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("class  support")).findFirst()
                .orElseThrow());
        String a = lines.get(header + 2);
        String b = lines.get(header + 3);
        assertTrue(a.startsWith("A"), a);
        // right-aligned columns: every row of the per-class table has the same length
        assertEquals(lines.get(header).length(), a.length());
        assertEquals(a.length(), b.length());
        assertTrue(a.endsWith("0.5833  0.9583"), a);
        assertTrue(text.contains("item7.png  B     C          0.0500  0.3000  0.6500"), text);
    }

    private static List<Predictions> split(Predictions p, int k) {
        List<Predictions> out = new ArrayList<>();
        int n = p.size();
        for (int f = 0; f < k; f++) {
            int from = f * n / k;
            int to = (f + 1) * n / k;
            int[] labels = java.util.Arrays.copyOfRange(p.trueLabels(), from, to);
            double[][] probs = java.util.Arrays.copyOfRange(p.probabilities(), from, to);
            out.add(new Predictions(p.classNames(), p.items().subList(from, to), labels, probs, null));
        }
        return out;
    }
}
