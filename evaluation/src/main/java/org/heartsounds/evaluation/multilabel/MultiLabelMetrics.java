package org.heartsounds.evaluation.multilabel;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.heartsounds.evaluation.BootstrapIntervals;
import org.heartsounds.evaluation.MetricsOptions;
import org.heartsounds.trainer.train.DecisionThresholds;
import org.nd4j.evaluation.classification.EvaluationBinary;
import org.nd4j.evaluation.classification.ROCBinary;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Metrics of a multi-label model at its decision thresholds, from DL4J's {@link EvaluationBinary} (counts at the
 * per-label thresholds) and exact {@link ROCBinary} (AUROC, and average precision as the area under the
 * precision-recall curve):
 *
 * @param level              {@code windows}, {@code recordings} or {@code patients}
 * @param count              items
 * @param perLabel           one row per label
 * @param macro              the per-label values averaged over the labels that have them
 * @param micro              sensitivity, specificity, precision and F1 of the counts pooled over labels
 * @param subsetAccuracy     share of items whose every label is decided right
 * @param hammingLoss        share of (item, label) decisions that are wrong
 * @param macroAurocCi       percentile bootstrap interval of the macro AUROC, resampling patients (or items)
 * @param bootstrap          how the interval was made
 * @param coOccurrence       {@code [true label][predicted label]}: items with the true label and the predicted one
 */
