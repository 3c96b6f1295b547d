package org.heartsounds.export;

import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heartsounds.core.BadInputException;
import org.heartsounds.trainer.train.DecisionThresholds;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Folds a multi-label model's per-label decision thresholds into its output, for jetson-inference: its multi-label
 * mode ({@code imagenet.py --topK=0 --threshold=T}) applies one threshold to every output, while heartsounds chooses
 * one per label. Subtracting {@code logit(t_k) = ln(t_k / (1 - t_k))} from label k's bias makes the sigmoid output
 * {@code o_k = sigmoid(z_k - logit(t_k))}, which is at least 0.5 exactly when the label's probability
 * {@code p_k = sigmoid(z_k)} is at least {@code t_k}; so {@code --threshold=0.5} decides every label as heartsounds
 * does. The probability comes back as {@code p_k = sigmoid(logit(o_k) + logit(t_k))}. The source graph is left as it
 * is; the copy is what is exported and what the export check compares ONNX Runtime with.
 */
public final class ThresholdFolding {
    /** Thresholds are clamped to [1e-6, 1 - 1e-6] so that their logit is finite. */
    static final double EDGE = 1e-6;

    private ThresholdFolding() {
    }

    /** A copy of {@code graph} whose sigmoid output is shifted by each label's threshold. */
    public static ComputationGraph fold(ComputationGraph graph, DecisionThresholds thresholds) {
        List<String> outputs = graph.getConfiguration().getNetworkOutputs();
        Layer head = outputs.size() == 1 ? graph.getLayer(outputs.get(0)) : null;
        if (head == null || !(head.conf().getLayer() instanceof FeedForwardLayer ff)
                || !(ff.getActivationFn() instanceof ActivationSigmoid)) {
            throw new BadInputException("model.zip", "carries decision thresholds but its output is not one sigmoid "
                    + "per label");
        }
        if (ff.getNOut() != thresholds.labels().size()) {
            throw new BadInputException("model.zip", "has " + ff.getNOut() + " outputs but thresholds for "
                    + thresholds.labels().size() + " labels");
        }
        ComputationGraph copy = graph.clone();
        INDArray b = copy.getLayer(outputs.get(0)).getParam("b");
        if (b == null) {
            throw new BadInputException("model.zip", "its output layer has no bias to fold the thresholds into");
        }
        double[] t = thresholds.thresholds();
        INDArray shifted = b.castTo(DataType.DOUBLE).dup();
        for (int k = 0; k < t.length; k++) {
            double c = Math.min(1 - EDGE, Math.max(EDGE, t[k]));
            shifted.putScalar(k, shifted.getDouble(k) - Math.log(c / (1 - c)));
        }
        copy.getLayer(outputs.get(0)).setParam("b", shifted.castTo(b.dataType()).reshape(b.shape()));
        return copy;
    }
}
