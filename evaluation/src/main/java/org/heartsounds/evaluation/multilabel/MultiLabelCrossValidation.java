package org.heartsounds.evaluation.multilabel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.heartsounds.core.text.TextTable;

/**
 * The summary of a multi-label cross-validation ({@code train.task: multilabel}): per level (windows, recordings,
 * patients) the mean ± sd over folds of the macro AUROC, macro average precision, macro F1, subset accuracy and
 * Hamming loss, and per label its AUROC and its sensitivity and specificity at the thresholds each fold chose on its
 * own validation part.
 *
 * @param protocol {@code grouped} or {@code file}
 * @param folds    one report per fold (its test part)
 * @param bestEpochs each fold's kept epoch, when the folds were trained here (empty when existing fold models were
 *                 read again)
 * @param seconds  wall time
 */
public record MultiLabelCrossValidation(String protocol, List<MultiLabelReport> folds, List<Integer> bestEpochs,
                                        double seconds) {
    public MultiLabelCrossValidation {
        folds = List.copyOf(folds);
        bestEpochs = List.copyOf(bestEpochs);
    }

    /** Mean and sample standard deviation over folds, NaN values (undefined in a fold) left out. */
    public record MeanSd(double mean, double sd, int folds) {
        static MeanSd of(List<Double> values) {
            List<Double> v = values.stream().filter(x -> !Double.isNaN(x)).toList();
            if (v.isEmpty()) {
                return new MeanSd(Double.NaN, Double.NaN, 0);
            }
            double mean = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double ss = v.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
            return new MeanSd(mean, v.size() > 1 ? Math.sqrt(ss / (v.size() - 1)) : Double.NaN, v.size());
        }

        String text() {
            return Double.isNaN(mean) ? "-" : Double.isNaN(sd) ? String.format(Locale.ROOT, "%.4f", mean)
                    : String.format(Locale.ROOT, "%.4f ± %.4f", mean, sd);
        }
    }

    /** The mean ± sd over folds of {@code f} at {@code level}. */
    public MeanSd over(String level, java.util.function.ToDoubleFunction<MultiLabelMetrics> f) {
        List<Double> values = new ArrayList<>();
        for (MultiLabelReport r : folds) {
            values.add(f.applyAsDouble(r.level(level)));
        }
        return MeanSd.of(values);
    }

    /** The mean ± sd over folds of label {@code k}'s {@code f} at {@code level}. */
    public MeanSd overLabel(String level, int k,
                            java.util.function.ToDoubleFunction<MultiLabelMetrics.LabelMetrics> f) {
        return over(level, m -> f.applyAsDouble(m.perLabel().get(k)));
    }

    public List<String> labels() {
        return folds.get(0).thresholds().labels();
    }

    /** summary.json's content. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", "multilabel");
        m.put("protocol", protocol);
        m.put("folds", folds.size());
        m.put("seconds", seconds);
        m.put("best_epochs", bestEpochs);
        for (String level : List.of("windows", "recordings", "patients")) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("macro_auroc", over(level, x -> x.macro().auroc()));
            l.put("macro_average_precision", over(level, x -> x.macro().averagePrecision()));
            l.put("macro_f1", over(level, x -> x.macro().f1()));
            l.put("subset_accuracy", over(level, MultiLabelMetrics::subsetAccuracy));
            l.put("hamming_loss", over(level, MultiLabelMetrics::hammingLoss));
            Map<String, Object> perLabel = new LinkedHashMap<>();
            for (int k = 0; k < labels().size(); k++) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("auroc", overLabel(level, k, MultiLabelMetrics.LabelMetrics::auroc));
                one.put("sensitivity", overLabel(level, k, MultiLabelMetrics.LabelMetrics::sensitivity));
                one.put("specificity", overLabel(level, k, MultiLabelMetrics.LabelMetrics::specificity));
                perLabel.put(labels().get(k), one);
            }
            l.put("per_label", perLabel);
            m.put(level, l);
        }
        return m;
    }

    /** summary.txt's content. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%d-fold cross-validation, %s protocol, multi-label, %.0f s%n",
                folds.size(), protocol, seconds));
        TextTable t = new TextTable("mean over folds (± sd)", "windows", "recordings", "patients");
        addRow(t, "macro AUROC", x -> x.macro().auroc());
        addRow(t, "macro average precision", x -> x.macro().averagePrecision());
        addRow(t, "macro F1", x -> x.macro().f1());
        addRow(t, "subset accuracy", MultiLabelMetrics::subsetAccuracy);
        addRow(t, "Hamming loss", MultiLabelMetrics::hammingLoss);
        for (int k = 0; k < labels().size(); k++) {
            final int label = k;
            String name = labels().get(k);
            t.row(row("AUROC " + name, level -> overLabel(level, label, MultiLabelMetrics.LabelMetrics::auroc)));
            t.row(row("sensitivity " + name, level -> overLabel(level, label,
                    MultiLabelMetrics.LabelMetrics::sensitivity)));
            t.row(row("specificity " + name, level -> overLabel(level, label,
                    MultiLabelMetrics.LabelMetrics::specificity)));
        }
        sb.append(t.render());
        sb.append("sensitivity and specificity at the thresholds each fold chose on its validation part (Youden)\n");
        return sb.toString();
    }

    private void addRow(TextTable t, String name, java.util.function.ToDoubleFunction<MultiLabelMetrics> f) {
        t.row(row(name, level -> over(level, f)));
    }

    private List<String> row(String name, java.util.function.Function<String, MeanSd> f) {
        List<String> cells = new ArrayList<>();
        cells.add(name);
        for (String level : List.of("windows", "recordings", "patients")) {
            cells.add(f.apply(level).text());
        }
        return cells;
    }
}
