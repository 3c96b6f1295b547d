package org.heartsounds.trainer.train;

import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Inference-mode forward passes in minibatches, and the loss / accuracy of the resulting probabilities. */
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

    /** Loss and accuracy of probabilities against one-hot labels. */
    public record Scores(double loss, double accuracy) {
    }

    /**
     * Mean multi-class cross-entropy ({@code -log p(true class)}, probabilities clipped at 1e-12) and accuracy via
     * DL4J's {@link Evaluation}.
     */
    public static Scores score(INDArray probabilities, INDArray oneHot) {
        INDArray pTrue = probabilities.castTo(oneHot.dataType()).mul(oneHot).sum(1);
        double loss = -Transforms.log(Transforms.max(pTrue, 1e-12), false).meanNumber().doubleValue();
        Evaluation eval = new Evaluation((int) oneHot.size(1));
        eval.eval(oneHot, probabilities.castTo(oneHot.dataType()));
        return new Scores(loss, eval.accuracy());
    }
}
