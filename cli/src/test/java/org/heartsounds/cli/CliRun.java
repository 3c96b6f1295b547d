package org.heartsounds.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** Test helper: runs the {@code heartsounds} command line in this JVM and keeps its exit code, stdout and stderr. */
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

    /** Stdout's lines. */
    List<String> lines() {
        return out.lines().toList();
    }
}
