package org.heartsounds.evaluation.explain;

import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link ComputationGraph} that hands out the gradient of its output with respect to the activations of any vertex.
 * DL4J computes these gradients (the vertices' "epsilons") in every backward pass but its public
 * {@code backpropGradient(INDArray...)} clears them before returning; this subclass runs the same backward pass
 * ({@code calcBackpropGradients}) without clearing, so nothing of the network is computed outside DL4J.
 *
 * <p>Built without workspaces, so the activations and epsilons it returns stay valid after the pass.
 */
final class ExplainableGraph extends ComputationGraph {
    ExplainableGraph(ComputationGraphConfiguration configuration) {
        super(configuration);
    }

    /**
     * Forward pass that keeps every vertex's input for the backward pass. It runs in DL4J's training mode because
     * in inference mode some layers (ActivationLayer) overwrite their input in place, which would corrupt both the
     * activations returned here and the inputs the backward pass differentiates at. Training mode differs from
     * inference only in dropout and BatchNorm: {@link GradCam} builds this graph with dropout removed and BatchNorm
     * folded into the convolutions, so the function is the inference one.
     *
     * @return every vertex's activations by name
     */
    Map<String, INDArray> forward(INDArray input) {
        return feedForward(new INDArray[] {input}, true, false);
    }

    /**
     * The backward pass of {@code outputEpsilon} (the gradient of a scalar with respect to the single output, one
     * row per example) after {@link #forward}; returns the gradient with respect to {@code vertex}'s activations.
     */
    INDArray gradientAt(String vertex, INDArray outputEpsilon) {
        calcBackpropGradients(false, false, outputEpsilon);
        INDArray eps = getVertex(vertex).getEpsilon();
        if (eps == null) {
            throw new IllegalStateException("DL4J's backward pass left no gradient at vertex '" + vertex + "'");
        }
        INDArray out = eps.dup();
        for (org.deeplearning4j.nn.graph.vertex.GraphVertex v : getVertices()) {
            v.clear();
        }
        return out;
    }
}
