package org.heartsounds.cli;

import org.heartsounds.core.ExitCodes;
import picocli.CommandLine;

/** Entry point of the {@code heartsounds} program: it only executes the command line. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The fully assembled command line, with heartsounds' exit-code mapping (0 ok, 1 failure, 2 bad input). */
    public static CommandLine commandLine() {
        return ExitCodes.configure(new CommandLine(new HeartsoundsCommand()));
    }
}
