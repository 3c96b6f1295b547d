package org.heartsounds.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * All metrics of one evaluation, as a tree of records that Jackson writes to {@code metrics.json} (see
 * {@link MetricsJson}) and {@link MetricsText} renders as {@code metrics.txt}. Undefined values (for example the
 * precision of a class that is never predicted, or the AUC of a class absent from the set) are {@code null}.
 *
 * <p>The raw {@link #predictions()} are kept in the report so that reports of cross-validation folds can be pooled
 * ({@link #pool}) and charts redrawn from {@code metrics.json} alone.
 *
 * @param schema        format identifier, {@value #SCHEMA}
 * @param classNames    class names, the order of every per-class list and matrix axis
 * @param count         number of evaluated items
 * @param summary       headline numbers
 * @param perClass      one-vs-rest metrics of every class
 * @param macro         unweighted means over classes
 * @param micro         metrics of the pooled one-vs-rest counts
 * @param confusion     confusion matrix, rows = true class, columns = predicted class
 * @param roc           one-vs-rest ROC curve of every class with both positives and negatives
 * @param reliability   reliability (calibration) curve of every class
 * @param misclassified the wrongly predicted items, most confident first
 * @param bootstrap     how the confidence intervals were obtained
 * @param predictions   the raw predictions everything was computed from
 * @param levels        the headline numbers of every level of the same evaluation (windows, recordings, patients)
 *                      side by side, or null (absent from the JSON) when the report stands alone; files written
 *                      before this field existed read as null
 */
public record MetricsReport(String schema, List<String> classNames, int count, Summary summary,
                            List<ClassMetrics> perClass, Averages macro, Averages micro, Confusion confusion,
                            List<RocCurve> roc, List<ReliabilityCurve> reliability, List<Misclassified> misclassified,
                            BootstrapIntervals.Settings bootstrap, Predictions predictions,
                            @JsonInclude(JsonInclude.Include.NON_NULL) LevelComparison levels) {

    public static final String SCHEMA = "heartsounds.metrics/1";

    public MetricsReport {
        Objects.requireNonNull(predictions, "predictions");
        classNames = List.copyOf(classNames);
        perClass = List.copyOf(perClass);
        roc = List.copyOf(roc);
        reliability = List.copyOf(reliability);
        misclassified = List.copyOf(misclassified);
    }

    /** The same report with {@code comparison} as its {@link #levels()}. */
    public MetricsReport withLevels(LevelComparison comparison) {
        return new MetricsReport(schema, classNames, count, summary, perClass, macro, micro, confusion, roc,
                reliability, misclassified, bootstrap, predictions, comparison);
    }

    /** Sensitivity (recall) of every class by name, in class order; null where the class does not occur. */
    public Map<String, Double> sensitivityByClass() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (ClassMetrics m : perClass) {
            out.put(m.name(), m.sensitivity());
        }
        return out;
    }

    /** Computes every metric from the predictions. */
    public static MetricsReport compute(Predictions predictions, MetricsOptions options) {
        return MetricsCalculator.compute(predictions, options);
    }

    /**
     * The metrics of several reports' predictions taken together (cross-validation folds: every fold's test
     * predictions, concatenated in the given order), recomputed from scratch with {@code options}.
     */
    public static MetricsReport pool(List<MetricsReport> reports, MetricsOptions options) {
        List<Predictions> parts = new ArrayList<>(reports.size());
        for (MetricsReport r : reports) {
            parts.add(r.predictions());
        }
        return compute(Predictions.pool(parts), options);
    }

    /**
     * Headline numbers. Balanced accuracy and macro-F1 come first: with imbalanced classes (most recordings normal)
     * the plain accuracy rewards a model that ignores the rare classes.
     *
     * @param balancedAccuracy    mean per-class sensitivity over the classes that occur (DL4J's macro recall);
     *                            null in files written before it existed
     * @param balancedAccuracyCi  bootstrap interval of the balanced accuracy (null in older files)
     * @param accuracy            fraction of items predicted correctly
     * @param accuracyCi          bootstrap interval of the accuracy
     * @param macroF1             mean per-class F1 over the classes that occur or are predicted (scikit-learn's macro-F1)
     * @param macroF1Ci           bootstrap interval of the macro-F1
     * @param cohensKappa         Cohen's kappa of predicted vs true class
     * @param matthewsCorrelation multi-class Matthews correlation coefficient (R_K)
     * @param macroAuc            mean one-vs-rest ROC AUC over the classes where it is defined
     * @param errors              number of misclassified items
     */
    public record Summary(Double balancedAccuracy, BootstrapIntervals.Interval balancedAccuracyCi,
                          double accuracy, BootstrapIntervals.Interval accuracyCi, Double macroF1,
                          BootstrapIntervals.Interval macroF1Ci, Double cohensKappa, Double matthewsCorrelation,
                          Double macroAuc, int errors) {
    }

    /**
     * One-vs-rest metrics of one class.
     *
     * @param support     items truly of this class
     * @param predicted   items predicted as this class
     * @param sensitivity recall, TP / (TP + FN)
     * @param specificity TN / (TN + FP)
     * @param precision   positive predictive value, TP / (TP + FP)
     * @param npv         negative predictive value, TN / (TN + FN)
     * @param f1          harmonic mean of precision and sensitivity
     * @param mcc         binary Matthews correlation coefficient of this class against the rest
     * @param auc         area under the one-vs-rest ROC curve
     */
    public record ClassMetrics(String name, long support, long predicted, long tp, long fp, long fn, long tn,
                               Double sensitivity, Double specificity, Double precision, Double npv, Double f1,
                               Double mcc, Double auc) {
    }

    /** Averages of the one-vs-rest metrics (macro: mean over classes where defined; micro: from summed counts). */
    public record Averages(Double sensitivity, Double specificity, Double precision, Double npv, Double f1) {
    }

    /**
     * Confusion matrix; rows = true class, columns = predicted class.
     *
     * @param counts        item counts
     * @param rowNormalised counts divided by their row total (each non-empty row sums to 1; empty rows are 0)
     */
    public record Confusion(long[][] counts, double[][] rowNormalised) {
    }

    /** Exact one-vs-rest ROC curve (DL4J's {@code ROCMultiClass} with exact thresholds). */
    public record RocCurve(String className, double auc, double[] falsePositiveRate, double[] truePositiveRate,
                           double[] threshold) {
    }

    /**
     * Reliability curve of one class (DL4J's {@code EvaluationCalibration}): for every non-empty probability bin,
     * the mean predicted probability of the class and the fraction of the bin's items that truly are the class.
     *
     * @param bins number of equal-width bins over [0, 1] (empty bins have no point)
     */
    public record ReliabilityCurve(String className, int bins, double[] meanPredicted, double[] fractionPositive) {
    }

    /**
     * A wrongly predicted item.
     *
     * @param index                 row of the item in the predictions
     * @param item                  its file name
     * @param probabilities         every class's probability, in class order
     */
    public record Misclassified(int index, String item, String trueClass, String predictedClass,
                                double trueProbability, double predictedProbability, double[] probabilities) {
    }
}
