package org.heartsounds.sweep;

import org.heartsounds.core.ExitCodes;
import org.heartsounds.sweep.cli.SweepCommand;
import picocli.CommandLine;

/** Test entry point running {@code sweep} in a child JVM (the cli module's Main is not on this module's path). */
public final class SweepMain {
    private SweepMain() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return ExitCodes.configure(new CommandLine(new SweepCommand()));
    }
}
