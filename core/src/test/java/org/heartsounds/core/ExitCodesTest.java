package org.heartsounds.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class ExitCodesTest {
    @Command(name = "probe")
    static final class Probe implements Callable<Integer> {
        @Option(names = "--fail")
        String fail = "none";

        @Option(names = "--count")
        int count;

        @Override
        public Integer call() throws Exception {
            switch (fail) {
                case "bad" -> throw new BadInputException(Path.of("x.wav"), "not a RIFF file");
                case "io" -> throw new IOException("disk full");
                case "nofile" -> throw new NoSuchFileException("/nope");
                case "bug" -> throw new IllegalStateException("unexpected state");
                case "denied" -> throw new AccessDeniedException("/runs/out/.model.zip.k3j2x9.part", null,
                        "Operation not permitted");
                case "full" -> throw new FileSystemException("/runs/out/metrics.csv", null, "No space left on device");
                case "exists" -> throw new FileAlreadyExistsException("/runs/out");
                case "explained" -> throw new ExplainedFailure("training diverged in epoch 2; lower the learning rate");
                default -> {
                    return ExitCodes.OK;
                }
            }
        }
    }

    private record Result(int code, String err) {
    }

    private static Result run(String... args) {
        CommandLine cmd = ExitCodes.configure(new CommandLine(new Probe()));
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err, true));
        return new Result(cmd.execute(args), err.toString());
    }

    @Test
    void mapsOutcomesToExitCodes() {
        assertEquals(new Result(0, ""), run());

        Result bad = run("--fail", "bad");
        assertEquals(2, bad.code());
        assertEquals("error: x.wav: not a RIFF file", bad.err().strip());

        Result io = run("--fail", "io");
        assertEquals(1, io.code());
        assertEquals("error: disk full\n" + ExitCodes.KEPT, io.err().strip().replace(System.lineSeparator(), "\n"));

        Result noFile = run("--fail", "nofile");
        assertEquals(1, noFile.code());
        assertEquals("error: /nope: does not exist\n" + ExitCodes.KEPT,
                noFile.err().strip().replace(System.lineSeparator(), "\n"));

        Result bug = run("--fail", "bug");
        assertEquals(1, bug.code());
        assertTrue(bug.err().startsWith("error: unexpected state"), bug.err());
        assertTrue(bug.err().contains("at org.heartsounds.core.ExitCodesTest$Probe.call"), "bugs get a stack trace");
    }

    @Test
    void fileSystemFailuresNameThePathAndTheCauseInWords() {
        Result denied = run("--fail", "denied");
        assertEquals(1, denied.code());
        assertEquals("error: /runs/out/model.zip (its temporary file .model.zip.k3j2x9.part): permission denied "
                + "(operation not permitted (the folder's owner or permissions, or a read-only mount))\n"
                + ExitCodes.KEPT, denied.err().strip().replace(System.lineSeparator(), "\n"));
        assertEquals("error: /runs/out/metrics.csv: the disk is full (no space left on device)\n" + ExitCodes.KEPT,
                run("--fail", "full").err().strip().replace(System.lineSeparator(), "\n"));
        assertEquals("error: /runs/out: already exists\n" + ExitCodes.KEPT,
                run("--fail", "exists").err().strip().replace(System.lineSeparator(), "\n"));
        assertTrue(ExitCodes.KEPT.startsWith("kept: every file written before the failure is complete"));
    }

    @Test
    void explainedFailuresExitWithOneAndNoStackTrace() {
        Result explained = run("--fail", "explained");
        assertEquals(1, explained.code());
        assertEquals("error: training diverged in epoch 2; lower the learning rate\n",
                explained.err().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void badCommandLinesExitWithTwo() {
        assertEquals(2, run("--count", "many").code());
        assertEquals(2, run("--no-such-option").code());
        assertEquals(ExitCodes.BAD_INPUT, ExitCodes.codeFor(new CommandLine.ParameterException(new CommandLine(new Probe()), "x")));
        assertEquals(ExitCodes.FAILURE, ExitCodes.codeFor(new RuntimeException()));
    }
}
