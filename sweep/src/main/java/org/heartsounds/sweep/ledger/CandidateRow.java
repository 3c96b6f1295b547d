package org.heartsounds.sweep.ledger;

import java.util.List;
import java.util.Objects;

/**
 * One row of sweep.csv: a finished candidate.
 *
 * @param index   the candidate's number (0-based, the order of the candidate generator)
 * @param status  ok or failed
 * @param score   the validation score (null when failed)
 * @param seconds wall time of the candidate (preparation, training and scoring) in the run that finished it
 * @param values  the parameter values as text, one per swept key in YAML order
 * @param runDir  the run folder relative to the sweep folder ({@code candidates/<i>}), empty when nothing was
 *                trained
 * @param reason  why it failed (empty when ok)
 * @param attempts the attempts it took in the run that finished it: 1, or more when an engine retried it after
 *                 losing a worker (the engine's task ledger says where each attempt ran and why it ended)
 * @param executor where the attempt that finished it ran ({@code local}, or a Spark executor), empty when unknown
 */
public record CandidateRow(int index, Status status, Double score, double seconds, List<String> values, String runDir,
                           String reason, int attempts, String executor) {
    /** Longest reason kept (a DL4J message can be pages long). */
    public static final int MAX_REASON_CHARS = 1000;

    public enum Status {
        OK("ok"), FAILED("failed");

        private final String text;

        Status(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        static Status parse(String s) {
            for (Status st : values()) {
                if (st.text.equals(s)) {
                    return st;
                }
            }
            throw new IllegalArgumentException("status must be ok or failed, got '" + s + "'");
        }
    }

    public CandidateRow {
        Objects.requireNonNull(status, "status");
        executor = executor == null ? "" : executor;
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
        }
        values = List.copyOf(values);
        runDir = runDir == null ? "" : runDir;
        reason = reason == null ? "" : reason.replaceAll("\\s+", " ").strip();
        if (reason.length() > MAX_REASON_CHARS) {
            reason = reason.substring(0, MAX_REASON_CHARS - 3) + "...";
        }
        if (index < 0) {
            throw new IllegalArgumentException("candidate index must be >= 0, got " + index);
        }
        if ((status == Status.OK) != (score != null)) {
            throw new IllegalArgumentException("an ok candidate has a score, a failed one none");
        }
        if (score != null && !Double.isFinite(score)) {
            throw new IllegalArgumentException("score must be finite, got " + score);
        }
    }

    /** A row of a ledger written before attempts were recorded: one attempt, place unknown. */
    public CandidateRow(int index, Status status, Double score, double seconds, List<String> values, String runDir,
                        String reason) {
        this(index, status, score, seconds, values, runDir, reason, 1, "");
    }

    /** This row as finished by attempt {@code attempts} on {@code executor}. */
    public CandidateRow ranOn(int attempts, String executor) {
        return new CandidateRow(index, status, score, seconds, values, runDir, reason, attempts, executor);
    }

    public static CandidateRow ok(int index, double score, double seconds, List<String> values, String runDir) {
        return new CandidateRow(index, Status.OK, score, seconds, values, runDir, "");
    }

    public static CandidateRow failed(int index, double seconds, List<String> values, String runDir, String reason) {
        return new CandidateRow(index, Status.FAILED, null, seconds, values, runDir, reason);
    }

    public boolean ok() {
        return status == Status.OK;
    }
}
