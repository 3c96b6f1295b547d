package org.heartsounds.trainer.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import org.heartsounds.core.BadInputException;
import org.nd4j.evaluation.classification.ROCBinary;
import org.nd4j.evaluation.curves.RocCurve;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One decision threshold per label of a multi-label model, chosen on the validation split by the stated rule and
 * saved with the model ({@code thresholds.json} in the run folder and in model.zip), so that evaluation, prediction
 * and the Jetson bundle decide the same way.
 *
 * <p>Rule {@code youden}: the point of DL4J's exact {@link ROCBinary} curve that maximises Youden's index
 * {@code J = sensitivity + specificity - 1} (among equal J the highest score, fewer positive calls). That point is a
 * validation score {@code s}: every threshold between {@code s} and the next lower validation score {@code s'} makes
 * the same validation decisions, and {@code s} itself sits on the edge of the positives. The threshold is therefore
 * placed in the middle of that gap, measured in log-odds (the sigmoid's own scale):
 * {@code t = sigmoid((logit(s) + logit(s')) / 2)}; a well-separated label then gets a threshold between its classes
 * instead of on its weakest positive. A label without positive or without negative validation examples keeps 0.5 and
 * says so.
 *
 * @param rule        how the thresholds were chosen
 * @param labels      label names, in output order
 * @param thresholds  a label is decided present when its probability is at least its threshold
 * @param sensitivity validation sensitivity at the threshold (NaN when it could not be chosen)
 * @param specificity validation specificity at the threshold (NaN when it could not be chosen)
 * @param windows     validation windows the thresholds were chosen on
 */
public record DecisionThresholds(String rule, List<String> labels, double[] thresholds, double[] sensitivity,
                                 double[] specificity, int windows) {
    public static final String YOUDEN = "youden";
    /** Threshold of a label whose validation data cannot choose one. */
    public static final double DEFAULT = 0.5;
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT); // NaN is written as the string "NaN" and read back

    public DecisionThresholds {
        labels = List.copyOf(labels);
        thresholds = thresholds.clone();
        sensitivity = sensitivity.clone();
        specificity = specificity.clone();
        if (thresholds.length != labels.size() || sensitivity.length != labels.size()
                || specificity.length != labels.size()) {
            throw new IllegalArgumentException("one threshold, sensitivity and specificity per label");
        }
        for (double t : thresholds) {
            if (!(t >= 0 && t <= 1)) {
                throw new IllegalArgumentException("thresholds must lie in [0, 1], got " + t);
            }
        }
    }

    /** Youden-optimal thresholds of {@code probabilities} against {@code multiHot} (validation windows). */
    public static DecisionThresholds youden(INDArray probabilities, INDArray multiHot, List<String> labels) {
        int k = labels.size();
        ROCBinary roc = new ROCBinary(0);
        roc.eval(multiHot.castTo(DataType.DOUBLE), probabilities.castTo(DataType.DOUBLE));
        double[] t = new double[k];
        double[] sens = new double[k];
        double[] spec = new double[k];
        for (int c = 0; c < k; c++) {
            if (roc.getCountActualPositive(c) == 0 || roc.getCountActualNegative(c) == 0) {
                t[c] = DEFAULT;
                sens[c] = Double.NaN;
                spec[c] = Double.NaN;
                continue;
            }
            RocCurve curve = roc.getRocCurve(c);
            double bestJ = Double.NEGATIVE_INFINITY;
            double edge = DEFAULT;
            for (int i = 0; i < curve.numPoints(); i++) {
                double threshold = curve.getThreshold(i);
                if (threshold > 1 || threshold < 0) {
                    continue;
                }
                double tpr = curve.getTruePositiveRate(i);
                double fpr = curve.getFalsePositiveRate(i);
                double j = tpr - fpr;
                if (j > bestJ + 1e-12 || (Math.abs(j - bestJ) <= 1e-12 && threshold > edge)) {
                    bestJ = j;
                    edge = threshold;
                    sens[c] = tpr;
                    spec[c] = 1 - fpr;
                }
            }
            t[c] = midpoint(edge, nextLower(probabilities, c, edge));
        }
        return new DecisionThresholds(YOUDEN, labels, t, sens, spec, (int) probabilities.size(0));
    }

    /** The largest score of label {@code c} below {@code edge}, or NaN when there is none. */
    private static double nextLower(INDArray probabilities, int c, double edge) {
        double best = Double.NaN;
        for (double v : probabilities.getColumn(c).castTo(DataType.DOUBLE).toDoubleVector()) {
            if (v < edge && (Double.isNaN(best) || v > best)) {
                best = v;
            }
        }
        return best;
    }

    /** The middle of [lower, edge] in log-odds; {@code edge} itself when there is no lower score. */
    static double midpoint(double edge, double lower) {
        if (Double.isNaN(lower)) {
            return edge;
        }
        double a = logit(edge);
        double b = logit(lower);
        return 1 / (1 + Math.exp(-(a + b) / 2));
    }

    private static double logit(double p) {
        double c = Math.min(1 - 1e-12, Math.max(1e-12, p));
        return Math.log(c / (1 - c));
    }

    /** Every label at 0.5 (a model without chosen thresholds). */
    public static DecisionThresholds half(List<String> labels) {
        double[] t = new double[labels.size()];
        double[] nan = new double[labels.size()];
        java.util.Arrays.fill(t, DEFAULT);
        java.util.Arrays.fill(nan, Double.NaN);
        return new DecisionThresholds("fixed 0.5", labels, t, nan, nan, 0);
    }

    /**
     * 0.5 for every label of a heartsounds ONNX export, whose {@code output_0} has the chosen thresholds folded in
     * (the export's {@code ThresholdFolding}): deciding its outputs at 0.5 is deciding the probabilities at the
     * thresholds; {@code folded} are those thresholds, kept for the record.
     */
    public static DecisionThresholds foldedInto(DecisionThresholds folded) {
        double[] t = new double[folded.labels().size()];
        java.util.Arrays.fill(t, DEFAULT);
        return new DecisionThresholds("folded into output_0 (" + folded.rule() + " thresholds "
                + java.util.Arrays.toString(folded.thresholds) + "), decided at 0.5", folded.labels(), t,
                folded.sensitivity(), folded.specificity(), folded.windows());
    }

    /** The thresholds as a row vector {@code [1, labels]} (DL4J's {@code EvaluationBinary} decision thresholds). */
    public INDArray row() {
        return Nd4j.createFromArray(thresholds).reshape(1, thresholds.length);
    }

    /** Whether label {@code k} is decided present at probability {@code p}. */
    public boolean present(int k, double p) {
        return p >= thresholds[k];
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write thresholds as JSON", e);
        }
    }

    /** Reads {@link #toJson()}'s form; {@code source} names the file in errors. */
    public static DecisionThresholds fromJson(String json, String source) {
        try {
            return new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .configure(com.fasterxml.jackson.core.JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS, true)
                    .readValue(json, DecisionThresholds.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new BadInputException(source, "is not a thresholds file: " + e.getMessage(), e);
        }
    }

    @Override
    public double[] thresholds() {
        return thresholds.clone();
    }

    @Override
    public double[] sensitivity() {
        return sensitivity.clone();
    }

    @Override
    public double[] specificity() {
        return specificity.clone();
    }
}
