package org.heartsounds.bench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The {@code --batch} option of the training benchmarks ({@code bench train}, {@code bench profile}). */
public class BenchBatch {
    @Option(names = "--batch", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch = 16;

    /** The batch size; bad input (exit 2) below 1. */
    int value(CommandLine commandLine) {
        BenchChecks.positive(commandLine, "--batch", batch);
        return batch;
    }
}
