package org.heartsounds.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.heartsounds.core.text.TextTable;

/**
 * The headline numbers of every level of one evaluation side by side: windows, recordings (windows pooled) and
 * patients (recordings pooled), each computed from its own predictions with its own bootstrap. Balanced accuracy,
 * macro-F1 and the per-class sensitivities come first; with imbalanced classes they, not the plain accuracy, tell
 * whether the rare classes are found. Stored in every level's {@code metrics.json} ({@link MetricsReport#levels()})
 * and shown in its {@code metrics.txt} and {@code report.html}.
 *
 * @param aggregation how windows became recordings and recordings patients: {@code mean} or {@code log_mean}
 *                    ({@link Aggregation#key()})
 * @param note        what the reader must know about the levels, e.g. that every patient has one recording so the
 *                    patient level equals the recording level
 * @param levels      the levels, finest first
 */
public record LevelComparison(String aggregation, String note, List<Level> levels) {

    public LevelComparison {
        Objects.requireNonNull(levels, "levels");
        levels = List.copyOf(levels);
    }

    /**
     * One level's headline numbers.
     *
     * @param level       "windows", "recordings" or "patients"
     * @param count       items at this level
     * @param resampled   what the bootstrap resampled ({@link BootstrapIntervals.Settings#unit()}) and how many
     * @param sensitivity every class's sensitivity (recall, from DL4J's {@code Evaluation}), in class order; null for
     *                    a class that does not occur at this level
     */
    public record Level(String level, int count, String resampled, Double balancedAccuracy,
                        BootstrapIntervals.Interval balancedAccuracyCi, Double macroF1,
                        BootstrapIntervals.Interval macroF1Ci, Map<String, Double> sensitivity, double accuracy,
                        BootstrapIntervals.Interval accuracyCi, Double cohensKappa, Double matthewsCorrelation,
                        Double macroAuc) {

        /** The headline numbers of {@code report} under the name {@code level}. */
        public static Level of(String level, MetricsReport report) {
            MetricsReport.Summary s = report.summary();
            BootstrapIntervals.Settings b = report.bootstrap();
            return new Level(level, report.count(), b.units() + " " + b.unit() + "s", s.balancedAccuracy(),
                    s.balancedAccuracyCi(), s.macroF1(), s.macroF1Ci(), report.sensitivityByClass(), s.accuracy(),
                    s.accuracyCi(), s.cohensKappa(), s.matthewsCorrelation(), s.macroAuc());
        }
    }

    /**
     * The three levels of one evaluation; the note says whether the patient level differs from the recording level.
     *
     * @param patientsKnown whether the patients came from the data; when false every recording was taken as its own
     *                      patient
     */
    public static LevelComparison of(Aggregation aggregation, MetricsReport windows, MetricsReport recordings,
                                     MetricsReport patients, boolean patientsKnown) {
        String note;
        if (!patientsKnown) {
            note = "no patient groups are known: every recording counts as its own patient, so the patient level "
                    + "equals the recording level";
        } else if (PatientLevel.oneRecordingPerPatient(recordings.predictions())) {
            note = "every patient has one recording: the patient level equals the recording level";
        } else {
            long distinct = patients.predictions().patients().stream().distinct().count();
            note = String.format(Locale.ROOT, "%d recordings of %d patient%s: each patient's recordings give one "
                    + "decision (%s of their probabilities); confidence intervals resample patients",
                    recordings.count(), distinct, distinct == 1 ? "" : "s", aggregation.key());
            long mixed = patients.predictions().patients().stream()
                    .collect(Collectors.groupingBy(p -> p, Collectors.counting()))
                    .values().stream().filter(n -> n > 1).count();
            if (mixed > 0) {
                note += String.format(Locale.ROOT, "; %d patient%s recordings of several classes, one decision "
                        + "per class (%d patient-level items)", mixed, mixed == 1 ? " has" : "s have",
                        patients.count());
            }
        }
        return new LevelComparison(aggregation.key(), note, List.of(Level.of("windows", windows),
                Level.of("recordings", recordings), Level.of("patients", patients)));
    }

    /**
     * The levels as a text table, one column per level: balanced accuracy, macro-F1 and the per-class sensitivities
     * first, then accuracy, kappa, MCC and AUC; intervals on the line below their value.
     */
    public String table() {
        List<String> header = new ArrayList<>();
        header.add("metric");
        for (Level l : levels) {
            header.add(l.level());
        }
        TextTable t = new TextTable(header);
        row(t, "items", l -> Integer.toString(l.count()));
        row(t, "balanced accuracy", l -> MetricsText.num(l.balancedAccuracy()));
        row(t, "  CI", l -> interval(l.balancedAccuracyCi()));
        row(t, "macro F1", l -> MetricsText.num(l.macroF1()));
        row(t, "  CI", l -> interval(l.macroF1Ci()));
        if (!levels.isEmpty()) {
            for (String c : levels.get(0).sensitivity().keySet()) {
                row(t, "sensitivity " + c, l -> MetricsText.num(l.sensitivity().get(c)));
            }
        }
        row(t, "accuracy", l -> MetricsText.num(l.accuracy()));
        row(t, "  CI", l -> interval(l.accuracyCi()));
        row(t, "Cohen's kappa", l -> MetricsText.num(l.cohensKappa()));
        row(t, "MCC (multi-class)", l -> MetricsText.num(l.matthewsCorrelation()));
        row(t, "macro ROC AUC", l -> MetricsText.num(l.macroAuc()));
        row(t, "resampled", Level::resampled);
        return t.render();
    }

    private void row(TextTable t, String name, java.util.function.Function<Level, String> value) {
        List<String> cells = new ArrayList<>();
        cells.add(name);
        for (Level l : levels) {
            cells.add(value.apply(l));
        }
        t.row(cells);
    }

    /** An interval as {@code lower - upper}, or "-" when undefined. */
    static String interval(BootstrapIntervals.Interval i) {
        return i == null || Double.isNaN(i.lower()) ? "-" : MetricsText.num(i.lower()) + " - "
                + MetricsText.num(i.upper());
    }
}
