package org.heartsounds.evaluation.run;

import java.util.Locale;
import org.heartsounds.evaluation.BootstrapIntervals;
import org.heartsounds.evaluation.MetricsReport;

/**
 * One-line headline of a metrics report: items, balanced accuracy, macro-F1 and accuracy with their bootstrap
 * intervals.
 */
public final class EvaluationSummary {
    private EvaluationSummary() {
    }

    /**
     * E.g. {@code windows      120  balanced accuracy 0.8311 (95 % CI ...)  macro-F1 0.8392 (95 % CI ...)  accuracy
     * 0.8417 (95 % CI 0.7750-0.9000)}.
     *
     * @param level what the items are ("windows", "recordings", "patients")
     */
    public static String line(String level, MetricsReport r) {
        MetricsReport.Summary s = r.summary();
        return String.format(Locale.ROOT, "%-11s %5d  balanced accuracy %s %s  macro-F1 %s %s  accuracy %.4f %s",
                level, r.count(), value(s.balancedAccuracy()), interval(s.balancedAccuracyCi()), value(s.macroF1()),
                interval(s.macroF1Ci()), s.accuracy(), interval(s.accuracyCi()));
    }

    private static String value(Double v) {
        return v == null || Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String interval(BootstrapIntervals.Interval ci) {
        if (ci == null || Double.isNaN(ci.lower())) {
            return "(no CI)";
        }
        return String.format(Locale.ROOT, "(%.0f %% CI %.4f-%.4f)", 100 * ci.level(), ci.lower(), ci.upper());
    }
}
