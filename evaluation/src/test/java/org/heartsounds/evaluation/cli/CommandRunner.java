package org.heartsounds.evaluation.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.heartsounds.core.ExitCodes;
import picocli.CommandLine;

/** Runs one picocli command as the {@code heartsounds} program would (exit-code mapping) and keeps its output. */
record CommandRunner(int code, String out, String err) {
    static CommandRunner run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = ExitCodes.configure(new CommandLine(command));
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new CommandRunner(code, out.toString(), err.toString());
    }
}
