package org.heartsounds.bench.cli;

import picocli.CommandLine;

/** The range checks the bench commands share: a bad number is bad input (exit 2) naming the option. */
final class BenchChecks {
    private BenchChecks() {
    }

    /** {@code value} must be at least 1. */
    static void positive(CommandLine commandLine, String option, int value) {
        if (value < 1) {
            throw new CommandLine.ParameterException(commandLine, option + " must be >= 1, got " + value);
        }
    }

    /** {@code value} must not be negative. */
    static void notNegative(CommandLine commandLine, String option, int value) {
        if (value < 0) {
            throw new CommandLine.ParameterException(commandLine, option + " must be >= 0, got " + value);
        }
    }

    /** {@code --helpers on|off}: whether DL4J's oneDNN layer helpers are on. */
    static boolean helpersOn(CommandLine commandLine, String helpers) {
        return switch (helpers) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new CommandLine.ParameterException(commandLine,
                    "--helpers must be on or off, got '" + helpers + "'");
        };
    }
}
