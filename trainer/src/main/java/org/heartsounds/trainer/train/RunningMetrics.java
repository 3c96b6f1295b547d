package org.heartsounds.trainer.train;

import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Training loss and accuracy of one epoch, as the network computed them while fitting (training mode, before each
 * update), like PyTorch's usual running metrics: the head's input activations seen in {@link #onForwardPass} times
 * the head's weights give the logits, and their cross-entropy and arg-max against the labels the loop announces with
 * {@link #nextBatch} give loss and accuracy, a few thousand multiply-adds per example instead of a second forward
 * pass. (DL4J's own {@code score()} adds the weight-decay term, which would make train and validation loss
 * incomparable.)
 */
public final class RunningMetrics extends BaseTrainingListener {
    private final String head;
    private final String headInput;
    private INDArray labels;
    private double lossSum;
    private long correct;
    private long examples;
    private double lastBatchLoss = Double.NaN;

    private final boolean multilabel;

    public RunningMetrics(String head, String headInput) {
        this(head, headInput, false);
    }

    /**
     * @param multilabel sigmoid head: binary cross-entropy summed over the labels, and subset accuracy (every label
     *                   right at 0.5), as {@link MultiLabelScores} scores validation
     */
    public RunningMetrics(String head, String headInput, boolean multilabel) {
        this.head = head;
        this.headInput = headInput;
        this.multilabel = multilabel;
    }

    public void reset() {
        lossSum = 0;
        correct = 0;
        examples = 0;
        lastBatchLoss = Double.NaN;
    }

    /** The labels of the batch about to be fitted. */
    public void nextBatch(INDArray oneHot) {
        this.labels = oneHot;
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        INDArray x = activations.get(headInput);
        if (x == null || labels == null) {
            throw new IllegalStateException("no activations of '" + headInput + "' in the forward pass");
        }
        ComputationGraph g = (ComputationGraph) model;
        INDArray w = g.getLayer(head).getParam("W");
        INDArray b = g.getLayer(head).getParam("b");
        INDArray logits = x.reshape(x.size(0), w.size(0)).castTo(w.dataType()).mmul(w).addiRowVector(b);
        if (multilabel) {
            sigmoidBatch(logits, x.size(0));
            return;
        }
        // log p(true) = (z_true - max z) - log(sum exp(z - max z)): finite for any finite logits, where
        // log(softmax(z)) gives -inf for an underflowed class and -inf * 0 (its one-hot entry) gives NaN
        INDArray shifted = logits.subColumnVector(logits.max(true, 1));
        INDArray logSumExp = Transforms.log(Transforms.exp(shifted, true).sum(1), false);
        INDArray trueShifted = shifted.mul(labels.castTo(shifted.dataType())).sum(1);
        double batchLoss = -trueShifted.subi(logSumExp).sumNumber().doubleValue();
        lossSum += batchLoss;
        lastBatchLoss = batchLoss / x.size(0);
        int[] predicted = logits.argMax(1).toIntVector();
        int[] truth = labels.argMax(1).toIntVector();
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == truth[i]) {
                correct++;
            }
        }
        examples += predicted.length;
    }

    /** BCE with logits, {@code max(z, 0) - z y + log(1 + e^-|z|)}, finite for any finite logits. */
    private void sigmoidBatch(INDArray logits, long n) {
        INDArray z = logits.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        INDArray y = labels.castTo(z.dataType());
        INDArray loss = Transforms.relu(z, true).subi(z.mul(y))
                .addi(Transforms.log(Transforms.exp(Transforms.abs(z, true).negi(), false).addi(1), false));
        double batchLoss = loss.sumNumber().doubleValue();
        lossSum += batchLoss;
        lastBatchLoss = batchLoss / n;
        double[][] zz = z.toDoubleMatrix();
        double[][] yy = y.toDoubleMatrix();
        for (int i = 0; i < zz.length; i++) {
            boolean all = true;
            for (int k = 0; k < zz[i].length && all; k++) {
                all = (zz[i][k] >= 0) == (yy[i][k] > 0.5);
            }
            correct += all ? 1 : 0;
        }
        examples += zz.length;
    }

    /** Mean cross-entropy of the last minibatch (without the weight-decay term and without clipping). */
    public double lastBatchLoss() {
        return lastBatchLoss;
    }

    public double meanLoss() {
        return examples == 0 ? Double.NaN : lossSum / examples;
    }

    public double accuracy() {
        return examples == 0 ? Double.NaN : correct / (double) examples;
    }
}
