package org.heartsounds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.heartsounds.bench.cli.BenchProfileCommand;
import org.heartsounds.bench.torch.TorchProfileReference;
import org.heartsounds.bench.torch.TorchReference;
import org.heartsounds.trainer.backend.OneDnnHelpers;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code heartsounds bench profile}: usage, exit codes and the shape of its tables (32x32, batch 2, one step). */
class BenchProfileCommandTest {
    private static final Pattern NUMBER = Pattern.compile("-?\\d+\\.\\d\\d");
    private static final List<String> PARTS = List.of("conv", "BatchNorm", "ReLU", "residual add", "max pool",
            "global avg pool", "fc+softmax+loss", "other vertices", "updater (Adam)", "rest of step", "whole step");
    private static final String[] TINY = {"bench", "profile", "--size", "32", "--batch", "2", "--steps", "1",
        "--warmup", "0", "--threads", "1"};

    @BeforeAll
    static void oneThread() {
        Nd4jThreads.single();
    }

    @Test
    void helpListsProfileAndItsOptions() {
        CliRun bench = CliRun.run("bench", "--help");
        assertEquals(0, bench.code());
        assertTrue(bench.out().contains("profile"), bench.out());
        CliRun profile = CliRun.run("bench", "profile", "--help");
        assertEquals(0, profile.code());
        for (String option : new String[] {"--size", "--batch", "--steps", "--warmup", "--threads", "--helpers",
            "--torch", "--no-torch", "--torch-script"}) {
            assertTrue(profile.out().contains(option), option + " in\n" + profile.out());
        }
        assertTrue(profile.out().contains("default: 224"), profile.out());
    }

    @Test
    void badOptionsAreExitTwoNamingTheProblem() {
        CliRun small = CliRun.run("bench", "profile", "--size", "16", "--no-torch");
        assertEquals(2, small.code());
        assertTrue(small.err().contains("--size: 16 is outside [32, 4096]"), small.err());
        CliRun helpers = CliRun.run("bench", "profile", "--helpers", "both", "--no-torch");
        assertEquals(2, helpers.code());
        assertTrue(helpers.err().contains("--helpers must be on or off, got 'both'"), helpers.err());
        assertEquals(2, CliRun.run("bench", "profile", "--size", "abc", "--no-torch").code());
        assertEquals(2, CliRun.run("bench", "profile", "--batch", "0", "--no-torch").code());
        assertEquals(2, CliRun.run("bench", "profile", "--steps", "0", "--no-torch").code());
        assertEquals(2, CliRun.run("bench", "profile", "--warmup", "-1", "--no-torch").code());
        assertEquals(2, CliRun.run("bench", "profile", "--threads", "0", "--no-torch").code());
        assertEquals(2, CliRun.run("bench", "profile", "--frobnicate", "--no-torch").code());
    }

