package org.heartsounds.sweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.heartsounds.sweep.SweepMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code heartsounds sweep}'s usage text and exit codes for input it refuses before training anything. */
class SweepCommandTest {
    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = SweepMain.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path config(String dataDir, String parameters) throws IOException {
        Path p = tmp.resolve("sweep.yaml");
        Files.writeString(p, "data: {dir: '" + dataDir + "'}\nsweep:\n  out: '" + tmp.resolve("out") + "'\n"
                + "  candidates: 2\n  parameters:\n    " + parameters + "\n");
        return p;
    }

    @Test
    void helpDescribesTheConfigurationAndTheOptions() {
        Run r = run("--help");
        assertEquals(0, r.code());
        for (String s : new String[] {"Usage: sweep", "--config", "--set", "--resume", "--candidates", "--out",
                "--data", "--seed", "log_uniform", "choice", "val_acc|val_loss", "validation split only", "sweep.csv",
                "best.txt", "report.html"}) {
            assertTrue(r.out().contains(s), s + " in\n" + r.out());
        }
        assertFalse(r.out().contains("--prepare-threads"), "test-only option hidden");
    }

    @Test
    void badInputIsExitCodeTwoAndCreatesNothing() throws IOException {
        Path wavs = Files.createDirectories(tmp.resolve("wavs"));
        Run noConfig = run();
        assertEquals(2, noConfig.code());
        assertTrue(noConfig.err().contains("--config FILE is required"), noConfig.err());

        Path typo = config(wavs.toString(), "train.learning_ratee: {log_uniform: [1.0e-4, 1.0e-3]}");
        Run key = run("--config", typo.toString());
        assertEquals(2, key.code());
        assertTrue(key.err().contains(typo.toString()) && key.err().contains("sweep.parameters.train.learning_ratee")
                && key.err().contains("unknown recipe key"), key.err());

        Path space = config(wavs.toString(), "train.learning_rate: {log_uniform: [0, 1.0e-3]}");
        Run badSpace = run("--config", space.toString());
        assertEquals(2, badSpace.code());
        assertTrue(badSpace.err().contains("sweep.parameters.train.learning_rate")
                && badSpace.err().contains("0 < low < high"), badSpace.err());

        Path ok = config(wavs.toString(), "train.learning_rate: {log_uniform: [1.0e-4, 1.0e-3]}");
        Run zero = run("--config", ok.toString(), "--candidates", "0");
        assertEquals(2, zero.code());
        assertTrue(zero.err().contains("sweep.candidates must be at least 1"), zero.err());

        Run set = run("--config", ok.toString(), "--set", "train.epochz=3");
        assertEquals(2, set.code());
        assertTrue(set.err().contains("unknown configuration key 'train.epochz'"), set.err());

        Path missing = tmp.resolve("no-such-wavs");
        Run noData = run("--config", config(missing.toString(), "train.epochs: {int: [1, 2]}").toString());
        assertEquals(2, noData.code());
        assertTrue(noData.err().contains(missing.toString()) && noData.err().contains("not found"), noData.err());

        Run flag = run("--config", ok.toString(), "--bogus");
        assertEquals(2, flag.code());
        assertTrue(flag.err().contains("--bogus"), flag.err());
        assertFalse(Files.exists(tmp.resolve("out")), "nothing written");
    }

    @Test
    void aFolderHoldingASweepNeedsResumeAndTheSameSearch() throws IOException {
        Path wavs = Files.createDirectories(tmp.resolve("wavs"));
        Path earlier = config(wavs.toString(), "train.epochs: {int: [1, 2]}");
        Files.createDirectories(tmp.resolve("out"));
        Path yaml = tmp.resolve("out/sweep.yaml");
        Files.copy(earlier, yaml);
        Path ok = config(wavs.toString(), "train.learning_rate: {log_uniform: [1.0e-4, 1.0e-3]}");
        Run r = run("--config", ok.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("already holds a sweep") && r.err().contains("--resume"), r.err());
        Run other = run("--config", ok.toString(), "--resume");
        assertEquals(2, other.code());
        assertTrue(other.err().contains(yaml.toString()) && other.err().contains("another configuration"),
                other.err());
        Files.writeString(yaml, "seed: 1\n");
        Run broken = run("--config", ok.toString(), "--resume");
        assertEquals(2, broken.code());
        assertTrue(broken.err().contains(yaml.toString()) && broken.err().contains("cannot resume"), broken.err());
        assertEquals("seed: 1\n", Files.readString(yaml), "left as it was");
    }

    @Test
    void aSweepWhoseOnlyCandidateFailsRecordsItAndExitsWithOne() throws IOException {
        Path wavs = Files.createDirectories(tmp.resolve("wavs"));
        Path p = tmp.resolve("invalid.yaml");
        // the grid's first point (epochs 1, warmup 1) is an invalid combination; the other values are fine
        Files.writeString(p, "data: {dir: '" + wavs + "'}\nsweep:\n  out: '" + tmp.resolve("out") + "'\n"
                + "  generator: grid\n  candidates: 1\n  parameters:\n    train.epochs: {choice: [1, 2]}\n"
                + "    train.warmup_epochs: {choice: [1, 0]}\n");
        Run r = run("--config", p.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("no candidate finished (1 failed)"), r.err());
        assertTrue(r.out().contains("candidate 0 (1/1) failed") && r.out().contains("invalid combination"), r.out());
        List<String> csv = Files.readAllLines(tmp.resolve("out/sweep.csv"));
        assertEquals(2, csv.size());
        assertEquals("0,failed,,0.0,1,1,,\"invalid combination: bad value for 'train': train.warmup_epochs must be "
                + "in [0, epochs), got 1\",1,local", csv.get(1).replaceFirst(",[0-9.]+,1,1,", ",0.0,1,1,"));
        assertFalse(Files.exists(tmp.resolve("out/best.txt")));
        assertFalse(Files.exists(tmp.resolve("out/candidates")), "nothing trained");
        assertTrue(Files.readString(tmp.resolve("out/report.html")).contains("No candidate finished"));
        assertTrue(Files.readString(tmp.resolve("out/summary.json")).contains("\"best\" : null"));
    }
}
