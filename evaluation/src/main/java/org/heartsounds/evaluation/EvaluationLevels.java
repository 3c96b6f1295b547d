package org.heartsounds.evaluation;

import java.util.List;

/**
 * The three levels of one evaluation, computed from window predictions: windows, recordings ({@link RecordingLevel})
 * and patients ({@link PatientLevel}), each a full {@link MetricsReport} with the same {@link LevelComparison}
 * attached, so every level's report shows all three side by side. Windows are pooled into recordings and recordings
 * into patients by {@link MetricsOptions#aggregation()}; every level's bootstrap resamples patients.
 *
 * @param windows    the window-level report
 * @param recordings the recording-level report
 * @param patients   the patient-level report
 */
public record EvaluationLevels(MetricsReport windows, MetricsReport recordings, MetricsReport patients) {

    /** The side-by-side headline numbers (the same object in all three reports). */
    public LevelComparison comparison() {
        return windows.levels();
    }

    /**
     * @param windows window predictions with their recordings ({@link Predictions#groups()}) and, when known, their
     *                patients ({@link Predictions#patients()}); without patients every recording is its own patient
     *                and the comparison's note says so
     */
    public static EvaluationLevels compute(Predictions windows, MetricsOptions options) {
        if (windows.groups() == null) {
            throw new IllegalArgumentException("window predictions need their recordings (withGroups)");
        }
        boolean patientsKnown = windows.patients() != null;
        Predictions w = patientsKnown ? windows : windows.withPatients(windows.groups());
        Predictions r = RecordingLevel.of(w, options.aggregation());
        Predictions p = PatientLevel.of(r, options.aggregation());
        return withComparison(MetricsReport.compute(w, options), MetricsReport.compute(r, options),
                MetricsReport.compute(p, options), options.aggregation(), patientsKnown);
    }

    /**
     * The three levels of several evaluations pooled (cross-validation folds: {@link MetricsReport#pool}), with their
     * comparison.
     */
    public static EvaluationLevels pool(List<MetricsReport> windows, List<MetricsReport> recordings,
                                        List<MetricsReport> patients, MetricsOptions options) {
        return withComparison(MetricsReport.pool(windows, options), MetricsReport.pool(recordings, options),
                MetricsReport.pool(patients, options), options.aggregation(), true);
    }

    /** The three reports with their {@link LevelComparison} attached. */
    public static EvaluationLevels withComparison(MetricsReport windows, MetricsReport recordings,
                                                  MetricsReport patients, Aggregation aggregation,
                                                  boolean patientsKnown) {
        LevelComparison c = LevelComparison.of(aggregation, windows, recordings, patients, patientsKnown);
        return new EvaluationLevels(windows.withLevels(c), recordings.withLevels(c), patients.withLevels(c));
    }
}
