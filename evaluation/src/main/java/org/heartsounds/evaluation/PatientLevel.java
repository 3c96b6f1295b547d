package org.heartsounds.evaluation;

/**
 * Recording-level predictions pooled per patient (the prepared dataset's {@code group}: a given patient id merged with
 * shared audio): a patient's recording probabilities combined by an {@link Aggregation}, so every recording weighs the
 * same whatever its number of windows. Clinical collections hold several correlated recordings per patient; one
 * decision per patient is what a screening programme acts on.
 *
 * <p>A patient whose recordings carry different labels (e.g. a murmur heard at one auscultation site only) becomes
 * one item per label, named {@code patient [label]}, so no recording's truth is lost; those items keep the patient for
 * the bootstrap, which resamples them together.
 */
public final class PatientLevel {
    private PatientLevel() {
    }

    /** {@link #of(Predictions, Aggregation)} with the mean of the recording probabilities. */
    public static Predictions of(Predictions recordings) {
        return of(recordings, Aggregation.MEAN);
    }

    /**
     * Requires {@link Predictions#patients()}; items become patient ids in the order of their first recording, groups
     * the same ids, patients the patient of each.
     *
     * @throws IllegalArgumentException without patients
     */
    public static Predictions of(Predictions recordings, Aggregation aggregation) {
        if (recordings.patients() == null) {
            throw new IllegalArgumentException("recording predictions need their patients (withPatients)");
        }
        return LevelPooling.pool(recordings, recordings.patients(), recordings.patients(), aggregation, "patient",
                true);
    }

    /** Whether every patient of {@code recordings} has exactly one recording (then the two levels are the same). */
    public static boolean oneRecordingPerPatient(Predictions recordings) {
        return recordings.patients() == null
                || recordings.patients().stream().distinct().count() == recordings.size();
    }
}
