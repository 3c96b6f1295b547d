package org.heartsounds.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.heartsounds.core.text.TextTable;

/**
 * Metrics of a k-fold cross-validation at one level (windows, recordings or patients): the headline numbers of every
 * fold, their mean and sample standard deviation across folds (balanced accuracy, macro-F1 and per-class sensitivity
 * first, then accuracy), and the metrics of all folds' predictions pooled ({@link MetricsReport#pool}).
 *
 * @param folds            one line per fold, in fold order
 * @param balancedAccuracy mean and standard deviation of the fold balanced accuracies (folds where it is undefined,
 *                         e.g. reports read from files that predate it, are left out)
 * @param macroF1          mean and standard deviation of the fold macro-F1 values (folds where it is undefined
 *                         are left out)
 * @param sensitivity      per class (in class order), mean and standard deviation of the fold sensitivities (folds
 *                         without the class are left out)
 * @param accuracy         mean and standard deviation of the fold accuracies
 * @param pooled           metrics of the pooled predictions
 */
public record CrossValidationSummary(List<Fold> folds, Spread balancedAccuracy, Spread macroF1,
                                     Map<String, Spread> sensitivity, Spread accuracy, MetricsReport pooled) {

    /** Headline numbers of one fold. */
    public record Fold(int fold, int count, Double balancedAccuracy, Double macroF1, Map<String, Double> sensitivity,
                       double accuracy, Double cohensKappa, Double matthewsCorrelation, Double macroAuc) {
    }

    /** Mean and sample standard deviation (n - 1; 0 for a single value) over folds. */
    public record Spread(double mean, double standardDeviation, int n) {
        static Spread of(List<Double> values) {
            int n = values.size();
            if (n == 0) {
                return new Spread(Double.NaN, Double.NaN, 0);
            }
            double mean = values.stream().mapToDouble(Double::doubleValue).sum() / n;
            double ss = 0.0;
            for (double v : values) {
                ss += (v - mean) * (v - mean);
            }
            return new Spread(mean, n > 1 ? Math.sqrt(ss / (n - 1)) : 0.0, n);
        }

        /** {@code mean ± sd} with four decimals, or "-" when no fold had the value. */
        public String text() {
            return n == 0 ? "-" : String.format(Locale.ROOT, "%.4f ± %.4f", mean, standardDeviation);
        }
    }

    /** Summarises per-fold reports and pools their predictions with {@code options}. */
    public static CrossValidationSummary of(List<MetricsReport> foldReports, MetricsOptions options) {
        if (foldReports.isEmpty()) {
            throw new IllegalArgumentException("no folds to summarise");
        }
        List<Fold> folds = new ArrayList<>(foldReports.size());
        for (int k = 0; k < foldReports.size(); k++) {
            MetricsReport r = foldReports.get(k);
            MetricsReport.Summary s = r.summary();
            folds.add(new Fold(k, r.count(), s.balancedAccuracy(), s.macroF1(), r.sensitivityByClass(), s.accuracy(),
                    s.cohensKappa(), s.matthewsCorrelation(), s.macroAuc()));
        }
        Map<String, Spread> sensitivity = new LinkedHashMap<>();
        for (String c : foldReports.get(0).classNames()) {
            sensitivity.put(c, spread(folds, f -> f.sensitivity().get(c)));
        }
        return new CrossValidationSummary(folds, spread(folds, Fold::balancedAccuracy), spread(folds, Fold::macroF1),
                sensitivity, spread(folds, Fold::accuracy), MetricsReport.pool(foldReports, options));
    }

    /** The same summary with {@code report} as the pooled metrics (e.g. with its levels attached). */
    public CrossValidationSummary withPooled(MetricsReport report) {
        return new CrossValidationSummary(folds, balancedAccuracy, macroF1, sensitivity, accuracy, report);
    }

    private static Spread spread(List<Fold> folds, Function<Fold, Double> value) {
        List<Double> values = new ArrayList<>();
        for (Fold f : folds) {
            Double v = value.apply(f);
            if (v != null && !Double.isNaN(v)) {
                values.add(v);
            }
        }
        return Spread.of(values);
    }

    /**
     * The summary.json entry of this level: {@code balanced_accuracy_mean/_sd}, {@code macro_f1_mean/_sd},
     * {@code sensitivity_mean/_sd} (class to value), {@code accuracy_mean/_sd}, and the pooled
     * {@code pooled_count}, {@code pooled_balanced_accuracy}, {@code pooled_macro_f1}, {@code pooled_accuracy}.
     * Undefined new values are null (accuracy and macro-F1 keep their earlier form).
     */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("balanced_accuracy_mean", nullIfNaN(balancedAccuracy.mean()));
        m.put("balanced_accuracy_sd", nullIfNaN(balancedAccuracy.standardDeviation()));
        m.put("macro_f1_mean", macroF1.mean());
        m.put("macro_f1_sd", macroF1.standardDeviation());
        Map<String, Object> sensMean = new LinkedHashMap<>();
        Map<String, Object> sensSd = new LinkedHashMap<>();
        sensitivity.forEach((c, s) -> {
            sensMean.put(c, nullIfNaN(s.mean()));
            sensSd.put(c, nullIfNaN(s.standardDeviation()));
        });
        m.put("sensitivity_mean", sensMean);
        m.put("sensitivity_sd", sensSd);
        m.put("accuracy_mean", accuracy.mean());
        m.put("accuracy_sd", accuracy.standardDeviation());
        m.put("pooled_count", pooled.count());
        m.put("pooled_balanced_accuracy", pooled.summary().balancedAccuracy());
        m.put("pooled_macro_f1", pooled.summary().macroF1());
        m.put("pooled_accuracy", pooled.summary().accuracy());
        return m;
    }

    /**
     * Several levels side by side as a text table, one column per level (e.g. windows, recordings, patients):
     * mean ± sd over folds of balanced accuracy, macro-F1, every class's sensitivity and accuracy, then the pooled
     * count, balanced accuracy and accuracy.
     */
    /** The three levels' summaries by name, finest first, as {@link #table} takes them. */
    public static Map<String, CrossValidationSummary> levels(CrossValidationSummary windows,
                                                             CrossValidationSummary recordings,
                                                             CrossValidationSummary patients) {
        Map<String, CrossValidationSummary> m = new java.util.LinkedHashMap<>();
        m.put("windows", windows);
        m.put("recordings", recordings);
        m.put("patients", patients);
        return m;
    }

    public static String table(Map<String, CrossValidationSummary> levels) {
        List<String> header = new ArrayList<>();
        header.add("mean over folds (± sd)");
        header.addAll(levels.keySet());
        TextTable t = new TextTable(header);
        List<CrossValidationSummary> ls = new ArrayList<>(levels.values());
        row(t, ls, "balanced accuracy", s -> s.balancedAccuracy().text());
        row(t, ls, "macro F1", s -> s.macroF1().text());
        if (!ls.isEmpty()) {
            for (String c : ls.get(0).sensitivity().keySet()) {
                row(t, ls, "sensitivity " + c, s -> s.sensitivity().get(c).text());
            }
        }
        row(t, ls, "accuracy", s -> s.accuracy().text());
        row(t, ls, "pooled items", s -> Integer.toString(s.pooled().count()));
        row(t, ls, "pooled balanced accuracy", s -> MetricsText.num(s.pooled().summary().balancedAccuracy()));
        row(t, ls, "pooled macro F1", s -> MetricsText.num(s.pooled().summary().macroF1()));
        row(t, ls, "pooled accuracy", s -> MetricsText.num(s.pooled().summary().accuracy()));
        return t.render();
    }

    private static void row(TextTable t, List<CrossValidationSummary> levels, String name,
                            Function<CrossValidationSummary, String> value) {
        List<String> cells = new ArrayList<>();
        cells.add(name);
        for (CrossValidationSummary s : levels) {
            cells.add(value.apply(s));
        }
        t.row(cells);
    }

    private static Double nullIfNaN(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
