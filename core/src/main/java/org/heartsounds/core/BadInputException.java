package org.heartsounds.core;

import java.nio.file.Path;

/**
 * Input the project cannot use: a corrupt WAV, an unknown class, a broken YAML key, a checksum mismatch, an
 * archive entry that escapes its folder. The message always names the offending file (or source) and the problem;
 * the command line maps this exception to exit code 2.
 */
public class BadInputException extends RuntimeException {
    private final String source;
    private final String problem;

    public BadInputException(Path file, String problem) {
        this(String.valueOf(file), problem, null);
    }

    public BadInputException(Path file, String problem, Throwable cause) {
        this(String.valueOf(file), problem, cause);
    }

    public BadInputException(String source, String problem) {
        this(source, problem, null);
    }

    public BadInputException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
        this.problem = problem;
    }

    /** The file (or other source) that is wrong. */
    public String source() {
        return source;
    }

    /** What is wrong with it, without the file name. */
    public String problem() {
        return problem;
    }
}
