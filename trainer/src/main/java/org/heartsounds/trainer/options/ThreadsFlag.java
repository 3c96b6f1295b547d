package org.heartsounds.trainer.options;

import org.heartsounds.trainer.backend.NativeThreads;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The {@code --threads} option of the commands that run the network ({@code train}, {@code cv}, {@code sweep},
 * {@code evaluate}, {@code predict}): ND4J's native threads (OpenMP ops, oneDNN, BLAS). On a machine shared with
 * other CPU-bound work, fewer threads than cores keeps OpenMP's threads from waiting on each other.
 */
public class ThreadsFlag {
    @Option(names = "--threads", paramLabel = "N", description = "Native threads for DL4J (OpenMP, oneDNN, BLAS) "
            + "(default: OMP_NUM_THREADS, else all cores).")
    Integer threads;

    /**
     * Checks the value and sets ND4J's native threads when it was given; the threads in force afterwards.
     *
     * @throws CommandLine.ParameterException (exit 2) when {@code --threads} is below 1
     */
    public int apply(CommandLine commandLine) {
        if (threads == null) {
            return NativeThreads.current();
        }
        if (threads < 1) {
            throw new CommandLine.ParameterException(commandLine, "--threads must be >= 1, got " + threads);
        }
        return NativeThreads.set(threads);
    }
}
