package org.heartsounds.export;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import onnx.Onnx;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heartsounds.core.BadInputException;
import org.heartsounds.data.layout.JetsonLayout;

/**
 * Writes a DL4J {@link ComputationGraph} classifier as an ONNX model for jetson-inference's {@code imagenet.py}
 * (TensorRT): input {@value #INPUT} float32 {@code [1, 3, H, W]}, output {@value #OUTPUT} float32 {@code [1, N]}
 * holding softmax probabilities (imagenet.py applies no softmax of its own), every dimension static, opset
 * {@value #DEFAULT_OPSET} (or 11) with IR version 7 (6 for opset 11), only the ops in {@link #JETSON_OPS}.
 * BatchNorm layers are exported as {@code BatchNormalization} nodes (TensorRT folds them itself).
 *
 * <p>The model is built with the ONNX protobuf classes bundled in nd4j-api; the graph translation
 * ({@link GraphTranslator}) is written here by hand, since DL4J has no ONNX exporter. It is the reverse of the
 * trainer's {@code OnnxGraphImporter}, which reads these files back into the same DL4J graph.
 *
 * <pre>{@code
 * Onnx.ModelProto model = OnnxGraphExporter.builder().optOpset(11).optMetadata(meta).build()
 *         .export(graph, 224, 224);
 * }</pre>
 */
public final class OnnxGraphExporter {
    /** The input's name: jetson-inference's default input blob ({@link JetsonLayout#INPUT_BLOB}). */
    public static final String INPUT = JetsonLayout.INPUT_BLOB;
    /** The output's name: jetson-inference's default output blob ({@link JetsonLayout#OUTPUT_BLOB}). */
    public static final String OUTPUT = JetsonLayout.OUTPUT_BLOB;
    public static final int DEFAULT_OPSET = 13;
    /** The opsets this exporter writes. */
    public static final List<Integer> OPSETS = List.of(11, 13);
    /** The only op types an exported graph contains. */
    public static final Set<String> JETSON_OPS = Set.of("Conv", "BatchNormalization", "Relu", "MaxPool", "Add",
            "GlobalAveragePool", "Flatten", "Gemm", "Softmax", "Sigmoid", "Mean");
    /** Image channels jetson-inference feeds (RGB). */
    public static final int CHANNELS = 3;
    public static final String PRODUCER = "heartsounds";

    private final int opset;
    private final String source;
    private final String producerVersion;
    private final Map<String, String> metadata;

    private OnnxGraphExporter(Builder b) {
        this.opset = b.opset;
        this.source = b.source;
        this.producerVersion = b.producerVersion;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The ONNX IR version written with an opset: 6 for opset 11, 7 for opset 12 and 13. */
    public static long irVersion(int opset) {
        return opset <= 11 ? 6 : 7;
    }

    /**
     * Translates {@code graph} for an input of {@code height} x {@code width} RGB pixels.
     *
     * @throws BadInputException when the graph has a vertex or configuration that cannot be exported, more than one
     *                           input or output, or does not end in a softmax or a sigmoid
     */
    public Onnx.ModelProto export(ComputationGraph graph, int height, int width) {
        return export(List.of(graph), height, width);
    }

    /**
     * Translates an ensemble: every graph reads {@value #INPUT}, and {@value #OUTPUT} is the ONNX {@code Mean} of
     * their probabilities (one member: exactly {@link #export(ComputationGraph, int, int)}). Each member's values,
     * nodes and weights are prefixed {@code m<K>_}; the members must have the same classes and output activation.
     */
    public Onnx.ModelProto export(List<ComputationGraph> graphs, int height, int width) {
        if (graphs.isEmpty()) {
            throw new IllegalArgumentException("no graph to export");
        }
        graphs.forEach(g -> Objects.requireNonNull(g, "graph"));
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("input size must be positive, got " + height + "x" + width);
        }
        List<Onnx.NodeProto> nodes = new java.util.ArrayList<>();
        List<Onnx.TensorProto> initializers = new java.util.ArrayList<>();
        List<String> memberOutputs = new java.util.ArrayList<>();
        long classes = -1;
        String activation = null;
        for (int k = 0; k < graphs.size(); k++) {
            ComputationGraph graph = graphs.get(k);
            GraphTranslator t = new GraphTranslator(source, graph,
                    (InputType.InputTypeConvolutional) InputType.convolutional(height, width, CHANNELS));
            String out = t.translate();
            List<Onnx.NodeProto> own = renameOutput(t.nodes(), out);
            Onnx.NodeProto last = own.isEmpty() ? null : own.get(own.size() - 1);
            boolean sigmoid = last != null && last.getOpType().equals("Sigmoid");
            if (last == null || !(last.getOpType().equals("Softmax") || sigmoid)
                    || !last.getOutput(0).equals(OUTPUT)) {
                String vertex = graph.getConfiguration().getNetworkOutputs().get(0);
                throw new BadInputException(source, "the output vertex '" + vertex + "' does not end in a softmax (or "
                        + "a sigmoid per label); jetson-inference's imagenet.py reads the output as probabilities "
                        + "and applies none");
            }
            long n = ((InputType.InputTypeFeedForward) t.typeOf(graph.getConfiguration().getNetworkOutputs()
                    .get(0))).getSize();
            if (k > 0 && (n != classes || !last.getOpType().equals(activation))) {
                throw new BadInputException(source, "ensemble member " + k + " has " + n + " " + last.getOpType()
                        + " outputs, member 0 " + classes + " " + activation + "; average models of the same "
                        + "classes only");
            }
            classes = n;
            activation = last.getOpType();
            if (graphs.size() == 1) {
                nodes.addAll(own);
                initializers.addAll(t.initializers());
            } else {
                String prefix = "m" + k + "_";
                own.forEach(node -> nodes.add(prefixed(node, prefix)));
                t.initializers().forEach(i -> initializers.add(i.toBuilder().setName(prefix + i.getName()).build()));
                memberOutputs.add(prefix + OUTPUT);
            }
        }
        if (graphs.size() > 1) {
            nodes.add(Onnx.NodeProto.newBuilder().setName("ensemble_mean").setOpType("Mean")
                    .addAllInput(memberOutputs).addOutput(OUTPUT).build());
        }
        boolean sigmoid = "Sigmoid".equals(activation);
        Onnx.GraphProto g = Onnx.GraphProto.newBuilder()
                .setName("heartsounds")
                .addInput(OnnxProtos.value(INPUT, 1, CHANNELS, height, width))
                .addOutput(OnnxProtos.value(OUTPUT, 1, classes))
                .addAllInitializer(initializers)
                .addAllNode(nodes)
                .build();
        Onnx.ModelProto.Builder model = Onnx.ModelProto.newBuilder()
                .setIrVersion(irVersion(opset))
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setProducerName(PRODUCER)
                .setProducerVersion(producerVersion)
                .setDomain("org.heartsounds")
                .setModelVersion(1)
                .setDocString("heart-valve-disease classifier; input " + INPUT + " [1,3," + height + "," + width
                        + "] RGB, ImageNet-normalised; output " + OUTPUT + " [1," + classes + "] "
                        + (sigmoid ? "sigmoid per label (multi-label)" : "softmax")
                        + (graphs.size() > 1 ? ", the mean of " + graphs.size() + " networks" : ""))
                .setGraph(g);
        metadata.forEach((k, v) -> model.addMetadataProps(Onnx.StringStringEntryProto.newBuilder().setKey(k)
                .setValue(v)));
        return model.build();
    }

