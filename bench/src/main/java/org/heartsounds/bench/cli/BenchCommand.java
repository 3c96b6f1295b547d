package org.heartsounds.bench.cli;

import picocli.CommandLine.Command;

/** {@code heartsounds bench}: speed measurements a person runs (never part of the tests). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.",
        subcommands = {BenchPrepareCommand.class, BenchTrainCommand.class, BenchInferCommand.class,
            BenchProfileCommand.class, BenchTimeToAccuracyCommand.class, BenchContentionCommand.class})
public class BenchCommand {
}
