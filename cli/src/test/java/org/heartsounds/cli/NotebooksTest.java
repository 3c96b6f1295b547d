package org.heartsounds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.heartsounds.core.io.AtomicFiles;
import org.heartsounds.evaluation.EpochMetrics;
import org.heartsounds.evaluation.MetricsCsv;
import org.heartsounds.evaluation.MetricsJson;
import org.heartsounds.evaluation.MetricsReport;
import org.heartsounds.trainer.run.RunFolder;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.heartsounds.trainer.testing.TinyDataset;
import org.heartsounds.trainer.train.TrainingState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notebooks execute top to bottom on real outputs: {@code heartsounds run} (2 epochs) and {@code heartsounds cv}
 * (2 folds, 1 epoch) on the tiny 32 x 32 dataset, and a sweep.csv in the sweep format whose candidates point at
 * those run folders. Each notebook runs under {@code jupyter nbconvert --execute} with its environment variable set;
 * the test checks the exit code, that every cell ran without an error output, the numbers the notebook prints
 * against the files it read, and how many figures it drew. A missing input folder stops each notebook with a
 * message naming the variable and the folder.
 */
class NotebooksTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FAILED_REASON = "diverged: loss NaN at epoch 1, lower train.learning_rate";

    @TempDir
    static Path tmp;
    static Path jupyter;
    static Path run;
    static Path cv;
    static Path sweep;
    static double[] sweepScores;



    @BeforeAll
    static void makeRunCrossValidationAndSweep() throws Exception {
        jupyter = Notebooks.jupyter(); // skips before any training when jupyter is missing (fails when CI=true)
        Nd4jThreads.single();
        TinyDataset.Prepared data = TinyDataset.prepare(tmp.resolve("tiny"), 6, 0);
        // the oneDNN fast path is off only to save CPU time on the test machine
        Path recipe = data.writeRecipe(tmp.resolve("recipe.yaml"), Map.of("train.fast_path", "false"));

        Path main = tmp.resolve("main");
        CliRun r = CliRun.run("run", "--config", recipe.toString(), "--out", main.toString(), "--epochs", "2");
        assertEquals(0, r.code(), r.err());
        run = main.resolve("train");
        assertTrue(Files.isRegularFile(run.resolve("test").resolve("metrics.json")), r.out());

        cv = tmp.resolve("cv");
        CliRun c = CliRun.run("cv", "--config", recipe.toString(), "--out", cv.toString(), "--folds", "2", "--epochs", "1");
        assertEquals(0, c.code(), c.err());

        sweep = tmp.resolve("sweep");
        sweepScores = new double[] {bestValAccuracy(run), bestValAccuracy(cv.resolve("fold-0")), Double.NaN, 0.0};
        String csv = "candidate,status,score,seconds,train.learning_rate,train.batch_size,train.optimizer,run_dir,"
                + "reason\n"
                + String.format(Locale.ROOT, "0,ok,%s,12.5,0.001,8,adam,%s,%n", sweepScores[0], run)
                + String.format(Locale.ROOT, "1,ok,%s,9.25,0.01,16,sgd,%s,%n", sweepScores[1], cv.resolve("fold-0"))
                + "2,failed,,3.5,0.3,8,adam,candidate-2,\"" + FAILED_REASON + "\"\n"
                + "3,ok,0.0,7.75,0.0001,16,sgd,candidate-3,\n";
        AtomicFiles.writeString(sweep.resolve("sweep.csv"), csv);
    }

    private static double bestValAccuracy(Path runDir) throws IOException {
        RunFolder f = new RunFolder(runDir);
        int best = TrainingState.read(f.state()).bestEpoch();
        return MetricsCsv.read(f.metrics()).stream().filter(e -> e.epoch() == best).findFirst()
                .map(EpochMetrics::valAcc).orElseThrow();
    }

    /** Python's {@code f"{x:.4f}"}: the double's exact value rounded half-even; "nan" for NaN. */
    private static String py4(double x) {
        return Double.isNaN(x) ? "nan" : new BigDecimal(x).setScale(4, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static Notebooks.Execution executeCleanly(String name, String variable, Path folder) throws Exception {
        return executeCleanly(name, variable, folder, 2);
    }

    /**
     * Executes a notebook, which must succeed with every code cell run, no error output, and all code cells but
     * {@code silentCells} (imports and definitions) showing something.
     */
    private static Notebooks.Execution executeCleanly(String name, String variable, Path folder, int silentCells)
            throws Exception {
        Notebooks.Execution e = Notebooks.execute(jupyter, name, tmp.resolve("executed"),
                Map.of(variable, folder.toString()));
        assertEquals(0, e.exitCode(), name + " failed:\n" + e.log());
        assertNotNull(e.notebook(), e.log());
        assertEquals(List.of(), e.errors(), name + " has error outputs");
        List<JsonNode> cells = Notebooks.codeCells(e.notebook());
        long withOutput = cells.stream().filter(c -> c.get("outputs").size() > 0).count();
        for (int i = 0; i < cells.size(); i++) {
            assertEquals(i + 1, cells.get(i).get("execution_count").asInt(), name + ": code cell " + i + " ran");
        }
        assertTrue(withOutput >= cells.size() - silentCells, name + ": only " + withOutput + " of " + cells.size()
                + " code cells show something");
        assertTrue(cells.get(cells.size() - 1).get("outputs").size() > 0, name + ": the last cell shows something");
        return e;
    }

    @Test
    void runNotebook() throws Exception {
        Notebooks.Execution e = executeCleanly("run.ipynb", "HEARTSOUNDS_RUN", run);
        String text = e.text();
        TrainingState state = TrainingState.read(new RunFolder(run).state());
        assertEquals(2, state.epochsDone());
        assertTrue(text.contains("run folder: " + run), text);
        assertTrue(text.contains("epochs done: 2, best epoch: " + state.bestEpoch() + ", finished: True"), text);
        int expectedImages = 1; // training curves
        for (String level : List.of("windows", "recordings")) {
            MetricsReport report = MetricsJson.read(run.resolve(level.equals("windows") ? "test" : "test-recordings")
                    .resolve("metrics.json"));
            String line = "test " + level + ": accuracy " + py4(report.summary().accuracy()) + " ("
                    + (report.count() - report.summary().errors()) + " of " + report.count() + " correct)";
            assertTrue(text.contains(line), "expected '" + line + "' in\n" + text);
            assertTrue(text.contains("misclassified, test " + level + ": " + report.misclassified().size() + " of "
                    + report.count()), text);
            expectedImages += 1 + (report.roc().isEmpty() ? 0 : 1); // confusion matrices, ROC curves
            if (level.equals("windows") && !report.misclassified().isEmpty()) {
                expectedImages++; // the misclassified windows' spectrograms
            }
        }
        expectedImages++; // the grid of spectrograms per class
        Path data = tmp.resolve("main").resolve("data").toAbsolutePath().normalize();
        assertTrue(text.contains("prepared data: " + data + ", classes ['AS', 'MR', 'MS', 'MVP', 'N']; showing the "
                + "test split"), text);
        assertEquals(expectedImages, e.images(), "figures in run.ipynb");
    }

    @Test
    void runNotebookOnARunWithoutTestEvaluation() throws Exception {
        // what 'heartsounds train' alone leaves: the run files, no test/ or test-recordings/
        Path trained = tmp.resolve("trained-only");
        Files.createDirectories(trained);
        for (String f : List.of(RunFolder.CONFIG, RunFolder.PROVENANCE, RunFolder.LABELS, RunFolder.METRICS,
                RunFolder.STATE)) {
            Files.copy(run.resolve(f), trained.resolve(f));
        }
        // the five cells that show test metrics, confusion matrices, ROC curves and misclassified items are silent
        Notebooks.Execution e = executeCleanly("run.ipynb", "HEARTSOUNDS_RUN", trained, 2 + 5);
        String text = e.text();
        assertTrue(text.contains("no windows evaluation: none of ['" + trained.resolve("test").resolve("metrics.json")
                + "', '" + trained.resolve("eval-test").resolve("metrics.json") + "'] exists"), text);
        assertTrue(text.contains("no test evaluation in this run folder"), text);
        assertEquals(2, e.images(), "training curves and the spectrogram grid");

        // 'heartsounds evaluate --run' writes eval-test/ and eval-test-recordings/: the notebook shows those
        for (String level : List.of("test", "test-recordings")) {
            Files.createDirectories(trained.resolve("eval-" + level));
            Files.copy(run.resolve(level).resolve("metrics.json"), trained.resolve("eval-" + level)
                    .resolve("metrics.json"));
        }
        Notebooks.Execution evaluated = executeCleanly("run.ipynb", "HEARTSOUNDS_RUN", trained);
        MetricsReport windows = MetricsJson.read(trained.resolve("eval-test").resolve("metrics.json"));
        String line = "test windows: accuracy " + py4(windows.summary().accuracy()) + " ("
                + (windows.count() - windows.summary().errors()) + " of " + windows.count() + " correct)";
        assertTrue(evaluated.text().contains("windows evaluation: " + trained.resolve("eval-test")
                .resolve("metrics.json")), evaluated.text());
        assertTrue(evaluated.text().contains(line), "expected '" + line + "' in\n" + evaluated.text());
        assertTrue(evaluated.images() > 2, "confusion matrices and ROC curves too: " + evaluated.images());
    }

    @Test
    void crossValidationNotebook() throws Exception {
        Notebooks.Execution e = executeCleanly("cross_validation.ipynb", "HEARTSOUNDS_CV", cv);
        String text = e.text();
        JsonNode summary = JSON.readTree(cv.resolve("summary.json").toFile());
        assertTrue(text.contains("2-fold cross-validation, grouped protocol"), text);
        assertTrue(text.contains("30 recordings in 30 groups; recordings tested exactly once: 30 of 30"), text);
        for (String level : List.of("windows", "recordings")) {
            JsonNode s = summary.get(level);
            String line = level + ": accuracy " + py4(s.get("accuracy_mean").asDouble()) + " ± "
                    + py4(s.get("accuracy_sd").asDouble()) + ", macro-F1 " + py4(s.get("macro_f1_mean").asDouble())
                    + " ± " + py4(s.get("macro_f1_sd").asDouble()) + ", pooled accuracy "
                    + py4(s.get("pooled_accuracy").asDouble());
            assertTrue(text.contains(line), "expected '" + line + "' in\n" + text);
            MetricsReport pooled = MetricsJson.read(cv.resolve(level.equals("windows") ? "pooled"
                    : "pooled-recordings").resolve("metrics.json"));
            assertTrue(text.contains("pooled " + level + ": " + pooled.count() + " items, accuracy "
                    + py4(pooled.summary().accuracy())), text);
        }
        assertEquals(4, e.images(), "accuracy per fold, validation curves, 2 pooled confusion matrices");
    }

    @Test
    void sweepNotebook() throws Exception {
        Notebooks.Execution e = executeCleanly("sweep.ipynb", "HEARTSOUNDS_SWEEP", sweep);
        String text = e.text();
        assertTrue(text.contains("4 candidates: 3 ok, 1 failed; searched parameters: ['train.learning_rate', "
                + "'train.batch_size', 'train.optimizer']"), text);
        assertTrue(text.contains("numeric parameters: ['train.learning_rate', 'train.batch_size'] ; other "
                + "parameters: ['train.optimizer']"), text);
        int best = 0;
        for (int k : new int[] {1, 3}) {
            if (sweepScores[k] > sweepScores[best]) {
                best = k;
            }
        }
        assertTrue(text.contains("best candidate: " + best + " (score " + py4(sweepScores[best]) + ", "), text);
        assertTrue(text.contains("1 failed candidate(s)") && text.contains(FAILED_REASON), text);
        assertEquals(3, e.images(), "score per candidate, score per parameter, the best candidate's curves");
    }

    @Test
    void aMissingFolderStopsEachNotebookWithItsVariableAndPath() throws Exception {
        Path absent = tmp.resolve("absent");
        Map<String, String> variables = Map.of("run.ipynb", "HEARTSOUNDS_RUN", "cross_validation.ipynb",
                "HEARTSOUNDS_CV", "sweep.ipynb", "HEARTSOUNDS_SWEEP");
        for (var v : variables.entrySet()) {
            Notebooks.Execution e = Notebooks.execute(jupyter, v.getKey(), tmp.resolve("missing"),
                    Map.of(v.getValue(), absent.toString()));
            assertNotEquals(0, e.exitCode(), v.getKey() + " must fail:\n" + e.log());
            assertTrue(e.log().contains("FileNotFoundError: " + v.getValue() + ": no "), e.log());
            assertTrue(e.log().contains(" folder at " + absent), e.log());
        }
    }
}
