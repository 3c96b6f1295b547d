package org.heartsounds.trainer.train;

import org.nd4j.evaluation.classification.EvaluationBinary;
import org.nd4j.evaluation.classification.ROCBinary;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Loss and metrics of sigmoid outputs against multi-hot labels ({@code train.task: multilabel}), from DL4J's
 * {@link EvaluationBinary} (decisions at 0.5) and exact {@link ROCBinary}, in the shape of {@link Inference.Scores} so
 * that early stopping and metrics.csv treat both tasks alike:
 * <ul>
 *   <li>loss: binary cross-entropy summed over the labels and averaged over the examples, probabilities clipped to
 *       [1e-12, 1 - 1e-12] (what DL4J's {@code LossBinaryXENT} minimises, unweighted);</li>
 *   <li>accuracy: subset accuracy, the share of examples whose every label is decided right;</li>
 *   <li>balanced accuracy: per label {@code (sensitivity + specificity) / 2}, averaged over the labels that have
 *       positive and negative examples;</li>
 *   <li>macro-F1: per label {@code 2 TP / (2 TP + FP + FN)}, averaged over the labels that occur or are predicted;</li>
 *   <li>macro AUROC: {@link ROCBinary#calculateAUC(int)} averaged over the labels with positive and negative
 *       examples.</li>
 * </ul>
 */
public final class MultiLabelScores {
    private static final double CLIP = 1e-12;

    private MultiLabelScores() {
    }

    public static Inference.Scores score(INDArray probabilities, INDArray multiHot) {
        INDArray p = probabilities.castTo(DataType.DOUBLE);
        INDArray y = multiHot.castTo(DataType.DOUBLE);
        int labels = (int) y.size(1);
        EvaluationBinary eval = new EvaluationBinary(labels, null);
        eval.eval(y, p);
        ROCBinary roc = new ROCBinary(0);
        roc.eval(y, p);
        return new Inference.Scores(loss(p, y), subsetAccuracy(p, y, 0.5), balancedAccuracy(eval, labels),
                macroF1(eval, labels), macroAuroc(roc, labels));
    }

    /** Binary cross-entropy summed over labels, mean over examples. */
    public static double loss(INDArray probabilities, INDArray multiHot) {
        INDArray p = Transforms.min(Transforms.max(probabilities.castTo(DataType.DOUBLE), CLIP), 1 - CLIP);
        INDArray y = multiHot.castTo(DataType.DOUBLE);
        INDArray ll = y.mul(Transforms.log(p, true)).addi(y.rsub(1).muli(Transforms.log(p.rsub(1), false)));
        return -ll.sumNumber().doubleValue() / Math.max(1, y.size(0));
    }

    /** Share of examples whose every label is decided right at {@code threshold}. */
    public static double subsetAccuracy(INDArray probabilities, INDArray multiHot, double threshold) {
        double[][] p = probabilities.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] y = multiHot.castTo(DataType.DOUBLE).toDoubleMatrix();
        int right = 0;
        for (int i = 0; i < p.length; i++) {
            boolean all = true;
            for (int k = 0; k < p[i].length && all; k++) {
                all = (p[i][k] >= threshold) == (y[i][k] > 0.5);
            }
            right += all ? 1 : 0;
        }
        return p.length == 0 ? Double.NaN : right / (double) p.length;
    }

    static double balancedAccuracy(EvaluationBinary eval, int labels) {
        return meanOverLabels(labels, k -> {
            int pos = eval.truePositives(k) + eval.falseNegatives(k);
            int neg = eval.trueNegatives(k) + eval.falsePositives(k);
            return pos > 0 && neg > 0
                    ? 0.5 * (eval.truePositives(k) / (double) pos + eval.trueNegatives(k) / (double) neg) : Double.NaN;
        });
    }

    static double macroF1(EvaluationBinary eval, int labels) {
        return meanOverLabels(labels, k -> {
            long denominator = 2L * eval.truePositives(k) + eval.falsePositives(k) + eval.falseNegatives(k);
            return denominator > 0 ? 2.0 * eval.truePositives(k) / denominator : Double.NaN;
        });
    }

    static double macroAuroc(ROCBinary roc, int labels) {
        return meanOverLabels(labels, k -> roc.getCountActualPositive(k) > 0 && roc.getCountActualNegative(k) > 0
                ? roc.calculateAUC(k) : Double.NaN);
    }

    /** The mean of {@code perLabel} over the labels where it is defined (not NaN); NaN when it is nowhere. */
    private static double meanOverLabels(int labels, java.util.function.IntToDoubleFunction perLabel) {
        double sum = 0;
        int count = 0;
        for (int k = 0; k < labels; k++) {
            double v = perLabel.applyAsDouble(k);
            if (!Double.isNaN(v)) {
                sum += v;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }
}
