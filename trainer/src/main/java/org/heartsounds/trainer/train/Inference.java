package org.heartsounds.trainer.train;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.evaluation.classification.ROCMultiClass;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Inference-mode forward passes in minibatches, and the loss and metrics of the resulting probabilities. */
public final class Inference {
    private Inference() {
    }

    /** Softmax outputs {@code [n, classes]} of {@code graph} for {@code features}, {@code batch} rows at a time. */
    public static INDArray probabilities(ComputationGraph graph, INDArray features, int batch) {
        return inBatches(x -> graph.outputSingle(false, x), features, batch);
    }

    /** {@code forward} applied to {@code features} {@code batch} rows at a time, the outputs stacked in order. */
    public static INDArray inBatches(UnaryOperator<INDArray> forward, INDArray features, int batch) {
        long n = features.size(0);
        INDArray[] parts = new INDArray[(int) ((n + batch - 1) / batch)];
        for (int i = 0; i < parts.length; i++) {
            long from = (long) i * batch;
            long to = Math.min(n, from + batch);
            parts[i] = forward.apply(features.get(NDArrayIndex.interval(from, to))).detach();
        }
        return parts.length == 1 ? parts[0] : Nd4j.concat(0, parts);
    }

    /**
     * Loss and metrics of probabilities against one-hot labels; a metric that is undefined on these labels (every
     * class average with no class to average) is NaN.
     *
     * @param loss             mean unweighted cross-entropy
     * @param accuracy         fraction of arg-max predictions that are right
     * @param balancedAccuracy mean per-class recall over the classes that occur
     * @param macroF1          mean per-class F1
     * @param macroAuroc       mean one-vs-rest AUROC over the classes with positive and negative examples
     */
    public record Scores(double loss, double accuracy, double balancedAccuracy, double macroF1, double macroAuroc) {
    }

    /**
     * Mean multi-class cross-entropy ({@code -log p(true class)}, probabilities clipped at 1e-12, unweighted) and the
     * metrics of DL4J's {@link Evaluation} (arg-max predictions) and exact {@link ROCMultiClass}:
     * <ul>
     *   <li>balanced accuracy: the mean of DL4J's per-class recall over the classes that occur (scikit-learn's
     *       {@code balanced_accuracy_score}; the same as {@code recall(EvaluationAveraging.Macro)});</li>
     *   <li>macro-F1: per class {@code 2 TP / (2 TP + FP + FN)} from DL4J's counts, 0 for a class that occurs but is
     *       never predicted, left out only for a class that neither occurs nor is predicted, then the mean
     *       (scikit-learn's {@code f1_score(average="macro")}). DL4J's own {@code f1(Macro)} is not used: it leaves
     *       out never-predicted classes, so a network that always answers the majority class would score well,
     *       and with two classes it returns the F1 of class 1 alone;</li>
     *   <li>macro AUROC: the mean of {@link ROCMultiClass#calculateAUC(int)} over the classes that have both
     *       positive and negative examples.</li>
     * </ul>
     * The evaluation module's report defines its macro averages the same way.
     */
    /** {@link #score(INDArray, INDArray)}, or {@link MultiLabelScores#score} for sigmoid outputs. */
    public static Scores score(INDArray probabilities, INDArray labels, boolean multilabel) {
        return multilabel ? MultiLabelScores.score(probabilities, labels) : score(probabilities, labels);
    }

    public static Scores score(INDArray probabilities, INDArray oneHot) {
        INDArray p = probabilities.castTo(oneHot.dataType());
        INDArray pTrue = p.mul(oneHot).sum(1);
        double loss = -Transforms.log(Transforms.max(pTrue, 1e-12), false).meanNumber().doubleValue();
        int classes = (int) oneHot.size(1);
        Evaluation eval = new Evaluation(classes);
        eval.eval(oneHot, p);
        ROCMultiClass roc = new ROCMultiClass(0);
        roc.eval(oneHot, p);
        return new Scores(loss, eval.accuracy(), balancedAccuracy(eval, classes), macroF1(eval, classes),
                macroAuroc(roc, classes));
    }

    /** Mean of DL4J's per-class recall over the classes that occur; NaN when none does. */
    public static double balancedAccuracy(Evaluation eval, int classes) {
        double sum = 0;
        int count = 0;
        for (int k = 0; k < classes; k++) {
            double recall = eval.recall(k, -1);
            if (recall != -1) {
                sum += recall;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** Mean per-class {@code 2 TP / (2 TP + FP + FN)} over the classes that occur or are predicted; NaN when none. */
    public static double macroF1(Evaluation eval, int classes) {
        Map<Integer, Integer> tp = eval.truePositives();
        Map<Integer, Integer> fp = eval.falsePositives();
        Map<Integer, Integer> fn = eval.falseNegatives();
        double sum = 0;
        int count = 0;
        for (int k = 0; k < classes; k++) {
            long denominator = 2L * tp.getOrDefault(k, 0) + fp.getOrDefault(k, 0) + fn.getOrDefault(k, 0);
            if (denominator > 0) {
                sum += 2.0 * tp.getOrDefault(k, 0) / denominator;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** Mean one-vs-rest AUROC over the classes with positive and negative examples; NaN when none has both. */
    public static double macroAuroc(ROCMultiClass roc, int classes) {
        double sum = 0;
        int count = 0;
        for (int k = 0; k < classes; k++) {
            if (roc.getCountActualPositive(k) > 0 && roc.getCountActualNegative(k) > 0) {
                sum += roc.calculateAUC(k);
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }
}
