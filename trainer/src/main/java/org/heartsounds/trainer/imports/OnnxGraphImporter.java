package org.heartsounds.trainer.imports;

import onnx.Onnx;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heartsounds.core.BadInputException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.shade.protobuf.InvalidProtocolBufferException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Imports an ONNX CNN (ResNet-style: Conv, BatchNormalization, Relu, MaxPool, AveragePool, GlobalAveragePool,
 * Add, Flatten / Reshape to 2-D, Gemm or MatMul + Add, Softmax) as a <b>trainable</b> DL4J
 * {@link ComputationGraph} (DL4J's own ONNX import produces SameDiff, which {@code TransferLearning} cannot use).
 * Weights come from the initializers; BatchNorm nodes stay BatchNorm layers, and convolutions with BatchNorm folded
 * in (as jetson-inference's {@code onnx_export.py} writes them) become convolutions with bias. A final Softmax after
 * a fully connected layer turns that layer into a softmax {@code OutputLayer}, so the graph can be fine-tuned as is.
 * When the graph is torchvision's ResNet-18 its vertices get {@link org.heartsounds.trainer.model.ResNet18}'s names
 * ({@code conv1}, {@code layer4.1.relu2}, {@code fc}, ...); otherwise they are the sanitised ONNX node names.
 *
 * <p>The ONNX file is parsed with the protobuf classes bundled in nd4j-api; the graph translation is written here
 * by hand. Unsupported ops give {@code BadInputException(file, "unsupported ONNX op 'X' at node 'Y'")}.
 */
public final class OnnxGraphImporter {
    private static final int MIN_OPSET = 7;
    private static final int MAX_OPSET = 18;
    private static final int FLOAT = 1;

    private final long maxFileBytes;
    private final int maxNodes;
    private final int inputHeight;
    private final int inputWidth;
    private final boolean resNetNames;
    private final IUpdater updater;
    private final long seed;

    private OnnxGraphImporter(Builder b) {
        this.maxFileBytes = b.maxFileBytes;
        this.maxNodes = b.maxNodes;
        this.inputHeight = b.inputHeight;
        this.inputWidth = b.inputWidth;
        this.resNetNames = b.resNetNames;
        this.updater = b.updater;
        this.seed = b.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Imports with default options. */
    public static ImportedOnnxGraph importFile(Path file) {
        return builder().build().importGraph(file);
    }

    /** Reads {@code file} and builds the initialised, weight-loaded graph. */
    public ImportedOnnxGraph importGraph(Path file) {
        Onnx.ModelProto model = parse(file);
        Onnx.GraphProto g = model.getGraph();
        int opset = defaultOpset(file, model);
        if (g.getNodeCount() > maxNodes) {
            throw new BadInputException(file, "graph has " + g.getNodeCount() + " nodes, more than " + maxNodes);
        }
        OnnxTensorDecoder decoder = new OnnxTensorDecoder(file);
        Map<String, INDArray> initializers = new LinkedHashMap<>();
        for (Onnx.TensorProto t : g.getInitializerList()) {
            initializers.put(t.getName(), decoder.decode(t, t.getName()));
        }
        Onnx.ValueInfoProto input = singleInput(file, g, initializers.keySet());
        long[] chw = inputShape(file, input);
        String inputName = input.getName().isEmpty() ? "input" : input.getName();

        List<OnnxNode> nodes = new ArrayList<>();
        for (int i = 0; i < g.getNodeCount(); i++) {
            nodes.add(new OnnxNode(file, g.getNode(i), i));
        }
        List<String> outputNames = g.getOutputList().stream().map(Onnx.ValueInfoProto::getName).toList();
        if (outputNames.isEmpty()) {
            throw new BadInputException(file, "graph has no outputs");
        }
        OnnxGraphConverter converter = new OnnxGraphConverter(file, opset, nodes, initializers, outputNames);
        converter.addInput(inputName, chw);
        List<VertexPlan> plans = converter.convert();
        List<String> outputVertices = new ArrayList<>();
        for (String out : outputNames) {
            String vertex = converter.vertexOf(out);
            if (vertex.equals(inputName)) {
                throw new BadInputException(file, "graph output '" + out + "' is the input itself");
            }
            outputVertices.add(vertex);
        }

        boolean resNet = false;
        if (resNetNames) {
            Optional<Map<String, String>> renaming = ResNet18NameMatcher.match(plans, inputName);
            if (renaming.isPresent()) {
                rename(plans, outputVertices, renaming.get());
                resNet = true;
            }
        }
        ComputationGraph graph = assemble(inputName, chw, plans, outputVertices);
        loadWeights(file, graph, plans);
        return new ImportedOnnxGraph(graph, inputName, List.copyOf(outputVertices), opset, resNet,
                List.of(chw[0], chw[1], chw[2]));
    }

    private Onnx.ModelProto parse(Path file) {
        try {
            long size = Files.size(file);
            if (size > maxFileBytes) {
                throw new BadInputException(file, "ONNX file has " + size + " bytes, more than the limit of "
                        + maxFileBytes);
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) size + 1);
            }
            if (bytes.length != size) {
                throw new BadInputException(file, "file changed while reading");
            }
            Onnx.ModelProto model = Onnx.ModelProto.parseFrom(bytes);
            if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
                throw new BadInputException(file, "not an ONNX model (no graph)");
            }
            return model;
        } catch (InvalidProtocolBufferException e) {
            throw new BadInputException(file, "not a valid ONNX protobuf: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static int defaultOpset(Path file, Onnx.ModelProto model) {
        int opset = -1;
        for (Onnx.OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                opset = (int) o.getVersion();
            }
        }
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new BadInputException(file, "ONNX opset " + opset + " not supported (supported: " + MIN_OPSET
                    + ".." + MAX_OPSET + ")");
        }
        return opset;
    }

    private static Onnx.ValueInfoProto singleInput(Path file, Onnx.GraphProto g, Set<String> initializers) {
        List<Onnx.ValueInfoProto> inputs = g.getInputList().stream()
                .filter(i -> !initializers.contains(i.getName())).toList();
        if (inputs.size() != 1) {
            throw new BadInputException(file, "graph has " + inputs.size() + " inputs "
                    + inputs.stream().map(Onnx.ValueInfoProto::getName).toList() + "; exactly one image input is supported");
        }
        return inputs.get(0);
    }

    /** [C, H, W] of the NCHW float input: static dims from the graph, H and W overridable. */
    private long[] inputShape(Path file, Onnx.ValueInfoProto input) {
        Onnx.TypeProto type = input.getType();
        if (!type.hasTensorType() || type.getTensorType().getElemType() != FLOAT) {
            throw new BadInputException(file, "input '" + input.getName() + "' is not a float tensor");
        }
        List<Onnx.TensorShapeProto.Dimension> dims = type.getTensorType().getShape().getDimList();
        if (dims.size() != 4) {
            throw new BadInputException(file, "input '" + input.getName() + "' has rank " + dims.size()
                    + "; an NCHW image input of rank 4 is required");
        }
        long c = staticDim(file, input, dims.get(1), "channels", -1);
        long h = staticDim(file, input, dims.get(2), "height", inputHeight);
        long w = staticDim(file, input, dims.get(3), "width", inputWidth);
        return new long[] {c, h, w};
    }

    private static long staticDim(Path file, Onnx.ValueInfoProto input, Onnx.TensorShapeProto.Dimension d,
                                  String what, int override) {
        if (override > 0) {
            return override;
        }
        if (!d.hasDimValue() || d.getDimValue() < 1) {
            throw new BadInputException(file, "input '" + input.getName() + "' has a dynamic " + what
                    + (d.hasDimParam() ? " ('" + d.getDimParam() + "')" : "")
                    + "; give it with OnnxGraphImporter.builder().optInputSize(h, w)");
        }
        return d.getDimValue();
    }

    private static void rename(List<VertexPlan> plans, List<String> outputs, Map<String, String> names) {
        for (VertexPlan p : plans) {
            p.name = names.getOrDefault(p.name, p.name);
            p.inputs.replaceAll(in -> names.getOrDefault(in, in));
        }
        outputs.replaceAll(o -> names.getOrDefault(o, o));
    }

    private ComputationGraph assemble(String inputName, long[] chw, List<VertexPlan> plans, List<String> outputs) {
        ComputationGraphConfiguration.GraphBuilder builder = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(updater)
                .convolutionMode(ConvolutionMode.Truncate)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .graphBuilder()
                .addInputs(inputName)
                .setInputTypes(InputType.convolutional(chw[1], chw[2], chw[0]));
        for (VertexPlan p : plans) {
            String[] inputs = p.inputs.toArray(String[]::new);
            if (p.config instanceof Layer layer) {
                builder.addLayer(p.name, layer, inputs);
            } else {
                builder.addVertex(p.name, (GraphVertex) p.config, inputs);
            }
        }
        builder.setOutputs(outputs.stream().distinct().toArray(String[]::new));
        ComputationGraph graph = new ComputationGraph(builder.build());
        graph.init();
        return graph;
    }

    private static void loadWeights(Path file, ComputationGraph graph, List<VertexPlan> plans) {
        for (VertexPlan p : plans) {
            for (Map.Entry<String, INDArray> e : p.params.entrySet()) {
                INDArray target = graph.getLayer(p.name).getParam(e.getKey());
                INDArray value = e.getValue();
                if (target == null || target.length() != value.length()
                        || (value.rank() == target.rank() && !Arrays.equals(value.shape(), target.shape()))) {
                    throw new BadInputException(file, "ONNX node '" + p.onnxNode + "': weight of shape "
                            + Arrays.toString(value.shape()) + " does not fit DL4J parameter " + p.name + "_"
                            + e.getKey() + (target == null ? "" : " of shape " + Arrays.toString(target.shape())));
                }
                target.assign(value.castTo(target.dataType()).reshape(target.shape()));
            }
        }
    }

    /** Options of an {@link OnnxGraphImporter}. */
    public static final class Builder {
        private long maxFileBytes = 1L << 30;
        private int maxNodes = 10_000;
        private int inputHeight = -1;
        private int inputWidth = -1;
        private boolean resNetNames = true;
        private IUpdater updater = new Adam(1e-3);
        private long seed = 12345L;

        private Builder() {
        }

        /**
         * Input height and width to use instead of the graph's (needed when they are dynamic; with static sizes
         * it only matters for layers that depend on the spatial size, e.g. a Flatten of a feature map).
         */
        public Builder optInputSize(int height, int width) {
            this.inputHeight = height;
            this.inputWidth = width;
            return this;
        }

        /** Largest accepted file (default 1 GiB). */
        public Builder optMaxFileBytes(long bytes) {
            this.maxFileBytes = bytes;
            return this;
        }

        /** Most nodes accepted (default 10,000). */
        public Builder optMaxNodes(int nodes) {
            this.maxNodes = nodes;
            return this;
        }

        /** Whether a recognised ResNet-18 gets {@code ResNet18}'s vertex names (default true). */
        public Builder optResNet18Names(boolean enabled) {
            this.resNetNames = enabled;
            return this;
        }

        /** Updater of the imported graph for fine-tuning (default Adam 1e-3). */
        public Builder optUpdater(IUpdater updater) {
            this.updater = Objects.requireNonNull(updater, "updater");
            return this;
        }

        /** Seed for anything initialised randomly later (e.g. by TransferLearning). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public OnnxGraphImporter build() {
            if ((inputHeight > 0) != (inputWidth > 0) || (inputHeight > 0 && (inputHeight > 1 << 16
                    || inputWidth > 1 << 16))) {
                throw new IllegalArgumentException("input size must give both height and width in 1..65536");
            }
            if (maxFileBytes < 1 || maxFileBytes > Integer.MAX_VALUE - 16 || maxNodes < 1) {
                throw new IllegalArgumentException("maxFileBytes must be in 1..2^31-17 and maxNodes >= 1");
            }
            return new OnnxGraphImporter(this);
        }
    }
}
