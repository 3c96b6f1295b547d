package org.heartsounds.export;

import static org.heartsounds.export.OnnxProtos.floats;
import static org.heartsounds.export.OnnxProtos.integer;
import static org.heartsounds.export.OnnxProtos.ints;
import static org.heartsounds.export.OnnxProtos.real;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onnx.Onnx;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.FrozenVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Convolution2D;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.heartsounds.core.BadInputException;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Translates the vertices of a DL4J {@link ComputationGraph}, in topological order, into ONNX nodes and initializers
 * that compute the same function in inference mode (written by hand; DL4J has no ONNX exporter). Supported: 2-D
 * convolution, batch normalisation (exported as {@code BatchNormalization} nodes, not folded), ReLU, max pooling,
 * global average pooling, element-wise add, the CNN-to-dense flatten, dense and output layers ({@code Gemm}) and
 * softmax. Any other vertex or configuration is a {@link BadInputException} naming the vertex and its type.
 *
 * <p>Names: a vertex's main node is named like the vertex ({@code layer1.0.conv1}); extra nodes get a suffix
 * ({@code fc.softmax}, {@code avgpool.flatten}); weights are named like torchvision's parameters
 * ({@code conv1.weight}, {@code bn1.running_var}, {@code fc.bias}). Every value is named after the node that
 * produces it, except the graph input and output.
 */
final class GraphTranslator {
    private final String source;
    private final ComputationGraph graph;
    private final Map<String, InputType> types;
    private final List<Onnx.NodeProto> nodes = new ArrayList<>();
    private final List<Onnx.TensorProto> initializers = new ArrayList<>();
    private final Map<String, String> valueOf = new LinkedHashMap<>();
    private final Set<String> nodeNames = new HashSet<>();

    /**
     * @param source names the model in error messages
     * @param input  the graph input's type (NCHW)
     */
    GraphTranslator(String source, ComputationGraph graph, InputType.InputTypeConvolutional input) {
        this.source = source;
        this.graph = graph;
        List<String> inputs = graph.getConfiguration().getNetworkInputs();
        if (inputs.size() != 1) {
            throw new BadInputException(source, "graph has " + inputs.size() + " inputs " + inputs
                    + "; jetson-inference feeds exactly one image");
        }
        try {
            // on a copy: the pass sets missing preprocessors and nIn values on the configuration it runs on
            this.types = graph.getConfiguration().clone().getLayerActivationTypes(true, false, input);
        } catch (RuntimeException e) {
            throw new BadInputException(source, "the graph does not accept a " + input.getChannels() + "x"
                    + input.getHeight() + "x" + input.getWidth() + " input: " + e.getMessage(), e);
        }
        valueOf.put(inputs.get(0), OnnxGraphExporter.INPUT);
    }

    List<Onnx.NodeProto> nodes() {
        return nodes;
    }

    List<Onnx.TensorProto> initializers() {
        return initializers;
    }

    /** Translates every vertex; returns the ONNX value of the single graph output. */
    String translate() {
        List<String> outputs = graph.getConfiguration().getNetworkOutputs();
        if (outputs.size() != 1) {
            throw new BadInputException(source, "graph has " + outputs.size() + " outputs " + outputs
                    + "; a classifier for jetson-inference has exactly one");
        }
        for (int index : graph.topologicalSortOrder()) {
            String name = graph.getVertices()[index].getVertexName();
            if (!valueOf.containsKey(name)) {
                valueOf.put(name, vertex(name, graph.getConfiguration().getVertices().get(name)));
            }
        }
        return valueOf.get(outputs.get(0));
    }

    /** The InputType flowing out of a vertex. */
    InputType typeOf(String vertex) {
        return types.get(vertex);
    }

