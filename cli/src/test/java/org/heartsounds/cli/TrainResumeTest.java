package org.heartsounds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heartsounds.trainer.run.ModelArchive;
import org.heartsounds.trainer.run.RunFolder;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.heartsounds.trainer.testing.TinyDataset;
import org.heartsounds.trainer.train.TrainingState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code heartsounds train} killed with SIGKILL in the middle of a run and continued with {@code --resume} ends
 * exactly where an uninterrupted run ends: same metrics (every column but wall-clock time) and the same model.
 */
class TrainResumeTest {
    private static final int EPOCHS = 4;
    /** Longest wait for the child to finish its first epoch (a busy 2-core machine is slow). */
    private static final long CHILD_TIMEOUT_MS = 8 * 60_000;

    @TempDir
    static Path tmp;
    static Path recipe;


    @BeforeAll
    static void prepare() throws IOException {
        Nd4jThreads.single();
        TinyDataset.Prepared data = TinyDataset.prepare(tmp.resolve("tiny"), 6, 0);
        // the oneDNN fast path is off only to save CPU time on the test machine; it does not change what is tested
        recipe = data.writeRecipe(tmp.resolve("recipe.yaml"), Map.of("train.fast_path", "false"));
    }


    private static String[] trainArgs(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--config", recipe.toString(), "--out", out.toString(),
                "--epochs", Integer.toString(EPOCHS)));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** metrics.csv without the wall-clock columns (seconds, images_per_s and the time split come after column 6). */
    private static List<String> deterministicColumns(Path folder) throws IOException {
        return Files.readAllLines(new RunFolder(folder).metrics()).stream()
                .map(l -> String.join(",", Arrays.copyOf(l.split(","), 6))).toList();
    }

    @Test
    void killedRunResumesToTheUninterruptedResult() throws Exception {
        Path a = tmp.resolve("a");
        CliRun uninterrupted = CliRun.run(trainArgs(a));
        assertEquals(0, uninterrupted.code(), uninterrupted.err());
        assertTrue(uninterrupted.out().contains("run folder: " + a), uninterrupted.out());
        assertEquals(EPOCHS + 2, Files.readAllLines(new RunFolder(a).metrics()).size(), "header + epochs 0..4");

        Path b = tmp.resolve("b");
        int killedAfter = trainInChildAndKill(b);
        TrainingState killed = TrainingState.read(new RunFolder(b).state());
        assertFalse(killed.finished(), "killed before the end");
        assertTrue(killed.epochsDone() >= killedAfter && killed.epochsDone() < EPOCHS, killed.toString());

        CliRun resumed = CliRun.run(trainArgs(b, "--resume"));
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("resuming " + b + " after epoch " + killed.epochsDone()), resumed.out());
        try (var files = Files.list(b)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".part")).toList(),
                    "no temporary files of the killed run left");
        }
        TrainingState done = TrainingState.read(new RunFolder(b).state());
        assertTrue(done.finished());
        assertEquals(EPOCHS, done.epochsDone());
        assertEquals(deterministicColumns(a), deterministicColumns(b));
        assertEquals(TrainingState.read(new RunFolder(a).state()).bestEpoch(), done.bestEpoch());
        ComputationGraph modelA = ModelArchive.read(new RunFolder(a).model()).graph();
        ComputationGraph modelB = ModelArchive.read(new RunFolder(b).model()).graph();
        assertEquals(0.0, modelA.params().sub(modelB.params()).amaxNumber().doubleValue(), "identical model.zip");

        // a folder holding a run is not overwritten, and a bad flag is bad input
        CliRun again = CliRun.run(trainArgs(a));
        assertEquals(2, again.code());
        assertTrue(again.err().contains("already holds a run") && again.err().contains("--resume"), again.err());
        CliRun bogus = CliRun.run(trainArgs(tmp.resolve("bogus"), "--freeze", "bogus"));
        assertEquals(2, bogus.code());
        assertTrue(bogus.err().contains("train.freeze") && bogus.err().contains("bogus"), bogus.err());
        assertFalse(Files.exists(tmp.resolve("bogus")));
    }

    /**
     * Runs {@code train} into {@code out} in a child JVM, waits until it has committed at least one epoch and kills
     * it with SIGKILL; returns the epochs it had committed when the kill was sent.
     */
    private static int trainInChildAndKill(Path out) throws Exception {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"),
                "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-Xmx2g",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(trainArgs(out)));
        Path log = tmp.resolve("child.log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(Nd4jThreads.SINGLE_THREAD_ENV);
        Process child = pb.start();
        Path state = new RunFolder(out).state();
        long deadline = System.currentTimeMillis() + CHILD_TIMEOUT_MS;
        try {
            while (true) {
                if (Files.exists(state)) {
                    int done = TrainingState.read(state).epochsDone();
                    if (done >= EPOCHS) {
                        fail("the child finished all " + EPOCHS + " epochs before it could be killed; use more data");
                    }
                    if (done >= 1) {
                        child.destroyForcibly();
                        child.waitFor();
                        assertEquals(137, child.exitValue(), "killed by SIGKILL");
                        System.out.println("child killed after committing epoch " + done + " of " + EPOCHS);
                        return done;
                    }
                }
                if (!child.isAlive()) {
                    fail("the child exited with " + child.exitValue() + ":\n" + Files.readString(log));
                }
                if (System.currentTimeMillis() > deadline) {
                    fail("no epoch committed within " + CHILD_TIMEOUT_MS + " ms:\n" + Files.readString(log));
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
