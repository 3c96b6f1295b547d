package org.heartsounds.trainer.imports;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DL4J graph vertex planned from one (or a fused pair of) ONNX node(s), before it is added to the graph: its
 * configuration (a DL4J layer or graph vertex), inputs, parameters to load, and the geometry the ResNet-18 name
 * matcher looks at.
 */
final class VertexPlan {
    /** What the vertex computes. */
    enum Kind { CONV, BATCH_NORM, RELU, MAX_POOL, AVG_POOL, GLOBAL_AVG_POOL, ADD, FLATTEN, DENSE, OUTPUT, SOFTMAX }

    String name;
    final String onnxNode;
    Kind kind;
    Object config;
    final List<String> inputs;
    final Map<String, INDArray> params = new LinkedHashMap<>();
    /** Kernel, stride, padding (height, width) for convolutions and pooling; nIn/nOut for weighted layers. */
    int[] kernel = {0, 0};
    int[] stride = {1, 1};
    int[] padding = {0, 0};
    long nIn;
    long nOut;

    VertexPlan(String name, String onnxNode, Kind kind, Object config, List<String> inputs) {
        this.name = name;
        this.onnxNode = onnxNode;
        this.kind = kind;
        this.config = config;
        this.inputs = new ArrayList<>(inputs);
    }

    VertexPlan geometry(int[] kernel, int[] stride, int[] padding) {
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        return this;
    }

    VertexPlan channels(long nIn, long nOut) {
        this.nIn = nIn;
        this.nOut = nOut;
        return this;
    }

    boolean isConv(int k, int s, long in, long out) {
        return kind == Kind.CONV && kernel[0] == k && kernel[1] == k && stride[0] == s && stride[1] == s
                && nIn == in && nOut == out;
    }

    @Override
    public String toString() {
        return name + "(" + kind + ")";
    }
}
