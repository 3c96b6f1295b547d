package org.heartsounds.evaluation.run;

import java.util.Locale;
import org.heartsounds.evaluation.BootstrapIntervals;
import org.heartsounds.evaluation.MetricsReport;

/** One-line headline of a metrics report: items, accuracy and macro-F1 with their bootstrap intervals. */
public final class EvaluationSummary {
    private EvaluationSummary() {
    }

    /**
     * E.g. {@code windows      120  accuracy 0.8417 (95 % CI 0.7750-0.9000)  macro-F1 0.8392 (95 % CI ...)}.
     *
     * @param level what the items are ("windows", "recordings")
     */
    public static String line(String level, MetricsReport r) {
        MetricsReport.Summary s = r.summary();
        return String.format(Locale.ROOT, "%-11s %5d  accuracy %.4f %s  macro-F1 %s %s", level, r.count(),
                s.accuracy(), interval(s.accuracyCi()), s.macroF1() == null ? "n/a" : String.format(Locale.ROOT,
                        "%.4f", s.macroF1()), interval(s.macroF1Ci()));
    }

    private static String interval(BootstrapIntervals.Interval ci) {
        if (ci == null || Double.isNaN(ci.lower())) {
            return "(no CI)";
        }
        return String.format(Locale.ROOT, "(%.0f %% CI %.4f-%.4f)", 100 * ci.level(), ci.lower(), ci.upper());
    }
}
