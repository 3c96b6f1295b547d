package org.heartsounds.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap confidence intervals for balanced accuracy, accuracy and macro-F1: the evaluation set is
 * resampled with replacement {@code resamples} times, the statistics are recomputed on every resample, and the
 * interval is the (alpha/2, 1 - alpha/2) quantiles (linear interpolation between order statistics, R's type 7) of the
 * resampled values. With clusters (the patient of every item, else its recording), whole clusters are drawn with
 * replacement and all their items taken (a cluster bootstrap), since windows of one recording and recordings of one
 * patient are correlated and an item-level bootstrap would give intervals that are too narrow. Clusters are numbered
 * in the order of their first item, so one item per cluster resamples exactly like an item-level bootstrap with the
 * same seed.
 *
 * <p>Written by hand: neither DL4J nor the project's other dependencies offer a bootstrap. Resamples are drawn from
 * a {@link SplittableRandom} seeded with the given seed, so a seed always yields the same intervals. Macro-F1 here is
 * the report's own (see {@link #macroF1(long[][])}); a test checks they agree on the full set.
 */
public final class BootstrapIntervals {

    /** Result: the intervals and how they were obtained. */
    public record Result(Interval accuracy, Interval macroF1, Settings settings, Interval balancedAccuracy) {
    }

    /** A two-sided interval at {@code level}. */
    public record Interval(double lower, double upper, double level) {
        public boolean contains(double v) {
            return v >= lower && v <= upper;
        }
    }

    /**
     * @param resamples      resamples drawn
     * @param validResamples resamples on which macro-F1 was defined (the others are left out of its interval)
     * @param seed           the seed
     * @param unit           what was resampled: "item", "recording" or "patient"
     * @param units          number of resampling units in the evaluation set
     */
    public record Settings(int resamples, int validResamples, long seed, String unit, int units) {
    }

    private BootstrapIntervals() {
    }

    /**
     * Bootstrap intervals resampling recordings.
     *
     * @param truth      true class of every item
     * @param predicted  predicted class of every item
     * @param numClasses number of classes
     * @param groups     recording of every item (resampled as units), or null to resample items
     */
    public static Result compute(int[] truth, int[] predicted, int numClasses, List<String> groups,
                                 MetricsOptions options) {
        return compute(truth, predicted, numClasses, groups, "recording", options);
    }

    /**
     * Bootstrap intervals of the predictions' items, resampling their patients when known, else their recordings,
     * else the items.
     */
    public static Result compute(Predictions p, MetricsOptions options) {
        if (p.patients() != null) {
            return compute(p.trueLabels(), p.predictedLabels(), p.numClasses(), p.patients(), "patient", options);
        }
        return compute(p.trueLabels(), p.predictedLabels(), p.numClasses(), p.groups(), "recording", options);
    }

    /**
     * Bootstrap intervals.
     *
     * @param truth      true class of every item
     * @param predicted  predicted class of every item
     * @param numClasses number of classes
     * @param clusters   cluster of every item (drawn as units, all its items taken), or null to resample items
     * @param unit       what a cluster is, for the report ("recording", "patient")
     */
    public static Result compute(int[] truth, int[] predicted, int numClasses, List<String> clusters, String unit,
                                 MetricsOptions options) {
        if (truth.length != predicted.length || truth.length == 0) {
            throw new IllegalArgumentException("need equal, non-zero numbers of true and predicted labels");
        }
        int[][] units = units(truth.length, clusters);
        SplittableRandom random = new SplittableRandom(options.bootstrapSeed());
        int b = options.bootstrapResamples();
        double[] acc = new double[b];
        double[] balanced = new double[b];
        double[] f1 = new double[b];
        int validF1 = 0;
        long[][] confusion = new long[numClasses][numClasses];
        for (int r = 0; r < b; r++) {
            for (long[] row : confusion) {
                Arrays.fill(row, 0L);
            }
            for (int u = 0; u < units.length; u++) {
                for (int i : units[random.nextInt(units.length)]) {
                    confusion[truth[i]][predicted[i]]++;
                }
            }
            acc[r] = accuracy(confusion);
            balanced[r] = balancedAccuracy(confusion);
            double f = macroF1(confusion);
            if (!Double.isNaN(f)) {
                f1[validF1++] = f;
            }
        }
        double level = options.confidenceLevel();
        Interval accuracy = percentileInterval(acc, b, level);
        Interval macro = validF1 == 0 ? new Interval(Double.NaN, Double.NaN, level)
                : percentileInterval(f1, validF1, level);
        Settings settings = new Settings(b, validF1, options.bootstrapSeed(), clusters == null ? "item" : unit,
                units.length);
        return new Result(accuracy, macro, settings, percentileInterval(balanced, b, level));
    }

    /** Fraction of items on the diagonal. */
    public static double accuracy(long[][] confusion) {
        long correct = 0;
        long n = 0;
        for (int i = 0; i < confusion.length; i++) {
            for (int j = 0; j < confusion[i].length; j++) {
                n += confusion[i][j];
            }
            correct += confusion[i][i];
        }
        return correct / (double) n;
    }

    /**
     * Balanced accuracy: the mean over the classes that occur (non-empty rows) of their sensitivity (recall), as
     * scikit-learn's {@code balanced_accuracy_score} and DL4J's {@code Evaluation.recall(Macro)} define it. Every
     * class that occurs weighs the same however rare it is, so a model that always answers the majority class scores
     * 1 / (number of classes), not the majority's share.
     */
    public static double balancedAccuracy(long[][] confusion) {
        double sum = 0.0;
        int present = 0;
        for (int k = 0; k < confusion.length; k++) {
            long row = 0;
            for (long v : confusion[k]) {
                row += v;
            }
            if (row > 0) {
                sum += confusion[k][k] / (double) row;
                present++;
            }
        }
        return present == 0 ? Double.NaN : sum / present;
    }

    /**
     * Macro-F1 as scikit-learn's {@code f1_score(average="macro")} defines it: the mean of the per-class
     * {@link #f1(long, long, long)} over the classes that occur or are predicted, so a class that occurs but is never
     * predicted counts as 0. (DL4J's {@code f1(Macro)} leaves such classes out, which lets a model that always answers
     * the same class score 1/3 instead of about 1/15 on five balanced classes; where every class is predicted the two
     * agree.) NaN when no class qualifies.
     */
    public static double macroF1(long[][] confusion) {
        int c = confusion.length;
        double sum = 0.0;
        int count = 0;
        for (int k = 0; k < c; k++) {
            long tp = confusion[k][k];
            long fp = 0;
            long fn = 0;
            for (int j = 0; j < c; j++) {
                if (j != k) {
                    fp += confusion[j][k];
                    fn += confusion[k][j];
                }
            }
            Double f = f1(tp, fp, fn);
            if (f != null) {
                sum += f;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /**
     * One class's F1, {@code 2 TP / (2 TP + FP + FN)}: the harmonic mean of precision and recall where both are
     * defined, 0 when the class occurs but is never predicted correctly, null when it neither occurs nor is predicted.
     */
    public static Double f1(long tp, long fp, long fn) {
        long denominator = 2 * tp + fp + fn;
        return denominator == 0 ? null : 2.0 * tp / denominator;
    }

    /** The type-7 quantile of the first {@code n} values of {@code values} (which it sorts). */
    static double quantile(double[] sorted, int n, double q) {
        double h = (n - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, n - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /** The percentile interval at {@code level} of the first {@code n} values (which it sorts). */
    public static Interval percentileInterval(double[] values, int n, double level) {
        Arrays.sort(values, 0, n);
        double alpha = 1.0 - level;
        return new Interval(quantile(values, n, alpha / 2), quantile(values, n, 1.0 - alpha / 2), level);
    }

    /** Item indices per resampling unit: one per item, or one per distinct group in first-seen order. */
    public static int[][] units(int n, List<String> groups) {
        if (groups == null) {
            int[][] out = new int[n][];
            for (int i = 0; i < n; i++) {
                out[i] = new int[] {i};
            }
            return out;
        }
        Map<String, List<Integer>> byGroup = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            byGroup.computeIfAbsent(groups.get(i), g -> new ArrayList<>()).add(i);
        }
        int[][] out = new int[byGroup.size()][];
        int u = 0;
        for (List<Integer> members : byGroup.values()) {
            out[u++] = members.stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }
}
