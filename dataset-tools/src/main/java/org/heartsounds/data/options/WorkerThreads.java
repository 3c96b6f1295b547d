package org.heartsounds.data.options;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The {@code --threads} option of the commands that prepare data: worker threads, all cores by default. */
public class WorkerThreads {
    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    /** The number of worker threads; bad input (exit 2) below 1. */
    public int value(CommandLine commandLine) {
        if (threads < 1) {
            throw new CommandLine.ParameterException(commandLine, "--threads must be >= 1, got " + threads);
        }
        return threads;
    }
}
