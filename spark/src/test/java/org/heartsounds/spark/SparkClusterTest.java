package org.heartsounds.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.EngineSpec;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.data.prepare.DatasetPreparer;
import org.heartsounds.data.prepare.PrepareResult;
import org.heartsounds.sweep.TinySweep;
import org.heartsounds.sweep.config.SweepConfig;
import org.heartsounds.sweep.cv.CrossValidationRun;
import org.heartsounds.sweep.ledger.CandidateRow;
import org.heartsounds.sweep.run.SweepRun;
import org.heartsounds.trainer.data.PreparedDataset;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.heartsounds.trainer.train.EpochResult;
import org.heartsounds.trainer.train.TrainingEvents;
import org.heartsounds.trainer.train.TrainingState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spark engine on a real standalone cluster: a master and two one-core workers on 127.0.0.1 started by the test
 * ({@link LoopbackSparkCluster}). The same 4-candidate sweep and 2-fold cross-validation on synthetic heart sounds run
 * on the local engine in this JVM and as Spark tasks on the cluster's executors, with one OpenMP thread everywhere:
 * the candidates' parameters, statuses and scores and the folds' figures must be identical. Then a sweep whose worker
 * is killed (SIGKILL) mid-candidate must finish with every candidate trained to the end once, the lost one retried
 * elsewhere and named in sweep.csv and spark-tasks.csv; and {@code data prepare} on Yaseen must write the same PNG bytes
 * and manifest on both engines. Nothing of the cluster listens beyond loopback.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkClusterTest {
    private static final String SECTION = """
            sweep:
              out: '%s'
              generator: grid
              candidates: 4
              score: val_loss
              parameters:
                spectrogram.colormap: {choice: [viridis, magma]}
                train.learning_rate: {choice: [0.01, 0.003]}
            """;

    @TempDir
    static Path tmp;
    static LoopbackSparkCluster cluster;
    static Path wavs;
    static List<String> engineLines = java.util.Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void startCluster() throws Exception {
        Nd4jThreads.single();
        wavs = TinySweep.recordings(tmp);
        cluster = LoopbackSparkCluster.start(tmp.resolve("cluster"), 2, 1);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The cluster engine: one thread per task, everything of the driver on loopback, outputs inside tmp. */
    static EngineSpec clusterEngine() {
        return new EngineSpec(EngineSpec.Name.SPARK, new EngineSpec.Spark(cluster.masterUrl(), 1, tmp.toString(),
                Map.of("spark.driver.host", "127.0.0.1", "spark.driver.bindAddress", "127.0.0.1",
                        "spark.ui.enabled", "false", "spark.executor.memory", "2g")));
    }

    static SweepRun.Result sweep(String name, EngineSpec engine, Map<String, String> overrides) throws IOException {
        Recipe base = ConfigLoader.load(Recipe.class, TinySweep.base(wavs, tmp), null, overrides).withEngine(engine);
        Path file = TinySweep.write(tmp.resolve(name + ".yaml"), base, SECTION.formatted(tmp.resolve(name)));
        return SweepRun.builder().setConfig(SweepConfig.load(file, Map.of())).optEvents(new TrainingEvents() {
            @Override
            public void line(String text) {
                engineLines.add(name + ": " + text);
            }
        }).build().run();
    }

    @Test
    @Order(1)
    void aSweepOnTheClusterGivesTheLocalEnginesCandidatesStatusesAndScores() throws IOException {
        SweepRun.Result local = sweep("sweep-local", EngineSpec.defaults(), Map.of());
        SweepRun.Result spark = sweep("sweep-spark", clusterEngine(), Map.of());
        assertEquals(4, local.rows().size());
        assertEquals(4, spark.rows().size(), String.join("\n", engineLines));
        for (int i = 0; i < 4; i++) {
            CandidateRow l = local.rows().get(i);
            CandidateRow s = spark.rows().get(i);
            assertEquals(l.index(), s.index());
            assertEquals(l.values(), s.values(), "candidate " + i + " parameters");
            assertEquals(l.status(), s.status(), "candidate " + i + " status");
            assertEquals(l.score(), s.score(), "candidate " + i + " validation loss, bit for bit");
            assertEquals("local", l.executor());
            assertTrue(s.executor().startsWith("executor ") && s.executor().contains("127.0.0.1"), s.executor());
            assertEquals(1, s.attempts());
        }
        assertEquals(local.best().index(), spark.best().index());
        assertTrue(Files.readString(tmp.resolve("sweep-spark/spark-tasks.csv")).lines().skip(1)
                .allMatch(l -> l.contains(",ok,")), "every attempt ok");
    }

    @Test
    @Order(2)
    void aTwoFoldCrossValidationOnTheClusterGivesTheLocalFigures() throws IOException {
        Recipe recipe = ConfigLoader.load(Recipe.class, TinySweep.base(wavs, tmp), null, Map.of("split.folds", "2",
                "data.out", "'" + tmp.resolve("cv-data") + "'"));
        PrepareResult prepared = DatasetPreparer.builder().setRecipe(recipe).optThreads(1).build().prepare();
        PreparedDataset data = PreparedDataset.open(prepared.out());
        CrossValidationRun.Result local = new CrossValidationRun(recipe, data, tmp.resolve("cv-local"), false,
                TrainingEvents.NONE, name -> null).run();
        CrossValidationRun.Result spark = new CrossValidationRun(recipe.withEngine(clusterEngine()), data,
                tmp.resolve("cv-spark"), false, TrainingEvents.NONE, name -> null).run();
        assertEquals(2, spark.perFold().size());
        for (int k = 0; k < 2; k++) {
            CrossValidationRun.FoldResult l = local.perFold().get(k);
            CrossValidationRun.FoldResult s = spark.perFold().get(k);
            assertEquals(l.bestEpoch(), s.bestEpoch());
            assertEquals(l.windowAccuracy(), s.windowAccuracy(), "fold " + k);
            assertEquals(l.recordingAccuracy(), s.recordingAccuracy(), "fold " + k);
            assertEquals(l.recordingBalancedAccuracy(), s.recordingBalancedAccuracy(), "fold " + k);
        }
        assertEquals(local.recordings().json().toString(), spark.recordings().json().toString());
        assertEquals(withoutTimings(tmp.resolve("cv-local/fold-1/metrics.csv")),
                withoutTimings(tmp.resolve("cv-spark/fold-1/metrics.csv")));
        List<String> attempts = Files.readAllLines(tmp.resolve("cv-spark/spark-tasks.csv"));
        assertEquals(3, attempts.size(), String.join("\n", attempts));
        assertTrue(attempts.get(1).startsWith("fold ") && attempts.get(2).startsWith("fold "), attempts.toString());
    }

    @Test
    @Order(3)
    void aSweepWhoseWorkerIsKilledFinishesAndRetriesOnlyTheLostCandidate() throws Exception {
        Path out = tmp.resolve("sweep-kill");
        Map<String, String> longer = Map.of("train.epochs", "4", "train.early_stopping.patience", "10");
        CompletableFuture<SweepRun.Result> running = CompletableFuture.supplyAsync(() -> {
            try {
                return sweep("sweep-kill", clusterEngine(), longer);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        // wait until two candidates train at once (one on each worker), each with at least one epoch still to go
        long end = System.currentTimeMillis() + 300_000;
        List<Integer> inFlight = List.of();
        while (System.currentTimeMillis() < end && !running.isDone()) {
            inFlight = inFlight(out, 4);
            if (inFlight.size() == 2) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals(2, inFlight.size(), "two candidates never trained at once: " + engineLines);
        List<ProcessHandle> jvms = new ArrayList<>(cluster.processes());
        jvms.add(ProcessHandle.current());
        assertEquals(List.of(), LoopbackSparkCluster.nonLoopbackListeners(jvms),
                "sockets listening beyond loopback (driver, master, workers, executors)");
        List<String> rowsBefore = Files.exists(out.resolve("sweep.csv"))
                ? Files.readAllLines(out.resolve("sweep.csv")).stream().skip(1).toList() : List.of();
        cluster.killWorker(0);

        SweepRun.Result r = running.get(10, TimeUnit.MINUTES);
        assertEquals(4, r.rows().size(), String.join("\n", engineLines));
        assertTrue(r.rows().stream().allMatch(CandidateRow::ok), r.rows().toString());
        List<String> rowsAfter = Files.readAllLines(out.resolve("sweep.csv"));
        for (String before : rowsBefore) {
            assertTrue(rowsAfter.contains(before), "a candidate recorded before the kill changed: " + before);
        }
        List<CandidateRow> retried = r.rows().stream().filter(c -> c.attempts() > 1).toList();
        assertEquals(1, retried.size(), "exactly one candidate lost with the worker: " + r.rows());
        assertTrue(inFlight.contains(retried.get(0).index()), retried + " was not training at the kill: " + inFlight);
        List<String> attempts = Files.readAllLines(out.resolve("spark-tasks.csv"));
        String label = "candidate " + retried.get(0).index();
        assertTrue(attempts.stream().anyMatch(a -> a.startsWith(label + ",1,") && a.contains("executor lost")),
                String.join("\n", attempts));
        for (int i = 0; i < 4; i++) {
            String l = "candidate " + i + ",";
            assertEquals(1, attempts.stream().filter(a -> a.startsWith(l) && a.contains(",ok,")).count(),
                    "candidate " + i + " finished once: " + attempts);
            TrainingState state = TrainingState.read(out.resolve("candidates/" + i + "/state.json"));
            assertTrue(state.finished() && state.epochsDone() == 4, "candidate " + i + ": " + state);
        }
        assertTrue(engineLines.stream().anyMatch(l -> l.contains(label) && l.contains("executor lost")),
                String.join("\n", engineLines));
    }

    /** metrics.csv without its wall-clock columns ({@link EpochResult#WALL_CLOCK_COLUMNS}). */
    private static List<List<String>> withoutTimings(Path csv) throws IOException {
        List<List<String>> out = new ArrayList<>();
        List<String> header = null;
        for (String line : Files.readAllLines(csv)) {
            List<String> cells = List.of(line.split(",", -1));
            header = header == null ? cells : header;
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < cells.size(); i++) {
                if (!EpochResult.WALL_CLOCK_COLUMNS.contains(header.get(i))) {
                    kept.add(cells.get(i));
                }
            }
            out.add(kept);
        }
        assertEquals(List.of("epoch", "train_loss", "train_acc", "val_loss", "val_acc", "lr"), out.get(0).subList(0, 6));
        return out;
    }

    /** Candidates with a started run folder (state.json, fewer than {@code epochs - 1} epochs done) and no row yet. */
    private static List<Integer> inFlight(Path out, int epochs) throws IOException {
        List<Integer> busy = new ArrayList<>();
        Path csv = out.resolve("sweep.csv");
        List<String> rows = Files.exists(csv) ? Files.readAllLines(csv) : List.of();
        for (int i = 0; i < 4; i++) {
            Path state = out.resolve("candidates/" + i + "/state.json");
            String prefix = i + ",";
            if (Files.exists(state) && rows.stream().noneMatch(l -> l.startsWith(prefix))) {
                try {
                    if (TrainingState.read(state).epochsDone() < epochs - 1) {
                        busy.add(i);
                    }
                } catch (RuntimeException e) {
                    // being replaced this instant
                }
            }
        }
        return busy;
    }

    @Test
    @Order(4)
    void dataPrepareOnTheClusterWritesTheLocalEnginesPngBytesAndManifest() throws IOException {
        Path yaseen = datasets().resolve("yaseen2018");
        assumeTrue(Files.isDirectory(yaseen), "shared Yaseen data absent (HEARTSOUNDS_DATA_DIR)");
        Recipe recipe = ConfigLoader.load(Recipe.class, Recipe.defaults(), Path.of("../configs/yaseen2018.yaml"),
                Map.of("data.dir", "'" + yaseen + "'", "data.manifest", "null",
                        "data.out", "'" + tmp.resolve("yaseen-local") + "'"));
        PrepareResult local = DatasetPreparer.builder().setRecipe(recipe).optThreads(2).build().prepare();
        Recipe onSpark = ConfigLoader.load(Recipe.class, recipe, null, Map.of("data.out", "'"
                + tmp.resolve("yaseen-spark") + "'")).withEngine(clusterEngine());
        PrepareResult spark = DatasetPreparer.builder().setRecipe(onSpark).build().prepare();
        assertEquals(local.images(), spark.images());
        assertEquals(spark.images(), spark.imagesWritten());
        Map<String, byte[]> a = files(local.out());
        Map<String, byte[]> b = files(spark.out());
        assertEquals(a.keySet(), b.keySet());
        assertEquals(local.images(), a.keySet().stream().filter(k -> k.endsWith(".png")).count(), "PNG count");
        for (String k : a.keySet()) {
            if (k.equals("config.yaml")) {
                assertEquals(new String(a.get(k)).replace("yaseen-local", "yaseen-spark"), new String(b.get(k)),
                        "the same recipe but data.out, and no engine in it");
            } else if (!k.equals("provenance.json")) {
                assertArrayEquals(a.get(k), b.get(k), k);
            }
        }
        assertNotNull(a.get("manifest.csv"));
    }

    private static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    private static Path datasets() {
        String env = System.getenv("HEARTSOUNDS_DATA_DIR");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of("../../shared/datasets").toAbsolutePath()
                .normalize();
    }
}