    /** {@code node} with its name and every value name but {@link #INPUT} prefixed. */
    private static Onnx.NodeProto prefixed(Onnx.NodeProto node, String prefix) {
        Onnx.NodeProto.Builder b = node.toBuilder().setName(prefix + node.getName());
        for (int i = 0; i < b.getInputCount(); i++) {
            if (!b.getInput(i).equals(INPUT) && !b.getInput(i).isEmpty()) {
                b.setInput(i, prefix + b.getInput(i));
            }
        }
        for (int i = 0; i < b.getOutputCount(); i++) {
            b.setOutput(i, prefix + b.getOutput(i));
        }
        return b.build();
    }

    /** Renames the value {@code out} to {@link #OUTPUT} wherever it appears. */
    private static List<Onnx.NodeProto> renameOutput(List<Onnx.NodeProto> nodes, String out) {
        if (out.equals(INPUT)) {
            throw new IllegalStateException("graph output is its input");
        }
        return nodes.stream().map(n -> {
            Onnx.NodeProto.Builder b = n.toBuilder();
            for (int i = 0; i < b.getInputCount(); i++) {
                if (b.getInput(i).equals(out)) {
                    b.setInput(i, OUTPUT);
                }
            }
            for (int i = 0; i < b.getOutputCount(); i++) {
                if (b.getOutput(i).equals(out)) {
                    b.setOutput(i, OUTPUT);
                }
            }
            return b.build();
        }).toList();
    }

    /** Options of an {@link OnnxGraphExporter}. */
    public static final class Builder {
        private int opset = DEFAULT_OPSET;
        private String source = "model";
        private String producerVersion = "unknown";
        private final Map<String, String> metadata = new LinkedHashMap<>();

        private Builder() {
        }

        /** ONNX opset, 13 (default) or 11. */
        public Builder optOpset(int opset) {
            if (!OPSETS.contains(opset)) {
                throw new BadInputException("--opset", "opset " + opset + " is not supported; use one of " + OPSETS);
            }
            this.opset = opset;
            return this;
        }

        /** What errors name as the model (e.g. the model.zip path); default "model". */
        public Builder optSource(String source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /** The model's {@code producer_version} (heartsounds' version). */
        public Builder optProducerVersion(String version) {
            this.producerVersion = Objects.requireNonNull(version, "version");
            return this;
        }

        /** Metadata properties ({@code metadata_props}), in order; see {@link OnnxMetadata}. */
        public Builder optMetadata(Map<String, String> properties) {
            this.metadata.clear();
            this.metadata.putAll(properties);
            return this;
        }

        public OnnxGraphExporter build() {
            return new OnnxGraphExporter(this);
        }
    }
}
