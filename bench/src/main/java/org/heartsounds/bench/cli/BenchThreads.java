package org.heartsounds.bench.cli;

import org.heartsounds.trainer.backend.NativeThreads;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The {@code --threads} option of every bench command: native threads for DL4J and for the reference beside it. */
public class BenchThreads {
    @Option(names = "--threads", description = "Threads for DL4J (OpenMP, BLAS) and the reference beside it "
            + "(PyTorch, ONNX Runtime intra-op) (default: ND4J's, i.e. OMP_NUM_THREADS or all cores).")
    Integer threads;

    /** Bad input (exit 2) when {@code --threads} is below 1. */
    void check(CommandLine commandLine) {
        if (threads != null && threads < 1) {
            throw new CommandLine.ParameterException(commandLine, "--threads must be >= 1, got " + threads);
        }
    }

    /** Sets ND4J's native threads to {@code --threads} when given; the number of threads in force. */
    int apply() {
        return threads != null ? NativeThreads.set(threads) : NativeThreads.current();
    }
}
