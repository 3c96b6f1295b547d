package org.heartsounds.evaluation;

/**
 * Window-level predictions pooled per recording: a recording's window probabilities combined by an
 * {@link Aggregation} (the mean by default), the recording's label being its windows' (they share it). The
 * recordings keep their windows' patients, so the recording level can be pooled further by {@link PatientLevel}.
 */
public final class RecordingLevel {
    private RecordingLevel() {
    }

    /** {@link #of(Predictions, Aggregation)} with the mean of the window probabilities. */
    public static Predictions of(Predictions windows) {
        return of(windows, Aggregation.MEAN);
    }

    /**
     * Requires {@link Predictions#groups()} (the recording of each window); items become recording ids, in the order
     * of their first window. Patients, when present, must agree within a recording.
     *
     * @throws IllegalArgumentException without recordings, or when windows of one recording disagree on the label
     */
    public static Predictions of(Predictions windows, Aggregation aggregation) {
        if (windows.groups() == null) {
            throw new IllegalArgumentException("window predictions need their recordings (withGroups)");
        }
        return LevelPooling.pool(windows, windows.groups(), windows.patients(), aggregation, "recording", false);
    }
}
