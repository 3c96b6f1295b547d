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
            "GlobalAveragePool", "Flatten", "Gemm", "Softmax", "Sigmoid");
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
        Objects.requireNonNull(graph, "graph");
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("input size must be positive, got " + height + "x" + width);
        }
        GraphTranslator t = new GraphTranslator(source, graph,
                (InputType.InputTypeConvolutional) InputType.convolutional(height, width, CHANNELS));
        String out = t.translate();
        List<Onnx.NodeProto> nodes = renameOutput(t.nodes(), out);
        Onnx.NodeProto last = nodes.isEmpty() ? null : nodes.get(nodes.size() - 1);
        boolean sigmoid = last != null && last.getOpType().equals("Sigmoid");
        if (last == null || !(last.getOpType().equals("Softmax") || sigmoid) || !last.getOutput(0).equals(OUTPUT)) {
            String vertex = graph.getConfiguration().getNetworkOutputs().get(0);
            throw new BadInputException(source, "the output vertex '" + vertex + "' does not end in a softmax (or a "
                    + "sigmoid per label); jetson-inference's imagenet.py reads the output as probabilities and "
                    + "applies none");
        }
        long classes = ((InputType.InputTypeFeedForward) t.typeOf(graph.getConfiguration().getNetworkOutputs()
                .get(0))).getSize();
        Onnx.GraphProto g = Onnx.GraphProto.newBuilder()
                .setName("heartsounds")
                .addInput(OnnxProtos.value(INPUT, 1, CHANNELS, height, width))
                .addOutput(OnnxProtos.value(OUTPUT, 1, classes))
                .addAllInitializer(t.initializers())
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
                        + (sigmoid ? "sigmoid per label (multi-label)" : "softmax"))
                .setGraph(g);
        metadata.forEach((k, v) -> model.addMetadataProps(Onnx.StringStringEntryProto.newBuilder().setKey(k)
                .setValue(v)));
        return model.build();
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
