package org.heartsounds.core;

/**
 * A failure whose message already says what went wrong and what to change (e.g. training that diverged): the
 * commands exit with 1 and print the message as one line, without a stack trace (see {@link ExitCodes}).
 */
public class ExplainedFailure extends RuntimeException {
    public ExplainedFailure(String message) {
        super(message);
    }
}