    private String vertex(String name, GraphVertex vertexConf) {
        GraphVertex conf = vertexConf;
        while (conf instanceof FrozenVertex frozen) {
            conf = frozen.getUnderlying();
        }
        List<String> inputs = graph.getConfiguration().getVertexInputs().get(name);
        if (conf instanceof LayerVertex lv) {
            String in = single(name, conf, inputs);
            String x = preprocess(name, name + ".flatten", lv.getPreProcessor(), value(in), types.get(in));
            return layer(name, unwrap(lv.getLayerConf().getLayer()), x, inputTypeAfter(lv, in));
        }
        if (conf instanceof ElementWiseVertex ew && ew.getOp() == ElementWiseVertex.Op.Add && inputs.size() >= 2) {
            String sum = value(inputs.get(0));
            for (int i = 1; i < inputs.size(); i++) {
                String nodeName = i == inputs.size() - 1 ? name : name + ".add" + i;
                sum = emit("Add", nodeName, List.of(sum, value(inputs.get(i))), List.of());
            }
            return sum;
        }
        if (conf instanceof PreprocessorVertex pv) {
            String in = single(name, conf, inputs);
            String out = preprocess(name, name, pv.getPreProcessor(), value(in), types.get(in));
            if (out.equals(value(in))) {
                throw unsupported(name, describe(conf), "without a preprocessor");
            }
            return out;
        }
        throw unsupported(name, describe(conf), "");
    }

    private String layer(String name, Layer layer, String x, InputType in) {
        if (layer.getClass() == ConvolutionLayer.class || layer.getClass() == Convolution2D.class) {
            return activation(name, ((BaseLayer) layer).getActivationFn(), conv(name, (ConvolutionLayer) layer, x, in),
                    types.get(name));
        }
        if (layer.getClass() == BatchNormalization.class) {
            return batchNorm(name, (BatchNormalization) layer, x, in); // DL4J applies no activation after BN
        }
        if (layer.getClass() == SubsamplingLayer.class) {
            return maxPool(name, (SubsamplingLayer) layer, x);
        }
        if (layer.getClass() == GlobalPoolingLayer.class) {
            return globalAveragePool(name, (GlobalPoolingLayer) layer, x, in);
        }
        if (layer.getClass() == DenseLayer.class || layer.getClass() == OutputLayer.class) {
            return activation(name, ((BaseLayer) layer).getActivationFn(), gemm(name, layer, x, in), types.get(name));
        }
        if (layer.getClass() == ActivationLayer.class) {
            return activation(name, ((ActivationLayer) layer).getActivationFn(), x, types.get(name));
        }
        throw unsupported(name, layer.getClass().getSimpleName(), "");
    }

    private String conv(String name, ConvolutionLayer c, String x, InputType in) {
        String what = c.getClass().getSimpleName();
        requireNchw(name, what, c.getCnn2dDataFormat());
        requireExplicitPadding(name, what, c.getConvolutionMode());
        INDArray w = param(name, "W");
        long channels = ((InputType.InputTypeConvolutional) cnn(name, what, in)).getChannels();
        if (w.rank() != 4 || w.size(1) != channels) {
            throw new BadInputException(source, "vertex '" + name + "' (" + what + ") has weights "
                    + Arrays.toString(w.shape()) + " but receives " + channels + " channels");
        }
        List<String> inputs = new ArrayList<>(List.of(x, weight(name + ".weight", w, w.shape())));
        INDArray b = graph.getLayer(name).getParam("b");
        if (b != null) {
            inputs.add(weight(name + ".bias", b, w.size(0)));
        }
        int[] k = c.getKernelSize();
        int[] s = c.getStride();
        int[] p = c.getPadding();
        int[] d = c.getDilation();
        return emit("Conv", name, inputs, List.of(ints("dilations", d[0], d[1]), integer("group", 1),
                ints("kernel_shape", k[0], k[1]), ints("pads", p[0], p[1], p[0], p[1]), ints("strides", s[0], s[1])));
    }

