package org.heartsounds.evaluation.model;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import onnx.Onnx;
import org.heartsounds.core.BadInputException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.protobuf.InvalidProtocolBufferException;

/**
 * What an ONNX classifier's output holds, read from the graph (parsed with the ONNX protobuf classes bundled in
 * nd4j-api): the node that produces the graph output, looked through shape-only nodes (Identity, Flatten, Reshape,
 * Squeeze), is a Softmax (probabilities: jetson-inference's export and heartsounds' own), a LogSoftmax
 * (log-probabilities) or anything else (logits, e.g. a plain {@code torch.onnx.export} of a classifier).
 * {@link #toProbabilities} turns each into probabilities. Written here: ONNX Runtime does not expose the graph.
 */
enum OnnxOutputKind {
    PROBABILITIES, LOG_PROBABILITIES, LOGITS,
    /** One sigmoid per label (a multi-label model): per-label probabilities, kept as they are. */
    SIGMOID;

    private static final Set<String> SHAPE_ONLY = Set.of("Identity", "Flatten", "Reshape", "Squeeze");

    /** The kind of {@code outputName} in the model {@code bytes} read from {@code file}. */
    static OnnxOutputKind of(byte[] bytes, String outputName, String file) {
        Onnx.GraphProto graph;
        try {
            graph = Onnx.ModelProto.parseFrom(bytes).getGraph();
        } catch (InvalidProtocolBufferException e) {
            throw new BadInputException(file, "is not a valid ONNX model: " + e.getMessage(), e);
        }
        Map<String, Onnx.NodeProto> producer = new HashMap<>();
        for (Onnx.NodeProto n : graph.getNodeList()) {
            for (String out : n.getOutputList()) {
                producer.put(out, n);
            }
        }
        String value = outputName;
        for (int hops = 0; hops <= graph.getNodeCount(); hops++) {
            Onnx.NodeProto n = producer.get(value);
            if (n == null) {
                return LOGITS;
            }
            switch (n.getOpType()) {
                case "Softmax":
                    return PROBABILITIES;
                case "LogSoftmax":
                    return LOG_PROBABILITIES;
                case "Sigmoid":
                    return SIGMOID;
                default:
                    if (!SHAPE_ONLY.contains(n.getOpType()) || n.getInputCount() == 0) {
                        return LOGITS;
                    }
                    value = n.getInput(0);
            }
        }
        throw new BadInputException(file, "the graph has a cycle at '" + value + "'");
    }

    /** Probabilities from raw outputs {@code [n, C]} of this kind (a new array). */
    INDArray toProbabilities(INDArray raw) {
        return switch (this) {
            case PROBABILITIES, SIGMOID -> raw.dup();
            case LOG_PROBABILITIES -> Transforms.exp(raw, true);
            case LOGITS -> Transforms.softmax(raw, true);
        };
    }
}
