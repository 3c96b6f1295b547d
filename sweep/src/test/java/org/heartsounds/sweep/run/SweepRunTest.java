package org.heartsounds.sweep.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.arbiter.optimize.config.OptimizationConfiguration;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.data.dataset.Split;
import org.heartsounds.evaluation.MetricsJson;
import org.heartsounds.evaluation.MetricsReport;
import org.heartsounds.sweep.SweepMain;
import org.heartsounds.sweep.TinySweep;
import org.heartsounds.sweep.arbiter.PreparedDataProvider;
import org.heartsounds.sweep.config.SweepConfig;
import org.heartsounds.sweep.ledger.CandidateRow;
import org.heartsounds.sweep.report.SweepCharts;
import org.heartsounds.trainer.data.PreparedDataset;
import org.heartsounds.trainer.run.RunFolder;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.heartsounds.trainer.train.EpochResult;
import org.heartsounds.trainer.train.TrainingEvents;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 3-candidate grid sweep on the tiny dataset (two colormaps x two learning rates, the first three grid points),
 * killed with SIGKILL in a child JVM after its first candidate and continued with resume. Candidate 2 uses learning
 * rate 9 with plain SGD, which diverges in its first epoch: it must be recorded as failed while the sweep goes on.
 */
class SweepRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long CHILD_TIMEOUT_MS = 8 * 60_000;
    private static final String SECTION = """
            sweep:
              out: '%s'
              generator: grid
              candidates: 3
              score: val_loss
              parameters:
                spectrogram.colormap: {choice: [viridis, magma]}
                train.learning_rate: {choice: [0.01, 9.0]}
            """;

    @TempDir
    static Path tmp;
    static Path configFile;
    static Path out;
    static int rowsAtKill;
    static Map<Integer, Long> modelTimesAtKill = new HashMap<>();
    static SweepRun.Result result;
    static List<String> lines = new ArrayList<>();

    @BeforeAll
    static void sweepKilledAndResumed() throws Exception {
        Nd4jThreads.single();
        Path wavs = TinySweep.recordings(tmp);
        out = tmp.resolve("sweep");
        configFile = TinySweep.write(tmp.resolve("tiny-sweep.yaml"), TinySweep.base(wavs, tmp),
                SECTION.formatted(out));
        rowsAtKill = sweepInChildAndKill();
        for (int i = 0; i < rowsAtKill; i++) {
            modelTimesAtKill.put(i, Files.getLastModifiedTime(out.resolve("candidates/" + i + "/model.zip"))
                    .toMillis());
        }
        result = SweepRun.builder().setConfig(SweepConfig.load(configFile, Map.of())).optResume(true)
                .optPrepareThreads(1).optEvents(new TrainingEvents() {
                    @Override
                    public void line(String text) {
                        lines.add(text);
                    }
                }).build().run();
    }

    @Test
    void resumeSkipsTheCandidatesFinishedBeforeTheKill() throws IOException {
        assertTrue(rowsAtKill >= 1 && rowsAtKill < 3, "killed after " + rowsAtKill + " candidates");
        assertEquals(rowsAtKill, result.reused(), "finished candidates come from sweep.csv");
        assertEquals(3 - rowsAtKill, result.trained(), "only the others are trained");
        for (int i = 0; i < rowsAtKill; i++) {
            assertEquals(modelTimesAtKill.get(i), Files.getLastModifiedTime(out.resolve("candidates/" + i
                    + "/model.zip")).toMillis(), "candidate " + i + " not trained again");
        }
        assertEquals(rowsAtKill, lines.stream().filter(l -> l.startsWith("candidate ")
                && l.contains("(recorded earlier)")).count(), String.join("\n", lines));
        assertEquals(3, lines.stream().filter(l -> l.startsWith("candidate ")).count(), "one line per candidate");
        try (Stream<Path> files = Files.walk(out)) {
            assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".part")).toList(), "no temporary files");
        }
    }

    @Test
    void sweepCsvHasOneFailedRowWithItsReasonAndTheBestIsTheLowestValidationLoss() throws IOException {
        List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
        assertEquals("candidate,status,score,seconds,spectrogram.colormap,train.learning_rate,run_dir,reason,"
                + "attempts,executor", csv.get(0));
        assertEquals(4, csv.size(), String.join("\n", csv));
        assertEquals(3, result.rows().size());
        List<List<String>> expected = List.of(List.of("viridis", "0.01"), List.of("magma", "0.01"),
                List.of("viridis", "9.0"));
        for (int i = 0; i < 3; i++) {
            CandidateRow r = result.rows().get(i);
            assertEquals(i, r.index());
            assertEquals(expected.get(i), r.values());
            assertEquals("candidates/" + i, r.runDir());
            assertTrue(csv.get(i + 1).startsWith(i + "," + r.status().text() + ","), csv.get(i + 1));
        }
        CandidateRow failed = result.rows().get(2);
        assertFalse(failed.ok());
        assertTrue(failed.reason().contains("training diverged in epoch 1"), failed.reason());
        assertTrue(csv.get(3).matches("2,failed,,[0-9.]+,viridis,9.0,candidates/2,\"?training diverged.*"), csv.get(3));
        assertEquals(1, result.failed());
        double best = Double.POSITIVE_INFINITY;
        int argmin = -1;
        for (CandidateRow r : result.rows().subList(0, 2)) {
            assertTrue(r.ok() && r.reason().isEmpty());
            EpochResult kept = keptEpoch(r.index());
            assertEquals(kept.valLoss(), r.score(), 1e-5, "the score is the kept epoch's validation loss");
            assertTrue(r.score() > 0 && Double.isFinite(r.score()), "cross-entropy " + r.score());
            if (r.score() < best) {
                best = r.score();
                argmin = r.index();
            }
        }
        assertEquals(argmin, result.best().index(), "val_loss is minimised");
        assertEquals(argmin, result.arbiterBest(), "Arbiter's own bookkeeping agrees");
        assertEquals("candidates/" + argmin, Files.readString(out.resolve("best.txt")).strip());
        MetricsReport val = MetricsJson.read(out.resolve("best-val/metrics.json"));
        assertEquals(keptEpoch(argmin).valAcc(), val.summary().accuracy(), 1e-6,
                "validation metrics of the best are those of its kept epoch");
        MetricsReport test = MetricsJson.read(out.resolve("best-test/metrics.json"));
        PreparedDataset data = PreparedDataset.open(new PreparedDataProvider(out.resolve("data"), 1,
                TrainingEvents.NONE).folderOf(recipeOf(argmin)));
        assertEquals(data.images(Split.TEST).size(), test.count(), "test windows, evaluated after selection");
        assertEquals(data.images(Split.VAL).size(), val.count());
        assertTrue(Files.isRegularFile(out.resolve("best-test-recordings/report.html")));
    }

    /** The metrics.csv row of the epoch a candidate's run kept (candidate.json's best_epoch). */
    private static EpochResult keptEpoch(int candidate) throws IOException {
        Path dir = out.resolve("candidates/" + candidate);
        int bestEpoch = JSON.readTree(dir.resolve("candidate.json").toFile()).get("best_epoch").asInt();
        List<String> rows = Files.readAllLines(new RunFolder(dir).metrics());
        for (String line : rows.subList(1, rows.size())) {
            EpochResult e = EpochResult.parse(line);
            if (e.epoch() == bestEpoch) {
                return e;
            }
        }
        throw new AssertionError("no metrics row for epoch " + bestEpoch);
    }

    private static Recipe recipeOf(int candidate) {
        return ConfigLoader.load(Recipe.class, Recipe.defaults(), out.resolve("candidates/" + candidate
                + "/config.yaml"));
    }

    @Test
    void candidatesSharingSpectrogramParametersShareOnePreparedDataset() throws IOException {
        try (Stream<Path> dirs = Files.list(out.resolve("data"))) {
            assertEquals(2, dirs.filter(d -> !d.getFileName().toString().equals(PreparedDataProvider.LOCKS)).count(),
                    "viridis and magma: two preparations for three candidates");
        }
        List<String> datasets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            datasets.add(JSON.readTree(out.resolve("candidates/" + i + "/provenance.json").toFile())
                    .get("extra").get("dataset").asText());
        }
        assertEquals(datasets.get(0), datasets.get(2), "candidates 0 and 2 (viridis) share their data");
        assertNotEquals(datasets.get(0), datasets.get(1));
        assertEquals(out.resolve("data").resolve(PreparedDataProvider.preparationHash(recipeOf(1)))
                .toAbsolutePath().normalize().toString(), datasets.get(1));
        assertEquals(PreparedDataProvider.preparationHash(recipeOf(0)), PreparedDataProvider.preparationHash(
                recipeOf(2)), "the learning rate is not part of the preparation");
    }

    @Test
    void reportSummaryAndReplayableConfiguration() throws IOException {
        String html = Files.readString(out.resolve("report.html"));
        int images = html.split("data:image/png;base64,", -1).length - 1;
        assertEquals(3, images, "score per candidate, small multiples, one numeric parameter (learning rate)");
        assertTrue(html.contains("training diverged"), "the failed row's reason is in the table");
        for (String chart : List.of(SweepCharts.SCORE_PER_CANDIDATE, SweepCharts.SMALL_MULTIPLES,
                SweepCharts.PARAMETER_PREFIX + "train.learning_rate")) {
            assertTrue(Files.size(out.resolve("charts/" + chart + ".png")) > 1000, chart);
            assertTrue(Files.readString(out.resolve("charts/" + chart + ".svg")).contains("<svg"), chart);
        }
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertEquals(3, summary.get("candidates").asInt());
        assertEquals(2, summary.get("ok").asInt());
        assertEquals(1, summary.get("failed").asInt());
        assertEquals(result.best().index(), summary.get("best").get("candidate").asInt());
        assertEquals(result.best().score(), summary.get("best").get("score").asDouble(), 0.0);
        assertEquals("0.01", summary.get("best").get("parameters").get("train.learning_rate").asText());
        assertEquals("val_loss", summary.get("score").asText());
        SweepConfig replay = SweepConfig.load(out.resolve("sweep.yaml"), Map.of());
        assertEquals(SweepConfig.load(configFile, Map.of()), replay);
        OptimizationConfiguration arbiter = OptimizationConfiguration.fromJson(
                Files.readString(out.resolve("arbiter.json")));
        assertEquals(replay.sweep().seed(), arbiter.getRngSeed());
    }

    @Test
    void aSweepFolderIsRefusedWithoutResumeAndWithAnotherSearch() throws IOException {
        SweepConfig config = SweepConfig.load(configFile, Map.of());
        BadInputException e = assertThrows(BadInputException.class,
                () -> SweepRun.builder().setConfig(config).build().run());
        assertTrue(e.getMessage().contains("already holds a sweep") && e.getMessage().contains("--resume"),
                e.getMessage());
        SweepConfig other = SweepConfig.load(configFile, Map.of("train.epochs", "2"));
        BadInputException changed = assertThrows(BadInputException.class,
                () -> SweepRun.builder().setConfig(other).optResume(true).build().run());
        assertTrue(changed.getMessage().startsWith(out.resolve("sweep.yaml").toString())
                && changed.getMessage().contains("another configuration"), changed.getMessage());
    }

    @Test
    void resumingAFinishedSweepTrainsNothing() throws IOException {
        String csv = Files.readString(out.resolve("sweep.csv"));
        SweepRun.Result again = SweepRun.builder().setConfig(SweepConfig.load(configFile, Map.of()))
                .optResume(true).build().run();
        assertEquals(0, again.trained());
        assertEquals(3, again.reused());
        assertEquals(csv, Files.readString(out.resolve("sweep.csv")));
        assertEquals(result.best().index(), again.best().index());
    }

    /** Runs the sweep in a child JVM, kills it with SIGKILL once sweep.csv lists a candidate; returns the rows. */
    private static int sweepInChildAndKill() throws Exception {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"),
                "bin", "java").toString());
        List<String> command = List.of(java, "-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp",
                System.getProperty("java.class.path"), SweepMain.class.getName(), "--config", configFile.toString(),
                "--prepare-threads", "1");
        Path log = tmp.resolve("child.log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(Nd4jThreads.SINGLE_THREAD_ENV);
        Process child = pb.start();
        Path csv = out.resolve("sweep.csv");
        long deadline = System.currentTimeMillis() + CHILD_TIMEOUT_MS;
        try {
            while (true) {
                if (Files.exists(csv)) {
                    int rows = Files.readAllLines(csv).size() - 1;
                    if (rows >= 3) {
                        fail("the child finished the sweep before it could be killed");
                    }
                    if (rows >= 1) {
                        child.destroyForcibly();
                        child.waitFor();
                        assertEquals(137, child.exitValue(), "killed by SIGKILL");
                        return Files.readAllLines(csv).size() - 1;
                    }
                }
                if (!child.isAlive()) {
                    fail("the child exited with " + child.exitValue() + ":\n" + Files.readString(log));
                }
                if (System.currentTimeMillis() > deadline) {
                    fail("no candidate finished within " + CHILD_TIMEOUT_MS + " ms:\n" + Files.readString(log));
                }
                Thread.sleep(20);
            }
        } finally {
            if (child.isAlive()) {
                child.destroyForcibly();
                child.waitFor();
            }
        }
    }
}
