package org.heartsounds.evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.heartsounds.core.io.AtomicFiles;
import org.heartsounds.core.text.TextTable;
import org.heartsounds.evaluation.MetricsReport.Averages;
import org.heartsounds.evaluation.MetricsReport.ClassMetrics;
import org.heartsounds.evaluation.MetricsReport.Misclassified;

/**
 * Renders a {@link MetricsReport} as {@code metrics.txt}: headline numbers with their confidence intervals (balanced
 * accuracy, macro-F1 and the per-class sensitivities first, then accuracy and the agreement statistics), every level
 * of the evaluation side by side when the report has them ({@link LevelComparison}), a per-class table with macro and
 * micro rows, the confusion matrix as counts and row percentages, and the
 * misclassified items. Numbers have four decimals; an undefined value prints as "-".
 */
public final class MetricsText {
    private MetricsText() {
    }

    /** Writes the text atomically. */
    public static void write(Path file, MetricsReport report) throws IOException {
        AtomicFiles.writeString(file, format(report));
    }

    /** The whole text. */
    public static String format(MetricsReport r) {
        StringBuilder sb = new StringBuilder();
        summary(sb, r);
        if (r.levels() != null) {
            sb.append('\n').append("Levels side by side (windows -> recordings -> patients, ")
                    .append(r.levels().aggregation()).append(" of probabilities)\n")
                    .append(r.levels().table()).append("Note: ").append(r.levels().note()).append('\n');
        }
        sb.append('\n').append("Per class (one vs rest)\n").append(perClassTable(r).render());
        sb.append('\n').append("Confusion matrix, counts (rows = true class, columns = predicted class)\n")
                .append(confusionTable(r, false).render());
        sb.append('\n').append("Confusion matrix, % of each true class\n").append(confusionTable(r, true).render());
        sb.append('\n').append("Misclassified items (").append(r.misclassified().size())
                .append("), most confident first\n");
        if (!r.misclassified().isEmpty()) {
            sb.append(misclassifiedTable(r).render());
        }
        return sb.toString();
    }

    /** A value with four decimals, or "-" when undefined. */
    public static String num(Double v) {
        return v == null || Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    /** A fraction as a percentage with one decimal. */
    public static String percent(double v) {
        return String.format(Locale.ROOT, "%.1f", 100.0 * v);
    }

    private static void summary(StringBuilder sb, MetricsReport r) {
        MetricsReport.Summary s = r.summary();
        BootstrapIntervals.Settings b = r.bootstrap();
        String level = String.format(Locale.ROOT, "%.0f%%", 100 * s.accuracyCi().level());
        sb.append("Evaluation of ").append(r.count()).append(" items, ").append(r.classNames().size())
                .append(" classes: ").append(String.join(", ", r.classNames())).append('\n');
        TextTable t = new TextTable(List.of("metric", "value", level + " CI"));
        t.row(List.of("balanced accuracy", num(s.balancedAccuracy()), interval(s.balancedAccuracyCi())));
        t.row(List.of("macro F1", num(s.macroF1()), interval(s.macroF1Ci())));
        for (ClassMetrics m : r.perClass()) {
            t.row(List.of("sensitivity " + m.name(), num(m.sensitivity()), ""));
        }
        t.row(List.of("accuracy", num(s.accuracy()), interval(s.accuracyCi())));
        t.row(List.of("Cohen's kappa", num(s.cohensKappa()), ""));
        t.row(List.of("MCC (multi-class)", num(s.matthewsCorrelation()), ""));
        t.row(List.of("macro ROC AUC", num(s.macroAuc()), ""));
        t.row(List.of("misclassified", Integer.toString(s.errors()), ""));
        sb.append(t.render());
        sb.append("CI: percentile bootstrap, ").append(b.resamples()).append(" resamples of ").append(b.units())
                .append(' ').append(b.unit()).append("s, seed ").append(b.seed()).append('\n');
    }

    private static String interval(BootstrapIntervals.Interval i) {
        return LevelComparison.interval(i);
    }

    private static TextTable perClassTable(MetricsReport r) {
        TextTable t = new TextTable(List.of("class", "support", "sensitivity", "specificity", "precision", "NPV",
                "F1", "MCC", "AUC"));
        for (ClassMetrics m : r.perClass()) {
            t.row(List.of(m.name(), Long.toString(m.support()), num(m.sensitivity()), num(m.specificity()),
                    num(m.precision()), num(m.npv()), num(m.f1()), num(m.mcc()), num(m.auc())));
        }
        averagesRow(t, "macro", r.macro(), r.count(), r.summary().macroAuc());
        averagesRow(t, "micro", r.micro(), r.count(), null);
        return t;
    }

    private static void averagesRow(TextTable t, String name, Averages a, int count, Double auc) {
        t.row(List.of(name, Integer.toString(count), num(a.sensitivity()), num(a.specificity()), num(a.precision()),
                num(a.npv()), num(a.f1()), "", num(auc)));
    }

    private static TextTable confusionTable(MetricsReport r, boolean rowPercent) {
        List<String> header = new ArrayList<>();
        header.add("true \\ predicted");
        header.addAll(r.classNames());
        TextTable t = new TextTable(header);
        for (int i = 0; i < r.classNames().size(); i++) {
            List<String> row = new ArrayList<>();
            row.add(r.classNames().get(i));
            for (int j = 0; j < r.classNames().size(); j++) {
                row.add(rowPercent ? percent(r.confusion().rowNormalised()[i][j])
                        : Long.toString(r.confusion().counts()[i][j]));
            }
            t.row(row);
        }
        return t;
    }

    private static TextTable misclassifiedTable(MetricsReport r) {
        List<String> header = new ArrayList<>(List.of("item", "true", "predicted"));
        for (String c : r.classNames()) {
            header.add("P(" + c + ")");
        }
        TextTable t = new TextTable(header, 3);
        for (Misclassified m : r.misclassified()) {
            List<String> row = new ArrayList<>(List.of(m.item(), m.trueClass(), m.predictedClass()));
            for (double p : m.probabilities()) {
                row.add(num(p));
            }
            t.row(row);
        }
        return t;
    }
}
