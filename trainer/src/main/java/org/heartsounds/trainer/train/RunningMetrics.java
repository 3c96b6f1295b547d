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

    public RunningMetrics(String head, String headInput) {
        this.head = head;
        this.headInput = headInput;
    }

    public void reset() {
        lossSum = 0;
        correct = 0;
        examples = 0;
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
        INDArray logSoftmax = Transforms.log(Transforms.softmax(logits, true), false);
        lossSum -= logSoftmax.mul(labels.castTo(logSoftmax.dataType())).sumNumber().doubleValue();
        int[] predicted = logits.argMax(1).toIntVector();
        int[] truth = labels.argMax(1).toIntVector();
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == truth[i]) {
                correct++;
            }
        }
        examples += predicted.length;
    }

    public double meanLoss() {
        return examples == 0 ? Double.NaN : lossSum / examples;
    }

    public double accuracy() {
        return examples == 0 ? Double.NaN : correct / (double) examples;
    }
}
