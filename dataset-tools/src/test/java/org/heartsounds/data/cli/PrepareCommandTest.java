package org.heartsounds.data.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.heartsounds.core.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PrepareCommandTest {
    @TempDir
    Path tmp;

    @Test
    void threadsBelowOneAreBadInputWithoutAStackTrace() {
        for (String n : new String[] {"0", "-1"}) {
            StringWriter err = new StringWriter();
            CommandLine cmd = ExitCodes.configure(new CommandLine(new PrepareCommand()));
            cmd.setErr(new PrintWriter(err, true));
            Path out = tmp.resolve("out" + n);
            int code = cmd.execute("--data", tmp.toString(), "--out", out.toString(), "--threads", n);
            assertEquals(ExitCodes.BAD_INPUT, code, err.toString());
            assertEquals("--threads must be >= 1, got " + n, err.toString().lines().findFirst().orElse(""));
            assertFalse(err.toString().contains("Exception") || err.toString().contains("\tat "), err.toString());
            assertFalse(Files.exists(out), "nothing written");
        }
    }

    @Test
    void theThreadsOptionIsDocumented() {
        String help = new CommandLine(new PrepareCommand()).getUsageMessage();
        assertTrue(help.contains("--threads=N") && help.contains("Worker threads (default: all cores)"), help);
    }
}
