package org.heartsounds.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Test helper: one execution of the assembled {@code heartsounds} command line ({@link Main#commandLine()}) in this
 * JVM, with its exit code and what it printed to stdout and stderr.
 */
record CliRun(int code, String out, String err) {
    /** Runs {@code heartsounds args...}. */
    static CliRun run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Standard output's lines. */
    java.util.List<String> lines() {
        return out.lines().toList();
    }
}
