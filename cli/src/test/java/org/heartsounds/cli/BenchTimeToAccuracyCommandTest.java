package org.heartsounds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.heartsounds.bench.train.TimeToAccuracy;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.heartsounds.trainer.testing.TinyDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code heartsounds bench time-to-accuracy}: usage, exit codes, a tiny DL4J run and its re-use. */
class BenchTimeToAccuracyCommandTest {
    @TempDir
    static Path tmp;
    static Path recipe;

    @BeforeAll
    static void prepare() throws IOException {
        Nd4jThreads.single();
        TinyDataset.Prepared data = TinyDataset.prepare(tmp.resolve("tiny"), 4, 0);
        recipe = data.writeRecipe(tmp.resolve("recipe.yaml"), Map.of("train.epochs", "2"));
    }

    @Test
    void helpListsTheOptions() {
        CliRun bench = CliRun.run("bench", "--help");
        assertTrue(bench.out().contains("time-to-accuracy"), bench.out());
        CliRun help = CliRun.run("bench", "time-to-accuracy", "--help");
        assertEquals(0, help.code());
        for (String option : new String[] {"--config", "--target", "--reuse", "--recipes", "--torch-size",
            "--torch-factor", "--torch-max-seconds", "--threads", "--torch", "--no-torch", "--out"}) {
            assertTrue(help.out().contains(option), option + " in\n" + help.out());
        }
        assertTrue(help.out().contains("default: 0.97"), help.out());
    }

    @Test
    void badOptionsAreExitTwo() {
        CliRun target = CliRun.run("bench", "time-to-accuracy", "--target", "1.5", "--no-torch");
        assertEquals(2, target.code());
        assertTrue(target.err().contains("--target must be in (0, 1], got 1.5"), target.err());
        CliRun recipes = CliRun.run("bench", "time-to-accuracy", "--recipes", "jetson,sgd", "--no-torch");
        assertEquals(2, recipes.code());
        assertTrue(recipes.err().contains("unknown recipe 'sgd'"), recipes.err());
        assertEquals(2, CliRun.run("bench", "time-to-accuracy", "--torch-factor", "0").code());
        assertEquals(2, CliRun.run("bench", "time-to-accuracy", "--torch-size", "8").code());
        assertEquals(2, CliRun.run("bench", "time-to-accuracy", "--threads", "0").code());
        CliRun config = CliRun.run("bench", "time-to-accuracy", "--config", tmp.resolve("none.yaml").toString(),
                "--no-torch");
        assertEquals(2, config.code());
        assertTrue(config.err().contains("none.yaml"), config.err());
    }

    @Test
    void trainsThenReportsAndReusesTheRun() throws IOException {
        Path out = tmp.resolve("run");
        String[] args = {"bench", "time-to-accuracy", "--config", recipe.toString(), "--out", out.toString(),
            "--target", "0.01", "--threads", "1", "--no-torch"};
        CliRun first = CliRun.run(args);
        assertEquals(0, first.code(), first.out() + first.err());
        TimeToAccuracy expected = TimeToAccuracy.fromMetrics(out.resolve("metrics.csv"), 0.01);
        String row = dl4jRow(first);
        // a tiny validation split can score 0 after an epoch: the row must say what metrics.csv says, either way
        String reached = expected.reached() ? "yes" : "no";
        assertTrue(row.matches("DL4J adam \\(32 px, batch \\d+\\)\\s+" + reached + "\\s+\\d+\\.\\d\\s+"
                + expected.epoch() + "\\s+\\d\\.\\d{4}\\s+-"), row);
        assertEquals(String.format(java.util.Locale.ROOT, "%.4f", expected.bestValAcc()), row.split("\\s+")[9]);
        assertEquals(String.format(java.util.Locale.ROOT, "%.1f", expected.seconds()), row.split("\\s+")[7]);
        assertTrue(first.out().contains("PyTorch: not measured (--no-torch)"), first.out());

        long modified = Files.getLastModifiedTime(out.resolve("metrics.csv")).toMillis();
        List<String> reuseArgs = new java.util.ArrayList<>(List.of(args));
        reuseArgs.add("--reuse");
        CliRun second = CliRun.run(reuseArgs.toArray(String[]::new));
        assertEquals(0, second.code(), second.err());
        assertEquals(row, dl4jRow(second), "same numbers, read from the run folder");
        assertEquals(modified, Files.getLastModifiedTime(out.resolve("metrics.csv")).toMillis(), "not trained again");
    }

    private static String dl4jRow(CliRun r) {
        return r.lines().stream().filter(l -> l.startsWith("DL4J adam")).findFirst()
                .orElseThrow(() -> new AssertionError(r.out()));
    }
}
