package org.heartsounds.trainer.backend;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gradients and score of two networks on one batch, their per-parameter relative L2 differences, and the number of
 * ReLU outputs that are zero in one network and not in the other ("branch flips": an input within float rounding of
 * the kink, where both answers are right and the gradients below that layer legitimately differ by about 1e-3).
 */
record GradientParity(double scoreA, double scoreB, Map<String, Double> relativeDifference, long reluFlips) {

    /** Computes gradients of both networks on the same batch. */
    static GradientParity of(ComputationGraph a, ComputationGraph b, INDArray features, INDArray labels) {
        long flips = reluFlips(a, b, features);
        a.setInputs(features);
        a.setLabels(labels);
        a.computeGradientAndScore();
        b.setInputs(features);
        b.setLabels(labels);
        b.computeGradientAndScore();
        Map<String, INDArray> ga = a.gradient().gradientForVariable();
        Map<String, INDArray> gb = b.gradient().gradientForVariable();
        Map<String, Double> rel = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : gb.entrySet()) {
            INDArray reference = e.getValue();
            double diff = ga.get(e.getKey()).sub(reference).norm2Number().doubleValue();
            rel.put(e.getKey(), diff / reference.norm2Number().doubleValue());
        }
        return new GradientParity(a.score(), b.score(), rel, flips);
    }

    /** ReLU outputs (training-mode forward pass) that are zero in exactly one of the two networks. */
    static long reluFlips(ComputationGraph a, ComputationGraph b, INDArray features) {
        Map<String, INDArray> fa = a.feedForward(features, true);
        Map<String, INDArray> fb = b.feedForward(features, true);
        long flips = 0;
        for (Map.Entry<String, GraphVertex> v : a.getConfiguration().getVertices().entrySet()) {
            if (v.getValue() instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof ActivationLayer al
                    && al.getActivationFn() instanceof ActivationReLU) {
                INDArray za = fa.get(v.getKey()).eq(0);
                INDArray zb = fb.get(v.getKey()).eq(0);
                flips += za.neq(zb).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
            }
        }
        return flips;
    }

    double maxRelativeDifference() {
        return relativeDifference.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    String worst() {
        return relativeDifference.entrySet().stream().max(Map.Entry.comparingByValue())
                .map(e -> e.getKey() + " " + e.getValue() + " (ReLU flips: " + reluFlips + ")").orElseThrow();
    }
}