public record MultiLabelMetrics(String level, int count, List<LabelMetrics> perLabel, Averages macro, Averages micro,
                                double subsetAccuracy, double hammingLoss, BootstrapIntervals.Interval macroAurocCi,
                                BootstrapIntervals.Settings bootstrap, long[][] coOccurrence) {

    /** One label's figures (NaN where undefined, e.g. no positive example). */
    public record LabelMetrics(String label, double threshold, int positives, int negatives, int tp, int fp, int tn,
                               int fn, double sensitivity, double specificity, double precision, double f1,
                               double auroc, double averagePrecision) {
    }

    /** Averages of the per-label figures. */
    public record Averages(double sensitivity, double specificity, double precision, double f1, double auroc,
                           double averagePrecision) {
    }

    public static MultiLabelMetrics compute(String level, MultiLabelPredictions p, DecisionThresholds thresholds,
                                            MetricsOptions options) {
        int k = p.labels().size();
        if (!thresholds.labels().equals(p.labels())) {
            throw new IllegalArgumentException("thresholds for " + thresholds.labels() + ", predictions for "
                    + p.labels());
        }
        INDArray probs = p.probabilityMatrix();
        INDArray truth = p.truthMatrix();
        EvaluationBinary eval = new EvaluationBinary(thresholds.row());
        eval.eval(truth, probs);
        ROCBinary roc = new ROCBinary(0);
        roc.eval(truth, probs);
        List<LabelMetrics> rows = new ArrayList<>();
        long tpAll = 0;
        long fpAll = 0;
        long tnAll = 0;
        long fnAll = 0;
        for (int c = 0; c < k; c++) {
            int tp = eval.truePositives(c);
            int fp = eval.falsePositives(c);
            int tn = eval.trueNegatives(c);
            int fn = eval.falseNegatives(c);
            tpAll += tp;
            fpAll += fp;
            tnAll += tn;
            fnAll += fn;
            boolean both = tp + fn > 0 && tn + fp > 0;
            rows.add(new LabelMetrics(p.labels().get(c), thresholds.thresholds()[c], tp + fn, tn + fp, tp, fp, tn, fn,
                    ratio(tp, tp + fn), ratio(tn, tn + fp), ratio(tp, tp + fp), ratio(2L * tp, 2L * tp + fp + fn),
                    both ? roc.calculateAUC(c) : Double.NaN, both ? roc.calculateAUCPR(c) : Double.NaN));
        }
        Averages macro = new Averages(mean(rows, LabelMetrics::sensitivity), mean(rows, LabelMetrics::specificity),
                mean(rows, LabelMetrics::precision), mean(rows, LabelMetrics::f1), mean(rows, LabelMetrics::auroc),
                mean(rows, LabelMetrics::averagePrecision));
        Averages micro = new Averages(ratio(tpAll, tpAll + fnAll), ratio(tnAll, tnAll + fpAll),
                ratio(tpAll, tpAll + fpAll), ratio(2 * tpAll, 2 * tpAll + fpAll + fnAll), Double.NaN, Double.NaN);
        double[][] pr = p.probabilities();
        int[][] tr = p.truth();
        int allRight = 0;
        long wrong = 0;
        long[][] co = new long[k][k];
        for (int i = 0; i < pr.length; i++) {
            boolean right = true;
            for (int c = 0; c < k; c++) {
                boolean called = thresholds.present(c, pr[i][c]);
                if (called != (tr[i][c] == 1)) {
                    right = false;
                    wrong++;
                }
            }
            allRight += right ? 1 : 0;
            for (int a = 0; a < k; a++) {
                if (tr[i][a] == 1) {
                    for (int b = 0; b < k; b++) {
                        if (thresholds.present(b, pr[i][b])) {
                            co[a][b]++;
                        }
                    }
                }
            }
        }
        List<String> units = p.patients() != null ? p.patients() : null;
        Bootstrap b = bootstrap(p, units, options);
        return new MultiLabelMetrics(level, p.size(), rows, macro, micro, ratio(allRight, pr.length),
                ratio(wrong, (long) pr.length * k), b.interval, b.settings, co);
    }

    private record Bootstrap(BootstrapIntervals.Interval interval, BootstrapIntervals.Settings settings) {
    }

    /** Macro AUROC over resamples of patients (all their items together); resamples where it is undefined skipped. */
    private static Bootstrap bootstrap(MultiLabelPredictions p, List<String> units, MetricsOptions options) {
        int[][] groups = BootstrapIntervals.units(p.size(), units);
        SplittableRandom random = new SplittableRandom(options.bootstrapSeed());
        int b = options.bootstrapResamples();
        double[] values = new double[b];
        int valid = 0;
        double[][] pr = p.probabilities();
        int[][] tr = p.truth();
        int k = p.labels().size();
        for (int r = 0; r < b; r++) {
            List<Integer> rows = new ArrayList<>();
            for (int u = 0; u < groups.length; u++) {
                for (int i : groups[random.nextInt(groups.length)]) {
                    rows.add(i);
                }
            }
            double sum = 0;
            int labels = 0;
            for (int c = 0; c < k; c++) {
                double auc = auc(rows, pr, tr, c);
                if (!Double.isNaN(auc)) {
                    sum += auc;
                    labels++;
                }
            }
            if (labels > 0) {
                values[valid++] = sum / labels;
            }
        }
        BootstrapIntervals.Interval interval = valid == 0
                ? new BootstrapIntervals.Interval(Double.NaN, Double.NaN, options.confidenceLevel())
                : BootstrapIntervals.percentileInterval(values, valid, options.confidenceLevel());
        return new Bootstrap(interval, new BootstrapIntervals.Settings(b, valid, options.bootstrapSeed(),
                units == null ? "item" : "patient", groups.length));
    }

    /**
     * AUROC of label {@code c} over the rows (with repeats) as the Mann-Whitney statistic, ties counting one half
     * (scikit-learn's {@code roc_auc_score}): without tied scores the same number as DL4J's exact ROC
     * ({@code MultiLabelMetricsTest}); computed directly because a thousand resamples would otherwise build a
     * thousand ROC objects. (With tied scores DL4J's curve does not merge the ties and can differ slightly.)
     */
    static double auc(List<Integer> rows, double[][] p, int[][] t, int c) {
        List<Double> pos = new ArrayList<>();
        List<Double> neg = new ArrayList<>();
        for (int i : rows) {
            (t[i][c] == 1 ? pos : neg).add(p[i][c]);
        }
        if (pos.isEmpty() || neg.isEmpty()) {
            return Double.NaN;
        }
        double[] n = neg.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double s = 0;
        for (double v : pos) {
            int below = lowerBound(n, v);
            int atOrBelow = upperBound(n, v);
            s += below + 0.5 * (atOrBelow - below);
        }
        return s / ((double) pos.size() * n.length);
    }

    private static int lowerBound(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : a / (double) b;
    }

    private static double mean(List<LabelMetrics> rows, java.util.function.ToDoubleFunction<LabelMetrics> f) {
        double s = 0;
        int n = 0;
        for (LabelMetrics r : rows) {
            double v = f.applyAsDouble(r);
            if (!Double.isNaN(v)) {
                s += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }
}
