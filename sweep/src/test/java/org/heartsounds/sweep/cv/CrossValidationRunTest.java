package org.heartsounds.sweep.cv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.evaluation.MetricsJson;
import org.heartsounds.evaluation.MetricsReport;
import org.heartsounds.evaluation.cv.FoldsCsv;
import org.heartsounds.trainer.run.ModelArchive;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.heartsounds.trainer.testing.TinyDataset;
import org.heartsounds.trainer.train.TrainingEvents;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 3-fold grouped cross-validation of the tiny dataset (1 epoch per fold), with one recording per class duplicated
 * under another name so that shared-audio groups of two exist.
 */
class CrossValidationRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static TinyDataset.Prepared data;
    static Recipe recipe;
    static Path root;
    static CrossValidationRun.Result result;

    @BeforeAll
    static void crossValidate() throws IOException {
        Nd4jThreads.single();
        data = TinyDataset.prepare(tmp.resolve("tiny"), 6, 1);
        // the oneDNN fast path is off only to save CPU time on the test machine
        recipe = data.recipe(Map.of("train.epochs", "1", "train.fast_path", "false"));
        root = tmp.resolve("cv");
        result = new CrossValidationRun(recipe, data.data(), root, false, TrainingEvents.NONE, n -> null).run();
    }

    private record FoldsCsv(List<String> recordings, List<String> groups, List<List<String>> splits) {
    }

    private static FoldsCsv foldsCsv() throws IOException {
        List<String> lines = Files.readAllLines(root.resolve("folds.csv"));
        assertEquals("recording,group,fold0,fold1,fold2", lines.get(0));
        List<String> recordings = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        List<List<String>> splits = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            assertEquals(5, c.length, line);
            recordings.add(c[0]);
            groups.add(c[1]);
            splits.add(List.of(c[2], c[3], c[4]));
        }
        return new FoldsCsv(recordings, groups, splits);
    }

    @Test
    void everyRecordingIsTestedInExactlyOneFold() throws IOException {
        FoldsCsv f = foldsCsv();
        assertEquals(35, f.recordings().size(), "30 recordings + 5 copies");
        assertEquals(data.data().recordings().stream().map(r -> r.id()).toList(), f.recordings());
        int[] testsPerFold = new int[3];
        for (int i = 0; i < f.recordings().size(); i++) {
            int tested = 0;
            for (int k = 0; k < 3; k++) {
                String s = f.splits().get(i).get(k);
                assertTrue(List.of("train", "val", "test").contains(s), s);
                if (s.equals("test")) {
                    tested++;
                    testsPerFold[k]++;
                }
            }
            assertEquals(1, tested, f.recordings().get(i) + " is tested exactly once");
        }
        for (int k = 0; k < 3; k++) {
            assertTrue(testsPerFold[k] >= 9 && testsPerFold[k] <= 14, "about a third per fold: " + testsPerFold[k]);
            int k0 = k;
            assertTrue(f.splits().stream().anyMatch(s -> s.get(k0).equals("val")), "fold " + k + " has validation");
        }
        int testImages = result.perFold().stream().mapToInt(CrossValidationRun.FoldResult::testImages).sum();
        assertEquals(data.data().imageCount(), testImages, "every window is tested once");
    }

    @Test
    void groupedProtocolKeepsEachGroupInOneFoldsTestPart() throws IOException {
        FoldsCsv f = foldsCsv();
        Map<String, Set<List<String>>> splitsOfGroup = new HashMap<>();
        for (int i = 0; i < f.recordings().size(); i++) {
            splitsOfGroup.computeIfAbsent(f.groups().get(i), g -> new HashSet<>()).add(f.splits().get(i));
        }
        int shared = 0;
        for (String c : List.of("as", "mr", "ms", "mvp", "n")) {
            String original = c.toUpperCase() + "/synth_" + c + "_001.wav";
            String copy = c.toUpperCase() + "/copy_of_synth_" + c + "_001.wav";
            String g = f.groups().get(f.recordings().indexOf(original));
            assertEquals(g, f.groups().get(f.recordings().indexOf(copy)), "the copy shares the group of " + original);
            shared++;
        }
        assertEquals(5, shared);
        assertEquals(30, splitsOfGroup.size(), "35 recordings in 30 groups");
        splitsOfGroup.forEach((g, s) -> assertEquals(1, s.size(), "group " + g + " has one split per fold: " + s));
        assertEquals("grouped", result.protocol());
    }

    @Test
    void summaryAndFoldFolders() throws IOException {
        JsonNode summary = JSON.readTree(root.resolve("summary.json").toFile());
        assertEquals("grouped", summary.get("protocol").asText());
        assertEquals(3, summary.get("folds").asInt());
        assertEquals(3, summary.get("per_fold").size());
        for (String level : List.of("windows", "recordings", "patients")) {
            JsonNode s = summary.get(level);
            for (String key : List.of("balanced_accuracy_mean", "balanced_accuracy_sd", "accuracy_mean", "accuracy_sd",
                    "macro_f1_mean", "macro_f1_sd", "pooled_accuracy", "pooled_balanced_accuracy")) {
                assertTrue(s.has(key) && s.get(key).isNumber(), level + "." + key);
            }
            assertEquals(3, s.get("per_fold").size());
        }
        double sum = 0;
        double sq = 0;
        for (int k = 0; k < 3; k++) {
            CrossValidationRun.FoldResult fr = result.perFold().get(k);
            assertEquals(k, fr.fold());
            assertEquals(1, fr.bestEpoch(), "1 epoch per fold");
            Path fold = root.resolve("fold-" + k);
            MetricsReport test = MetricsJson.read(fold.resolve("test").resolve("metrics.json"));
            MetricsReport recordings = MetricsJson.read(fold.resolve("test-recordings").resolve("metrics.json"));
            assertEquals(fr.testImages(), test.count());
            assertEquals(fr.windowAccuracy(), test.summary().accuracy(), 1e-12);
            assertEquals(fr.recordingAccuracy(), recordings.summary().accuracy(), 1e-12);
            assertTrue(recordings.count() <= test.count());
            assertEquals(List.of("AS", "MR", "MS", "MVP", "N"), ModelArchive.read(fold.resolve("model.zip")).labels());
            assertEquals(fr.windowAccuracy(), summary.get("per_fold").get(k).get("windowAccuracy").asDouble(), 1e-12);
            sum += fr.windowAccuracy();
            sq += fr.windowAccuracy() * fr.windowAccuracy();
        }
        double mean = sum / 3;
        assertEquals(mean, summary.get("windows").get("accuracy_mean").asDouble(), 1e-12);
        assertEquals(Math.sqrt(Math.max(0, (sq - 3 * mean * mean) / 2)), summary.get("windows").get("accuracy_sd")
                .asDouble(), 1e-9);
        MetricsReport pooled = MetricsJson.read(root.resolve("pooled").resolve("metrics.json"));
        assertEquals(data.data().imageCount(), pooled.count());
        assertEquals(35, MetricsJson.read(root.resolve("pooled-recordings").resolve("metrics.json")).count());
        String text = Files.readString(root.resolve("summary.txt"));
        assertTrue(text.startsWith("3-fold cross-validation, grouped protocol"), text);
        // the resume test may have rewritten summary.txt: compare everything but the wall-clock seconds
        assertEquals(withoutSeconds(CrossValidationText.format(result)), withoutSeconds(text));
        // title, header, 3 folds; table header, rule, balanced accuracy, macro F1, 5 sensitivities, accuracy,
        // 4 pooled rows; note
        assertEquals(2 + 3 + 2 + 2 + 5 + 1 + 4 + 1, text.lines().count(), text);
        assertTrue(text.contains("note: 35 recordings of 30 patients"), text);
    }

    @Test
    void patientsPoolTheSharedAudioRecordingsOfEachGroup() throws IOException {
        // 35 recordings in 30 groups: the 5 copies share the group (patient) of their original
        MetricsReport pooled = MetricsJson.read(root.resolve("pooled-patients").resolve("metrics.json"));
        assertEquals(30, pooled.count());
        assertEquals("patient", pooled.bootstrap().unit());
        assertEquals(30, pooled.bootstrap().units());
        assertEquals(List.of(data.data().imageCount(), 35, 30), pooled.levels().levels().stream()
                .map(l -> l.count()).toList());
        JsonNode summary = JSON.readTree(root.resolve("summary.json").toFile());
        int patients = 0;
        double balanced = 0;
        for (int k = 0; k < 3; k++) {
            CrossValidationRun.FoldResult fr = result.perFold().get(k);
            Path fold = root.resolve("fold-" + k);
            MetricsReport recordings = MetricsJson.read(fold.resolve("test-recordings").resolve("metrics.json"));
            MetricsReport p = MetricsJson.read(fold.resolve("test-patients").resolve("metrics.json"));
            assertEquals(fr.testPatients(), p.count());
            assertEquals(fr.testRecordings(), recordings.count());
            assertEquals(fr.patientBalancedAccuracy(), p.summary().balancedAccuracy(), 1e-12);
            assertEquals(fr.recordingBalancedAccuracy(), recordings.summary().balancedAccuracy(), 1e-12);
            // every patient holds the recordings of one group; their probabilities are the mean of the recordings'
            Map<String, List<double[]>> byPatient = new HashMap<>();
            for (int i = 0; i < recordings.count(); i++) {
                byPatient.computeIfAbsent(recordings.predictions().patients().get(i), g -> new ArrayList<>())
                        .add(recordings.predictions().probabilities()[i]);
            }
            assertEquals(byPatient.size(), p.count());
            for (int i = 0; i < p.count(); i++) {
                List<double[]> members = byPatient.get(p.predictions().items().get(i));
                for (int c = 0; c < 5; c++) {
                    double mean = 0;
                    for (double[] m : members) {
                        mean += m[c] / members.size();
                    }
                    assertEquals(mean, p.predictions().probabilities()[i][c], 1e-12);
                }
            }
            patients += p.count();
            balanced += p.summary().balancedAccuracy() / 3;
        }
        assertEquals(30, patients, "every patient tested once");
        assertEquals(balanced, summary.get("patients").get("balanced_accuracy_mean").asDouble(), 1e-12);
        assertEquals(30, summary.get("patients").get("pooled_count").asInt());
        assertEquals("mean", summary.get("aggregation").asText());
        assertTrue(summary.get("note").asText().startsWith("35 recordings of 30 patients"), summary.toString());
    }

    private static List<String> withoutSeconds(String summaryText) {
        return summaryText.lines().map(l -> l.replaceAll("(\\d+ s|\\s+\\d+)$", "")).toList();
    }

    @Test
    void aFinishedRunIsRefusedWithoutResumeAndNotRetrainedWithIt() throws IOException {
        BadInputException e = assertThrows(BadInputException.class,
                () -> new CrossValidationRun(recipe, data.data(), root, false, TrainingEvents.NONE, n -> null).run());
        assertTrue(e.getMessage().contains("already holds a cross-validation run") && e.getMessage().contains("--resume"),
                e.getMessage());
        long checkpoint = Files.getLastModifiedTime(root.resolve("fold-1").resolve("checkpoint.zip")).toMillis();
        CrossValidationRun.Result again = new CrossValidationRun(recipe, data.data(), root, true, TrainingEvents.NONE,
                n -> null).run();
        assertEquals(checkpoint, Files.getLastModifiedTime(root.resolve("fold-1").resolve("checkpoint.zip"))
                .toMillis(), "fold 1 not trained again");
        for (int k = 0; k < 3; k++) {
            assertEquals(result.perFold().get(k).windowAccuracy(), again.perFold().get(k).windowAccuracy(), 0.0);
            assertEquals(result.perFold().get(k).recordingAccuracy(), again.perFold().get(k).recordingAccuracy(), 0.0);
        }
    }
}
