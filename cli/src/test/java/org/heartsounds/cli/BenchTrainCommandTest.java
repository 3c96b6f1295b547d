package org.heartsounds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.heartsounds.trainer.backend.OneDnnHelpers;
import org.junit.jupiter.api.Test;

/** {@code heartsounds bench train}: usage, exit codes and the shape of its table (tiny runs only). */
class BenchTrainCommandTest {
    private static final Pattern NUMBER = Pattern.compile("\\d+\\.\\d");

    @Test
    void helpListsTrainAndItsOptions() {
        CliRun bench = CliRun.run("bench", "--help");
        assertEquals(0, bench.code());
        assertTrue(bench.out().contains("train") && bench.out().contains("prepare"), bench.out());
        CliRun train = CliRun.run("bench", "train", "--help");
        assertEquals(0, train.code());
        for (String option : new String[] {"--sizes", "--batch", "--iterations", "--warmup", "--threads",
            "--helpers", "--torch", "--no-torch", "--classes"}) {
            assertTrue(train.out().contains(option), option + " in\n" + train.out());
        }
        assertTrue(train.out().contains("default: 224,128"), train.out());
    }

    @Test
    void badOptionsAreExitTwoNamingTheProblem() {
        CliRun small = CliRun.run("bench", "train", "--sizes", "64,16", "--no-torch");
        assertEquals(2, small.code());
        assertTrue(small.err().contains("--sizes: 16 is outside [32, 4096]"), small.err());
        assertEquals(2, CliRun.run("bench", "train", "--sizes", "abc", "--no-torch").code());
        assertEquals(2, CliRun.run("bench", "train", "--sizes", "", "--no-torch").code());
        CliRun helpers = CliRun.run("bench", "train", "--helpers", "maybe", "--no-torch");
        assertEquals(2, helpers.code());
        assertTrue(helpers.err().contains("--helpers must be on, off or both, got 'maybe'"), helpers.err());
        assertEquals(2, CliRun.run("bench", "train", "--batch", "0", "--no-torch").code());
        assertEquals(2, CliRun.run("bench", "train", "--iterations", "0", "--no-torch").code());
        assertEquals(2, CliRun.run("bench", "train", "--warmup", "-1", "--no-torch").code());
        assertEquals(2, CliRun.run("bench", "train", "--threads", "0", "--no-torch").code());
        assertEquals(2, CliRun.run("bench", "train", "--classes", "1", "--no-torch").code());
    }

    /** One 32x32 step with the helpers off and one with them on: a row each, no PyTorch columns. */
    @Test
    void tinyRunPrintsOneRowPerHelperSetting() {
        boolean requestedBefore = OneDnnHelpers.requested();
        CliRun r = CliRun.run("bench", "train", "--sizes", "32", "--iterations", "1", "--warmup", "0", "--batch", "4",
                "--helpers", "both", "--no-torch");
        assertEquals(0, r.code(), r.err());
        assertEquals(requestedBefore, OneDnnHelpers.requested(), "the helper property is restored");
        List<String> lines = r.lines();
        assertEquals(7, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith("bench train: ResNet-18, 5 classes, batch 4, 0 warm-up + 1 timed steps"),
                lines.get(0));
        assertEquals(List.of("size", "oneDNN", "DL4J", "train", "torch", "train", "CL", "train", "ratio", "DL4J",
                "infer", "torch", "infer", "CL", "infer", "ratio", "DL4J", "folded", "torch", "fused", "ratio"),
                List.of(lines.get(1).trim().split("\\s+")));
        assertRow(lines.get(2), "off");
        assertRow(lines.get(3), "on");
        assertTrue(lines.get(4).startsWith("images per second; torch: NCHW, CL: channels-last memory format; "
                + "ratio = DL4J / the faster PyTorch; infer: "), lines.get(4));
        assertTrue(lines.get(5).startsWith("DL4J:    ND4J CPU backend ("), lines.get(5));
        if (OneDnnHelpers.oneDnnAvailable()) {
            assertTrue(lines.get(5).endsWith("DL4J layer helpers on; oneDNN helpers on 41 of 41 conv/BN/pooling "
                    + "layers (40 direct)"), lines.get(5));
        }
        assertEquals("PyTorch: not measured (--no-torch)", lines.get(6));
    }

    @Test
    void missingPythonIsReportedAndStillExitZero() {
        CliRun r = CliRun.run("bench", "train", "--sizes", "32", "--iterations", "1", "--warmup", "0", "--batch", "2",
                "--torch", "/no/such/python3");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.lines();
        assertRow(lines.get(2), "on");
        String last = lines.get(lines.size() - 1);
        assertTrue(last.equals("PyTorch: not measured: /no/such/python3 does not exist or is not executable")
                || last.startsWith("PyTorch: not measured: bench/scripts/resnet18_torch.py not found"), last);
    }

    private static void assertRow(String line, String helpers) {
        String[] cells = line.trim().split("\\s+");
        assertEquals(13, cells.length, line);
        assertEquals("32", cells[0]);
        assertEquals(helpers, cells[1]);
        assertTrue(NUMBER.matcher(cells[2]).matches() && Double.parseDouble(cells[2]) > 0, "DL4J train: " + line);
        assertTrue(NUMBER.matcher(cells[6]).matches() && Double.parseDouble(cells[6]) > 0, "DL4J infer: " + line);
        assertTrue(NUMBER.matcher(cells[10]).matches() && Double.parseDouble(cells[10]) > 0, "DL4J folded: " + line);
        for (int i : new int[] {3, 4, 5, 7, 8, 9, 11, 12}) {
            assertEquals("-", cells[i], "no PyTorch column " + i + ": " + line);
        }
    }
}
