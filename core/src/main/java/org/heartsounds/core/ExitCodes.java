package org.heartsounds.core;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import org.heartsounds.core.io.FileErrors;
import picocli.CommandLine;

/**
 * The exit codes of every {@code heartsounds} command and the picocli handler that maps exceptions to them:
 * {@link #OK} (0) on success, {@link #BAD_INPUT} (2) when the user's input is unusable ({@link BadInputException}:
 * a checksum mismatch, an unsafe archive, an unknown dataset; or a picocli {@link CommandLine.ParameterException}),
 * and {@link #FAILURE} (1) for everything else (network down, disk full, a bug).
 *
 * <p>The handler prints a single line {@code error: <message>} to the command's error writer; for unexpected
 * exceptions (neither bad input, I/O nor an {@link ExplainedFailure}) it also prints the stack trace, since those
 * are bugs worth reporting.
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int BAD_INPUT = 2;

    /**
     * What a file-system failure leaves, printed after its error line: true of every command, since files that
     * others read are written under a temporary name and renamed ({@code core.io.AtomicFiles}) and long work resumes.
     */
    public static final String KEPT = "kept: every file written before the failure is complete and nothing is "
            + "half-written; run the command again to continue (train, cv and sweep: with --resume)";

    private ExitCodes() {
    }

    /** The exit code for an exception thrown by a command. */
    public static int codeFor(Throwable error) {
        if (error instanceof BadInputException || error instanceof CommandLine.ParameterException) {
            return BAD_INPUT;
        }
        return FAILURE;
    }

    /** An execution-exception handler that prints {@code error: <message>} and returns {@link #codeFor}. */
    public static CommandLine.IExecutionExceptionHandler handler() {
        return (ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("error: " + describe(ex));
            if (ex instanceof IOException || ex instanceof UncheckedIOException) {
                err.println(KEPT);
            }
            if (!isExpected(ex)) {
                ex.printStackTrace(err);
            }
            err.flush();
            return codeFor(ex);
        };
    }

    /** Installs {@link #handler()} on {@code commandLine} (and its subcommands) and returns it. */
    public static CommandLine configure(CommandLine commandLine) {
        commandLine.setExecutionExceptionHandler(handler());
        return commandLine;
    }

    private static boolean isExpected(Throwable ex) {
        return ex instanceof BadInputException || ex instanceof CommandLine.ParameterException
                || ex instanceof IOException || ex instanceof UncheckedIOException || ex instanceof ExplainedFailure;
    }

    private static String describe(Throwable ex) {
        String message = ex.getMessage();
        if (message == null || message.isBlank()) {
            return ex.getClass().getSimpleName();
        }
        if (ex instanceof BadInputException || ex instanceof CommandLine.ParameterException) {
            return message;
        }
        if (ex instanceof FileSystemException fse) {
            return FileErrors.describe(fse);
        }
        if (ex instanceof UncheckedIOException u && u.getCause() instanceof FileSystemException fse) {
            return FileErrors.describe(fse);
        }
        if (ex instanceof IOException && !(ex.getClass() == IOException.class)) {
            // e.g. NoSuchFileException's message is only the path; the type says what went wrong
            return ex.getClass().getSimpleName() + ": " + message;
        }
        return message;
    }
}