    private String batchNorm(String name, BatchNormalization bn, String x, InputType in) {
        if (in instanceof InputType.InputTypeConvolutional) {
            requireNchw(name, "BatchNormalization", bn.getCnn2DFormat());
        } else if (!(in instanceof InputType.InputTypeFeedForward)) {
            throw unsupported(name, "BatchNormalization", "on a " + in.getType() + " input");
        }
        long c = bn.getNOut();
        INDArray gamma = bn.isLockGammaBeta() ? Nd4j.valueArrayOf(new long[] {c}, bn.getGamma())
                : param(name, BatchNormalizationParamInitializer.GAMMA);
        INDArray beta = bn.isLockGammaBeta() ? Nd4j.valueArrayOf(new long[] {c}, bn.getBeta())
                : param(name, BatchNormalizationParamInitializer.BETA);
        INDArray mean = param(name, BatchNormalizationParamInitializer.GLOBAL_MEAN);
        // DL4J stores either the variance or log10 of the standard deviation: var = (10^log10std)^2
        INDArray var;
        if (bn.isUseLogStd()) {
            INDArray log10Std = param(name, BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
            var = Transforms.pow(Nd4j.valueArrayOf(log10Std.shape(), 10.0, log10Std.dataType()), log10Std.mul(2),
                    false);
        } else {
            var = param(name, BatchNormalizationParamInitializer.GLOBAL_VAR);
        }
        List<String> inputs = List.of(x, weight(name + ".weight", gamma, c), weight(name + ".bias", beta, c),
                weight(name + ".running_mean", mean, c), weight(name + ".running_var", var, c));
        return emit("BatchNormalization", name, inputs,
                List.of(real("epsilon", (float) bn.getEps()), real("momentum", (float) bn.getDecay())));
    }

    private String maxPool(String name, SubsamplingLayer s, String x) {
        if (s.getPoolingType() != org.deeplearning4j.nn.conf.layers.PoolingType.MAX) {
            throw unsupported(name, "SubsamplingLayer", "pooling type " + s.getPoolingType()
                    + " (only MAX; jetson exports use MaxPool and GlobalAveragePool)");
        }
        requireNchw(name, "SubsamplingLayer", s.getCnn2dDataFormat());
        requireExplicitPadding(name, "SubsamplingLayer", s.getConvolutionMode());
        int[] d = s.getDilation();
        if (d != null && (d[0] != 1 || d[1] != 1)) {
            throw unsupported(name, "SubsamplingLayer", "dilation " + Arrays.toString(d));
        }
        int[] k = s.getKernelSize();
        int[] st = s.getStride();
        int[] p = s.getPadding();
        return emit("MaxPool", name, List.of(x), List.of(ints("kernel_shape", k[0], k[1]),
                ints("pads", p[0], p[1], p[0], p[1]), ints("strides", st[0], st[1])));
    }

    private String globalAveragePool(String name, GlobalPoolingLayer g, String x, InputType in) {
        if (g.getPoolingType() != PoolingType.AVG) {
            throw unsupported(name, "GlobalPoolingLayer", "pooling type " + g.getPoolingType() + " (only AVG)");
        }
        cnn(name, "GlobalPoolingLayer", in);
        int[] dims = g.getPoolingDimensions();
        if (dims != null && !Arrays.equals(dims, new int[] {2, 3})) {
            throw unsupported(name, "GlobalPoolingLayer", "pooling dimensions " + Arrays.toString(dims)
                    + " (only the spatial dimensions [2, 3])");
        }
        String pooled = emit("GlobalAveragePool", name, List.of(x), List.of());
        return g.isCollapseDimensions()
                ? emit("Flatten", name + ".flatten", List.of(pooled), List.of(integer("axis", 1))) : pooled;
    }

    private String gemm(String name, Layer layer, String x, InputType in) {
        if (!(in instanceof InputType.InputTypeFeedForward)) {
            throw unsupported(name, layer.getClass().getSimpleName(), "on a " + in.getType()
                    + " input without a flatten");
        }
        INDArray w = param(name, "W"); // [nIn, nOut]; exported transposed (transB=1), as PyTorch writes Linear
        long nIn = ((InputType.InputTypeFeedForward) in).getSize();
        if (w.rank() != 2 || w.size(0) != nIn) {
            throw new BadInputException(source, "vertex '" + name + "' (" + layer.getClass().getSimpleName()
                    + ") has weights " + Arrays.toString(w.shape()) + " but receives " + nIn + " features");
        }
        List<String> inputs = new ArrayList<>(List.of(x, weight(name + ".weight", w.transpose(), w.size(1),
                w.size(0))));
        INDArray b = graph.getLayer(name).getParam("b");
        if (b != null) {
            inputs.add(weight(name + ".bias", b, w.size(1)));
        }
        return emit("Gemm", name, inputs, List.of(real("alpha", 1f), real("beta", 1f), integer("transB", 1)));
    }

    private String activation(String name, IActivation fn, String x, InputType out) {
        if (fn == null || fn instanceof ActivationIdentity) {
            return x;
        }
        boolean mainNode = !nodeNames.contains(name);
        if (fn instanceof ActivationReLU && fn.equals(new ActivationReLU())) {
            return emit("Relu", mainNode ? name : name + ".relu", List.of(x), List.of());
        }
        if (fn instanceof ActivationSoftmax && out instanceof InputType.InputTypeFeedForward) {
            return emit("Softmax", mainNode ? name : name + ".softmax", List.of(x), List.of(integer("axis", 1)));
        }
        if (fn instanceof ActivationSigmoid && out instanceof InputType.InputTypeFeedForward) {
            return emit("Sigmoid", mainNode ? name : name + ".sigmoid", List.of(x), List.of());
        }
        throw unsupported(name, "activation " + fn, "");
    }

    /** Applies a vertex's input preprocessor; {@code nodeName} names the node it becomes. */
    private String preprocess(String vertex, String nodeName, InputPreProcessor p, String x, InputType in) {
        if (p == null) {
            return x;
        }
        if (p instanceof CnnToFeedForwardPreProcessor c && c.getFormat() == CNN2DFormat.NCHW
                && in instanceof InputType.InputTypeConvolutional) {
            return emit("Flatten", nodeName, List.of(x), List.of(integer("axis", 1)));
        }
        throw unsupported(vertex, "input preprocessor " + p.getClass().getSimpleName(), "");
    }

    // ---- helpers ----

    private InputType inputTypeAfter(LayerVertex lv, String in) {
        InputType t = types.get(in);
        return lv.getPreProcessor() == null ? t : lv.getPreProcessor().getOutputType(t);
    }

    private static Layer unwrap(Layer layer) {
        Layer l = layer;
        while (true) {
            if (l instanceof FrozenLayer f) {
                l = f.getLayer();
            } else if (l instanceof BaseWrapperLayer w) {
                l = w.getUnderlying();
            } else {
                return l;
            }
        }
    }

    private String single(String name, GraphVertex conf, List<String> inputs) {
        if (inputs == null || inputs.size() != 1) {
            throw unsupported(name, describe(conf), "with " + (inputs == null ? 0 : inputs.size())
                    + " inputs (expected 1)");
        }
        return inputs.get(0);
    }

    private String value(String vertex) {
        String v = valueOf.get(vertex);
        if (v == null) {
            throw new IllegalStateException("vertex '" + vertex + "' not translated before its consumers");
        }
        return v;
    }

    private INDArray param(String vertex, String key) {
        INDArray p = graph.getLayer(vertex).getParam(key);
        if (p == null) {
            throw new BadInputException(source, "vertex '" + vertex + "' has no parameter '" + key + "'");
        }
        return p;
    }

    private String weight(String name, INDArray values, long... dims) {
        initializers.add(floats(name, values, dims));
        return name;
    }

    /** Adds a node whose single output value is named like the node; returns that value. */
    private String emit(String op, String nodeName, List<String> inputs, List<Onnx.AttributeProto> attributes) {
        String unique = nodeName;
        for (int i = 1; !nodeNames.add(unique); i++) {
            unique = nodeName + "_" + i;
        }
        nodes.add(OnnxProtos.node(op, unique, inputs, unique, attributes));
        return unique;
    }

    private InputType cnn(String name, String what, InputType in) {
        if (!(in instanceof InputType.InputTypeConvolutional)) {
            throw unsupported(name, what, "on a " + (in == null ? "unknown" : in.getType()) + " input (needs NCHW)");
        }
        return in;
    }

    private void requireNchw(String name, String what, CNN2DFormat format) {
        if (format != null && format != CNN2DFormat.NCHW) {
            throw unsupported(name, what, "data format " + format + " (only NCHW)");
        }
    }

    private void requireExplicitPadding(String name, String what, ConvolutionMode mode) {
        if (mode != null && mode != ConvolutionMode.Truncate && mode != ConvolutionMode.Strict) {
            throw unsupported(name, what, "convolution mode " + mode + " (only Truncate or Strict with explicit "
                    + "symmetric padding)");
        }
    }

    private static String describe(GraphVertex conf) {
        if (conf instanceof ElementWiseVertex ew) {
            return "ElementWiseVertex(" + ew.getOp() + ")";
        }
        return conf == null ? "unknown vertex" : conf.getClass().getSimpleName();
    }

    private BadInputException unsupported(String vertex, String type, String detail) {
        return new BadInputException(source, "vertex '" + vertex + "' of type " + type
                + (detail.isEmpty() ? "" : " " + detail) + " cannot be exported to ONNX for jetson-inference "
                + "(supported: ConvolutionLayer, BatchNormalization, ActivationLayer ReLU/softmax, SubsamplingLayer MAX, "
                + "GlobalPoolingLayer AVG, ElementWiseVertex Add, DenseLayer, OutputLayer, CNN-to-dense flatten)");
    }
}
