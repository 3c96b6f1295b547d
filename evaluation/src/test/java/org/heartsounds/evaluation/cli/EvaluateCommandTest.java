package org.heartsounds.evaluation.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.data.dataset.Split;
import org.heartsounds.evaluation.MetricsJson;
import org.heartsounds.evaluation.MetricsReport;
import org.heartsounds.evaluation.Predictions;
import org.heartsounds.evaluation.model.Dl4jClassifier;
import org.heartsounds.evaluation.testing.TestModels;
import org.heartsounds.trainer.data.ImageEntry;
import org.heartsounds.trainer.data.ImageTensors;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.heartsounds.trainer.testing.TinyDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@code heartsounds evaluate} on the tiny prepared dataset (4 synthetic recordings per class, 32x32) with run
 * folders and ONNX files holding small random networks: the report's numbers against recomputation, label and
 * preprocessing mismatches, label order, cross-validation folders and the usage text.
 */
class EvaluateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static TinyDataset.Prepared data;
    static Path run;

    @BeforeAll
    static void fixtures() throws IOException {
        Nd4jThreads.single();
        data = TinyDataset.prepare(tmp.resolve("tiny"), 4, 0);
        run = TestModels.runFolder(tmp.resolve("run"), data.recipe(), TestModels.LABELS, 7);
    }

    private static CommandRunner evaluate(String... args) {
        return CommandRunner.run(new EvaluateCommand(), args);
    }

    /** Accuracy counted by hand: rows whose largest probability is the true class (first maximum on ties). */
    private static double accuracyByHand(Predictions p) {
        int correct = 0;
        for (int i = 0; i < p.size(); i++) {
            double[] row = p.probabilities()[i];
            int best = 0;
            for (int k = 1; k < row.length; k++) {
                if (row[k] > row[best]) {
                    best = k;
                }
            }
            correct += best == p.trueLabels()[i] ? 1 : 0;
        }
        return correct / (double) p.size();
    }

    @Test
    void runFolderReportMatchesTheModelRecomputedByHand() throws IOException {
        CommandRunner r = evaluate("--run", run.toString());
        assertEquals(0, r.code(), r.err());
        Path out = run.resolve("eval-test");
        MetricsReport report = MetricsJson.read(out.resolve("metrics.json"));
        List<ImageEntry> test = data.data().images(Split.TEST);
        assertEquals(test.size(), report.count());
        assertEquals(accuracyByHand(report.predictions()), report.summary().accuracy(), 1e-12);
        // the same numbers straight from the network, without the command
        INDArray expected;
        int[] truth;
        try (Dl4jClassifier model = Dl4jClassifier.read(run.resolve("model.zip"))) {
            ImageTensors images = ImageTensors.load(test, data.data().labels(), 32, 32);
            expected = model.probabilities(images.features());
            truth = images.labelIndices();
        }
        assertArrayEquals(truth, report.predictions().trueLabels());
        double[][] p = report.predictions().probabilities();
        for (int i = 0; i < p.length; i++) {
            for (int k = 0; k < 5; k++) {
                assertEquals(expected.getDouble(i, k), p[i][k], 1e-6, "item " + i + " class " + k);
            }
        }
        long recordings = test.stream().map(ImageEntry::recording).distinct().count();
        assertEquals(recordings, MetricsJson.read(run.resolve("eval-test-recordings/metrics.json")).count());
        for (String f : List.of("metrics.txt", "report.html", "charts/confusion_matrix.png", "charts/roc.svg")) {
            assertTrue(Files.size(out.resolve(f)) > 100, f);
        }
        assertTrue(r.out().contains(String.format(Locale.ROOT, "accuracy %.4f", report.summary().accuracy())),
                r.out());
        assertTrue(r.out().contains(String.format(Locale.ROOT, "balanced accuracy %.4f",
                report.summary().balancedAccuracy())), r.out());
        // the tiny dataset has no shared audio: every patient (group) has one recording
        MetricsReport patients = MetricsJson.read(run.resolve("eval-test-patients/metrics.json"));
        MetricsReport recs = MetricsJson.read(run.resolve("eval-test-recordings/metrics.json"));
        assertEquals(recs.count(), patients.count());
        assertEquals(recs.summary(), patients.summary());
        assertEquals("patient", patients.bootstrap().unit());
        assertEquals(recs.count(), report.bootstrap().units(), "windows resample patients");
        assertEquals(List.of(test.size(), recs.count(), patients.count()), report.levels().levels().stream()
                .map(l -> l.count()).toList());
        assertTrue(r.out().contains("note: every patient has one recording: the patient level equals the recording "
                + "level"), r.out());
        assertTrue(Files.readString(out.resolve("metrics.txt")).contains("Levels side by side"));
        assertTrue(r.out().contains("macro-F1") && r.out().contains("95 % CI"), r.out());
        assertTrue(r.out().contains("written: " + out.toAbsolutePath().normalize()), r.out());
    }

    @Test
    void onnxModelIsEvaluatedThroughOnnxRuntime() throws IOException {
        Path onnx = TestModels.tinyOnnxFile(tmp.resolve("onnx/tiny.onnx"), TinyDataset.SIZE, "Softmax");
        Path out = tmp.resolve("onnx-eval");
        CommandRunner r = evaluate("--model", onnx.toString(), "--data", data.root().toString(), "--split", "val",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("model: ONNX model"), r.out());
        MetricsReport report = MetricsJson.read(out.resolve("metrics.json"));
        List<ImageEntry> val = data.data().images(Split.VAL);
        assertEquals(val.size(), report.count());
        double[][] byHand = TestModels.tinyOnnxProbabilities(ImageTensors.load(val, data.data().labels(), 32, 32)
                .features());
        for (int i = 0; i < byHand.length; i++) {
            assertArrayEquals(byHand[i], report.predictions().probabilities()[i], 1e-5, "item " + i);
        }
        assertEquals(accuracyByHand(report.predictions()), report.summary().accuracy(), 1e-12);
        assertTrue(Files.isRegularFile(tmp.resolve("onnx-eval-recordings/report.html")));
    }

    @Test
    void logMeanAggregationPoolsRecordingsByTheirWindowsGeometricMean() throws IOException {
        Path out = tmp.resolve("log-mean");
        CommandRunner r = evaluate("--run", run.toString(), "--aggregate", "log_mean", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        Predictions windows = MetricsJson.read(out.resolve("metrics.json")).predictions();
        MetricsReport recordings = MetricsJson.read(tmp.resolve("log-mean-recordings/metrics.json"));
        assertEquals("log_mean", recordings.levels().aggregation());
        for (int i = 0; i < recordings.count(); i++) {
            String id = recordings.predictions().items().get(i);
            double[] logSum = new double[5];
            int n = 0;
            for (int w = 0; w < windows.size(); w++) {
                if (windows.groups().get(w).equals(id)) {
                    n++;
                    for (int k = 0; k < 5; k++) {
                        logSum[k] += Math.log(windows.probabilities()[w][k]);
                    }
                }
            }
            double total = 0;
            for (int k = 0; k < 5; k++) {
                total += Math.exp(logSum[k] / n);
            }
            for (int k = 0; k < 5; k++) {
                assertEquals(Math.exp(logSum[k] / n) / total, recordings.predictions().probabilities()[i][k], 1e-12,
                        id + " class " + k);
            }
        }
        CommandRunner bad = evaluate("--run", run.toString(), "--aggregate", "max");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--aggregate must be mean or log_mean, got 'max'"), bad.err());
    }

    @Test
    void labelMismatchIsExitTwoListingBothLabelSets() throws IOException {
        Path zip = TestModels.archive(tmp.resolve("abcde.zip"), data.recipe(), List.of("A", "B", "C", "D", "E"), 1);
        Path out = tmp.resolve("mismatch");
        CommandRunner r = evaluate("--model", zip.toString(), "--data", data.root().toString(), "--out",
                out.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("[AS, MR, MS, MVP, N]") && r.err().contains("[A, B, C, D, E]"), r.err());
        assertTrue(r.err().contains(data.root().resolve("labels.txt").toString()), r.err());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void otherPreprocessingIsExitTwoNamingTheSetting() throws IOException {
        Recipe other = data.recipe(Map.of("spectrogram.n_mels", "32"));
        Path zip = TestModels.archive(tmp.resolve("mels32.zip"), other, TestModels.LABELS, 1);
        CommandRunner r = evaluate("--model", zip.toString(), "--data", data.root().toString(), "--out",
                tmp.resolve("mels").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("spectrogram.n_mels: " + data.recipe().spectrogram().nMels() + " vs 32"),
                r.err());
    }

    @Test
    void labelsInAnotherOrderAreMappedByName() throws IOException {
        List<String> reversed = new ArrayList<>(TestModels.LABELS);
        java.util.Collections.reverse(reversed);
        Path zip = TestModels.archive(tmp.resolve("reversed.zip"), data.recipe(), reversed, 3);
        Path out = tmp.resolve("reversed-eval");
        CommandRunner r = evaluate("--model", zip.toString(), "--data", data.root().toString(), "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        Predictions p = MetricsJson.read(out.resolve("metrics.json")).predictions();
        assertEquals(reversed, p.classNames());
        Map<String, String> classOfFile = new HashMap<>();
        for (ImageEntry e : data.data().images(Split.TEST)) {
            classOfFile.put(e.path().getFileName().toString(), e.path().getParent().getFileName().toString());
        }
        for (int i = 0; i < p.size(); i++) {
            assertEquals(classOfFile.get(p.items().get(i)), p.classNames().get(p.trueLabels()[i]), p.items().get(i));
        }
    }

    @Test
    void crossValidationFolderGivesEveryFoldAndThePooledReport() throws IOException {
        Path cv = cvFolder("cv", 10, false);
        List<String> ids = data.data().recordings().stream().map(rec -> rec.id()).toList();
        String folds = Files.readString(cv.resolve("folds.csv"));
        CommandRunner r = evaluate("--run", cv.toString());
        assertEquals(0, r.code(), r.err());
        Path out = cv.resolve("eval-test");
        int windows = 0;
        int recordings = 0;
        for (int k = 0; k < 3; k++) {
            windows += MetricsJson.read(out.resolve("fold-" + k + "/metrics.json")).count();
            recordings += MetricsJson.read(out.resolve("fold-" + k + "-recordings/metrics.json")).count();
            assertTrue(Files.isRegularFile(out.resolve("fold-" + k + "/report.html")));
        }
        assertEquals(data.data().imageCount(), windows, "every window is tested in exactly one fold");
        assertEquals(ids.size(), recordings);
        MetricsReport pooled = MetricsJson.read(out.resolve("pooled/metrics.json"));
        assertEquals(data.data().imageCount(), pooled.count());
        assertEquals(ids.size(), MetricsJson.read(out.resolve("pooled-recordings/metrics.json")).count());
        assertEquals(accuracyByHand(pooled.predictions()), pooled.summary().accuracy(), 1e-12);
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertEquals(3, summary.get("per_fold").size());
        assertEquals(pooled.summary().accuracy(), summary.get("windows").get("pooled_accuracy").asDouble(), 1e-12);
        double mean = 0;
        for (JsonNode f : summary.get("per_fold")) {
            mean += f.get("window_accuracy").asDouble() / 3;
        }
        assertEquals(mean, summary.get("windows").get("accuracy_mean").asDouble(), 1e-12);
        double patientBalanced = 0;
        int patients = 0;
        for (int k = 0; k < 3; k++) {
            MetricsReport p = MetricsJson.read(out.resolve("fold-" + k + "-patients/metrics.json"));
            patientBalanced += p.summary().balancedAccuracy() / 3;
            patients += p.count();
            assertEquals(p.summary().balancedAccuracy(), summary.get("per_fold").get(k)
                    .get("patient_balanced_accuracy").asDouble(), 1e-12);
        }
        assertEquals(ids.size(), patients, "one recording per group in this dataset");
        assertEquals(patientBalanced, summary.get("patients").get("balanced_accuracy_mean").asDouble(), 1e-12);
        assertEquals(ids.size(), MetricsJson.read(out.resolve("pooled-patients/metrics.json")).count());
        assertEquals(5, summary.get("patients").get("sensitivity_mean").size());
        assertEquals("mean", summary.get("aggregation").asText());
        String text = Files.readString(out.resolve("summary.txt"));
        assertTrue(text.matches("(?s).*mean over folds \\(± sd\\)\\s+windows\\s+recordings\\s+patients\n.*"), text);
        assertTrue(text.contains("note: every patient has one recording"), text);
        assertTrue(Files.readString(out.resolve("summary.txt")).startsWith("3 folds, test part of each fold"));
        assertTrue(r.out().contains("mean over folds"), r.out());

        Files.writeString(cv.resolve("folds.csv"), folds.replace(ids.get(0) + ",", "ghost.wav,"));
        CommandRunner ghost = evaluate("--run", cv.toString(), "--out", tmp.resolve("ghost").toString());
        assertEquals(2, ghost.code());
        assertTrue(ghost.err().contains("ghost.wav") && ghost.err().contains("not in the dataset"), ghost.err());
    }

    /** A cross-validation folder over the tiny dataset: 3 folds, fold K's model a random network of seed + K. */
    private static Path cvFolder(String name, long seed, boolean otherFolds) throws IOException {
        Path cv = tmp.resolve(name);
        List<String> ids = data.data().recordings().stream().map(rec -> rec.id()).toList();
        StringBuilder folds = new StringBuilder("recording,group,fold0,fold1,fold2\n");
        for (int i = 0; i < ids.size(); i++) {
            folds.append(ids.get(i)).append(",g").append(i);
            int j = otherFolds && i < 2 ? 1 - i : i;
            for (int k = 0; k < 3; k++) {
                folds.append(',').append(j % 3 == k ? "test" : (j + 1) % 3 == k ? "val" : "train");
            }
            folds.append('\n');
        }
        Files.createDirectories(cv);
        Files.writeString(cv.resolve("folds.csv"), folds);
        ConfigLoader.write(data.recipe(), cv.resolve("config.yaml"));
        for (int k = 0; k < 3; k++) {
            TestModels.runFolder(cv.resolve("fold-" + k), data.recipe(), TestModels.LABELS, seed + k);
        }
        return cv;
    }

    private static Map<String, double[]> probabilitiesByWindow(Path metricsJson) throws IOException {
        Predictions p = MetricsJson.read(metricsJson).predictions();
        Map<String, double[]> out = new java.util.HashMap<>();
        for (int i = 0; i < p.size(); i++) {
            out.put(p.items().get(i), p.probabilities()[i]);
        }
        return out;
    }

    @Test
    void foldModelsOfTwoCrossValidationsAreAveragedAndTimeShiftsAveraged() throws IOException {
        Path a = cvFolder("cv-a", 20, false);
        Path b = cvFolder("cv-b", 40, false);
        assertEquals(0, evaluate("--run", a.toString()).code());
        assertEquals(0, evaluate("--run", b.toString()).code());
        CommandRunner both = evaluate("--run", a.toString(), "--ensemble", b.toString());
        assertEquals(0, both.code(), both.err());
        assertTrue(both.out().contains("averaged with the same folds' models of " + b.toAbsolutePath().normalize()),
                both.out());
        for (int k = 0; k < 3; k++) {
            Map<String, double[]> pa = probabilitiesByWindow(a.resolve("eval-test/fold-" + k + "/metrics.json"));
            Map<String, double[]> pb = probabilitiesByWindow(b.resolve("eval-test/fold-" + k + "/metrics.json"));
            Map<String, double[]> pe = probabilitiesByWindow(a.resolve("eval-test-ensemble2/fold-" + k
                    + "/metrics.json"));
            assertEquals(pa.keySet(), pe.keySet());
            for (String item : pe.keySet()) {
                for (int c = 0; c < 5; c++) {
                    assertEquals((pa.get(item)[c] + pb.get(item)[c]) / 2, pe.get(item)[c], 1e-6, item);
                }
            }
        }
        // time-shift averaging: the mean over rolls computed here by hand from fold 0's network
        CommandRunner tta = evaluate("--run", a.toString(), "--tta-shifts", "2", "--tta-max-shift", "0.25");
        assertEquals(0, tta.code(), tta.err());
        Map<String, double[]> pt = probabilitiesByWindow(a.resolve("eval-test-tta5/fold-0/metrics.json"));
        List<String> ids = data.data().recordings().stream().map(rec -> rec.id()).toList();
        List<Integer> fold0 = new java.util.ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (i % 3 == 0) {
                fold0.add(i);
            }
        }
        List<ImageEntry> test = data.data().imagesOf(fold0);
        try (Dl4jClassifier model = Dl4jClassifier.read(a.resolve("fold-0/model.zip"))) {
            INDArray x = ImageTensors.load(test, data.data().labels(), 32, 32).features();
            INDArray sum = null;
            for (int offset : new int[] {-8, -4, 0, 4, 8}) {
                INDArray rolled = Nd4j.create(x.shape());
                for (int col = 0; col < 32; col++) {
                    rolled.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(),
                            NDArrayIndex.point(Math.floorMod(col + offset, 32))).assign(x.get(NDArrayIndex.all(),
                            NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(col)));
                }
                INDArray p = model.probabilities(rolled);
                sum = sum == null ? p.dup() : sum.addi(p);
            }
            for (int i = 0; i < test.size(); i++) {
                double[] got = pt.get(test.get(i).path().getFileName().toString());
                for (int c = 0; c < 5; c++) {
                    assertEquals(sum.getDouble(i, c) / 5, got[c], 2e-5, test.get(i).path().toString());
                }
            }
        }
        Path other = cvFolder("cv-other", 60, true);
        CommandRunner mismatch = evaluate("--run", a.toString(), "--ensemble", other.toString(), "--out",
                tmp.resolve("mismatch").toString());
        assertEquals(2, mismatch.code());
        assertTrue(mismatch.err().contains(other.resolve("folds.csv").toString())
                && mismatch.err().contains("holds other folds"), mismatch.err());
        assertEquals(2, evaluate("--run", a.toString(), "--tta-shifts", "-1").code());
    }

    @Test
    void usageAndBadArguments() {
        CommandRunner help = evaluate("--help");
        assertEquals(0, help.code());
        for (String flag : List.of("--run", "--model", "--split", "--data", "--out", "--config")) {
            assertTrue(help.out().contains(flag), flag + " in\n" + help.out());
        }
        CommandRunner none = evaluate();
        assertEquals(2, none.code());
        assertTrue(none.err().contains("Missing required argument") && none.err().contains("--run"), none.err());
        CommandRunner both = evaluate("--run", run.toString(), "--model", run.toString());
        assertEquals(2, both.code());
        assertTrue(both.err().contains("mutually exclusive"), both.err());
        CommandRunner split = evaluate("--run", run.toString(), "--split", "train");
        assertEquals(2, split.code());
        assertTrue(split.err().contains("--split must be test or val, got 'train'"), split.err());
        Path missing = tmp.resolve("no-such-run");
        CommandRunner gone = evaluate("--run", missing.toString());
        assertEquals(2, gone.code());
        assertEquals("error: " + missing + ": run folder not found", gone.err().strip());
    }
}