    @Test
    void tinyRunWithoutTorchPrintsTheTables() {
        CliRun r = CliRun.run(concat(TINY, "--no-torch"));
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.lines();
        assertEquals(29, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith("bench profile: ResNet-18, 5 classes, 32 px, batch 2, oneDNN helpers on, "
                + "0 warm-up + 1 timed steps, 1 threads"), lines.get(0));
        assertEquals(BenchProfileCommand.header(), lines.get(1));
        assertEquals(List.of("part", "DL4J", "fwd", "DL4J", "bwd", "DL4J", "total", "torch", "fwd", "torch", "bwd",
                "torch", "total", "DL4J/torch"), List.of(lines.get(1).trim().split("\\s+")));
        for (int i = 0; i < PARTS.size(); i++) {
            String[] cells = partRow(lines.get(2 + i), PARTS.get(i));
            boolean part = i < 8;
            for (int c : part ? new int[] {0, 1, 2} : new int[] {2}) {
                assertTrue(NUMBER.matcher(cells[c]).matches(), "DL4J column " + c + ": " + lines.get(2 + i));
            }
            if (part || i == 8 || i == 10) {
                assertTrue(Double.parseDouble(cells[2]) >= 0, lines.get(2 + i));
            }
            for (int c = part ? 3 : 0; c < 7; c++) {
                if (c != 2) {
                    assertEquals("-", cells[c], "column " + c + ": " + lines.get(2 + i));
                }
            }
        }
        assertTrue(Double.parseDouble(partRow(lines.get(12), "whole step")[2]) > 0);
        assertTrue(lines.get(13).matches("images/s: DL4J \\d+\\.\\d, PyTorch -"), lines.get(13));
        assertTrue(lines.get(14).startsWith("ms per step. DL4J:"), lines.get(14));
        assertEquals("DL4J top 10 vertices (ms):", lines.get(15));
        assertEquals(List.of("vertex", "layer", "fwd", "bwd", "total"), List.of(lines.get(16).trim().split("\\s+")));
        double previous = Double.MAX_VALUE;
        for (int i = 17; i < 27; i++) {
            String[] cells = lines.get(i).trim().split("\\s+");
            assertEquals(5, cells.length, lines.get(i));
            double total = Double.parseDouble(cells[4]);
            assertTrue(total <= previous, "sorted by total: " + lines.get(i));
            previous = total;
        }
        assertTrue(lines.get(27).startsWith("DL4J:    ND4J CPU backend ("), lines.get(27));
        if (OneDnnHelpers.oneDnnAvailable()) {
            assertTrue(lines.get(27).endsWith("oneDNN helpers on 41 of 41 conv/BN/pooling layers (40 direct)"),
                    lines.get(27));
        }
        assertEquals("PyTorch: not measured (--no-torch)", lines.get(28));
    }

    /** With /usr/bin/python3's torch (skipped without it): the PyTorch columns and the ratio are filled in. */
    @Test
    void tinyRunWithTorchFillsTheTorchColumns() {
        Path script = TorchProfileReference.locateScript(Path.of("")).orElseThrow();
        TorchReference.Availability a = new TorchProfileReference(Path.of("/usr/bin/python3"), script,
                Duration.ofMinutes(2)).check();
        Assumptions.assumeTrue(a.available(), "no PyTorch: " + a.reason());
        CliRun r = CliRun.run(TINY);
        assertEquals(0, r.code(), r.out() + r.err());
        List<String> lines = r.lines();
        assertEquals(30, lines.size(), r.out());
        String[] conv = partRow(lines.get(2), "conv");
        for (int c = 0; c < 7; c++) {
            assertTrue(NUMBER.matcher(conv[c]).matches(), "column " + c + ": " + lines.get(2));
        }
        assertTrue(Double.parseDouble(conv[5]) > 0, lines.get(2));
        assertEquals("-", partRow(lines.get(9), "other vertices")[6], "DL4J's ResNet-18 has no other vertex");
        assertTrue(NUMBER.matcher(partRow(lines.get(10), "updater (Adam)")[6]).matches(), lines.get(10));
        assertEquals("-", partRow(lines.get(11), "rest of step")[6], "rest differs in kind: no ratio");
        String[] step = partRow(lines.get(12), "whole step");
        assertTrue(NUMBER.matcher(step[5]).matches() && NUMBER.matcher(step[6]).matches(), lines.get(12));
        assertTrue(lines.get(13).matches("images/s: DL4J \\d+\\.\\d, PyTorch \\d+\\.\\d, DL4J/PyTorch \\d+\\.\\d\\d"),
                lines.get(13));
        assertTrue(lines.get(15).startsWith("PyTorch: self CPU time under torch.profiler"), lines.get(15));
        assertTrue(lines.get(29).startsWith("PyTorch: torch " + a.torchVersion() + ", torchvision "), lines.get(29));
    }

    /** The 7 cells after the part label (the label is the first 18 characters). */
    private static String[] partRow(String line, String label) {
        assertEquals(label, line.substring(0, 18).trim(), line);
        String[] cells = line.substring(18).trim().split("\\s+");
        assertEquals(7, cells.length, line);
        return cells;
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
