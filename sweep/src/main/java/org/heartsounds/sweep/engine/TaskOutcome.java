package org.heartsounds.sweep.engine;

import java.io.Serializable;

/**
 * How one {@link TrainingTask} ended.
 *
 * @param status   ok, failed (the task's own failure: diverged, invalid values, ...: recorded, the job goes on) or
 *                 error (an I/O error or a foreign ledger: the job stops and a resume runs the task again)
 * @param score    the task's score (ok candidates), else null
 * @param reason   why it failed, else empty
 * @param trained  whether a run folder was started
 * @param seconds  wall time of the attempt that finished it
 * @param attempt  the attempt that finished it, 1 = first (more when an engine retried it after a lost worker)
 * @param executor where it ran ({@code local}, a Spark executor id and host)
 */
public record TaskOutcome(Status status, Double score, String reason, boolean trained, double seconds, int attempt,
                          String executor) implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum Status { OK, FAILED, ERROR }

    public TaskOutcome {
        reason = reason == null ? "" : reason;
        executor = executor == null ? "" : executor;
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1, got " + attempt);
        }
    }

    public static TaskOutcome ok(Double score, double seconds) {
        return new TaskOutcome(Status.OK, score, "", true, seconds, 1, "local");
    }

    public static TaskOutcome failed(String reason, boolean trained, double seconds) {
        return new TaskOutcome(Status.FAILED, null, reason, trained, seconds, 1, "local");
    }

    public static TaskOutcome error(String reason, double seconds) {
        return new TaskOutcome(Status.ERROR, null, reason, false, seconds, 1, "local");
    }

    /** The same outcome, as the engine saw it: attempt {@code attempt} on {@code executor}. */
    public TaskOutcome ranOn(int attempt, String executor) {
        return new TaskOutcome(status, score, reason, trained, seconds, attempt, executor);
    }

    public boolean ok() {
        return status == Status.OK;
    }
}
