package org.heartsounds.trainer.inference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.heartsounds.trainer.backend.OneDnnHelpers;
import org.heartsounds.trainer.backend.onednn.DirectInference;
import org.heartsounds.trainer.backend.onednn.DirectRelu;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Rewrites a trained {@link ComputationGraph} into an equivalent graph for inference only, the way inference engines
 * (ONNX Runtime, TensorRT) do before running a CNN:
 * <ul>
 *   <li>every BatchNormalization that directly follows a convolution (and is its only consumer) is folded into that
 *       convolution: {@code W' = W * s}, {@code b' = b * s + (beta - mean * s)} per output channel with
 *       {@code s = gamma / sqrt(var + eps)}, computed in double;</li>
 *   <li>a ReLU {@code ActivationLayer} that follows such a folded pair becomes the convolution's activation;</li>
 *   <li>frozen-layer wrappers ({@code FrozenLayer}, {@code FrozenLayerWithBackprop}) are unwrapped;</li>
 *   <li>without the direct oneDNN helpers, the activations become channels-last (NHWC) where the graph allows it
 *       ({@link ChannelsLast}), which spares DL4J's own oneDNN convolutions two layout reorders per call;
 *       {@link Optimized#output} still takes NCHW;</li>
 *   <li>with the direct oneDNN helpers, {@link Optimized#output} runs the folded graph as one chain of oneDNN
 *       primitives per input shape ({@link DirectInference}: blocked layouts throughout, weights converted once,
 *       ReLU and the residual addition as convolution post-ops), and DL4J's own execution for graphs it does not
 *       cover.</li>
 * </ul>
 *
 * <p>The folding reproduces what DL4J 1.0.0-M2.1's BatchNormalization layer computes in inference, including two
 * quirks: the layer's configured activation function is never applied, and with {@code useLogStd} the standard
 * deviation is {@code sqrt(10^(2 p) + eps)} for the stored {@code p = log10stdev} (eps added once more).
 *
 * <p>ResNet-18 loses its 20 BatchNorm layers and the 9 ReLUs that directly follow one this way (the 8 ReLUs after a
 * residual addition stay), and with them as many passes over the activations. The result computes the same function in
 * inference mode (BatchNorm on its running statistics) up to float rounding; it cannot be trained (its BatchNorm layers
 * are gone). Vertices keep their names except the removed ones, whose consumers now read the convolution. DL4J has no
 * such pass; it is written here.
 */
public final class InferenceGraphOptimizer {
    /** System property that, set to {@code false}, keeps DL4J's execution of the optimised graph. */
    public static final String CHAIN_PROPERTY = "heartsounds.onednn.chain";
    private static final boolean DIRECT_CHAINS =
            !"false".equalsIgnoreCase(System.getProperty(CHAIN_PROPERTY, "true"));

    private InferenceGraphOptimizer() {
    }

    /**
     * The optimised graph and what was changed.
     *
     * @param graph         the new graph (its own parameters; the source is untouched)
     * @param folded        the BatchNorm vertices folded into their convolution
     * @param fusedReLUs    the ReLU vertices that became a convolution's activation
     * @param vertexCount   vertices before and after: {@code [before, after]}
     * @param channelsLast  whether the graph runs on NHWC activations (then its input is NHWC; {@link #output}
     *                      takes care of that)
     * @param chains        the oneDNN chains per input shape, or null when DL4J runs the graph
     */
    public record Optimized(ComputationGraph graph, List<String> folded, List<String> fusedReLUs, int[] vertexCount,
                            boolean channelsLast, DirectChains chains) {
        public Optimized {
            folded = List.copyOf(folded);
            fusedReLUs = List.copyOf(fusedReLUs);
            vertexCount = vertexCount.clone();
        }

        /**
         * Inference-mode output for an NCHW input (as the trained graph takes it): through the oneDNN chain for its
         * shape when there is one, otherwise DL4J's graph (the input transposed to NHWC first when the graph is
         * channels-last).
         */
        public INDArray output(INDArray nchw) {
            if (chains != null && nchw.rank() == 4) {
                DirectInference chain = chains.forShape(graph, nchw.shape());
                if (chain != null) {
                    return chain.output(nchw);
                }
            }
            INDArray in = channelsLast ? nchw.permute(0, 2, 3, 1).dup('c') : nchw;
            return graph.outputSingle(false, in);
        }

        /**
         * E.g. {@code "20 BatchNorm folded into convolutions, 9 ReLU fused; 69 -> 40 vertices; NCHW; oneDNN chain"}.
         */
        public String summary() {
            return folded.size() + " BatchNorm folded into convolutions, " + fusedReLUs.size() + " ReLU fused; "
                    + vertexCount[0] + " -> " + vertexCount[1] + " vertices; " + (channelsLast ? "NHWC" : "NCHW")
                    + (chains == null ? "" : chains.describe());
        }
    }

    /** The oneDNN chains of one optimised graph, built on first use per input shape (or refused, once). */
    public static final class DirectChains {
        private final java.util.concurrent.ConcurrentHashMap<List<Long>, DirectInference.Compiled> byShape =
                new java.util.concurrent.ConcurrentHashMap<>();

        /** At most this many shapes keep a chain (each holds its own activation buffers). */
        static final int MAX_SHAPES = 4;

        DirectInference forShape(ComputationGraph graph, long[] shape) {
            List<Long> key = java.util.Arrays.stream(shape).boxed().toList();
            DirectInference.Compiled c = byShape.get(key);
            if (c == null) {
                synchronized (this) {
                    if (byShape.size() >= MAX_SHAPES) {
                        byShape.clear();
                    }
                    c = byShape.computeIfAbsent(key, k -> DirectInference.compile(graph, shape));
                }
            }
            return c.inference();
        }

        /** "; oneDNN chain" once one ran, "; DL4J (reason)" when refused, empty before the first call. */
        String describe() {
            return byShape.values().stream().findFirst()
                    .map(c -> c.inference() != null ? "; oneDNN chain" : "; DL4J (" + c.refusal() + ")")
                    .orElse("");
        }
    }

    /**
     * Builds the optimised copy of {@code source}, with DL4J's oneDNN helpers on or off
     * ({@link OneDnnHelpers#build}); channels-last when every vertex allows it, except with the direct oneDNN helpers
     * ({@link OneDnnHelpers#directActive()}): they run NCHW with oneDNN's own blocked layouts inside, which measured
     * faster than DL4J's NHWC path (ResNet-18, 128 px, batch 16, 2 threads: 154 against 110 images/s).
     */
    public static Optimized optimize(ComputationGraph source, boolean helpers) {
        return optimize(source, helpers, !(helpers && OneDnnHelpers.directActive()));
    }

    /**
     * As {@link #optimize(ComputationGraph, boolean)}; {@code channelsLast} false keeps NCHW activations even where
     * NHWC would be possible.
     */
    public static Optimized optimize(ComputationGraph source, boolean helpers, boolean channelsLast) {
        ComputationGraphConfiguration conf = source.getConfiguration().clone();
        Map<String, GraphVertex> vertices = conf.getVertices();
        Map<String, List<String>> inputs = conf.getVertexInputs();
        int before = vertices.size() + conf.getNetworkInputs().size();
        unwrapFrozen(vertices);

        List<Fold> folds = new ArrayList<>();
        for (String bn : List.copyOf(vertices.keySet())) {
            findFold(conf, bn).ifPresent(folds::add);
        }
        Map<String, String> replacedBy = new HashMap<>();
        for (Fold f : folds) {
            ConvolutionLayer conv = (ConvolutionLayer) layerOf(vertices.get(f.conv));
            conv.setHasBias(true);
            if (f.relu != null) {
                conv.setActivationFn(new ActivationReLU());
            }
            for (String gone : f.removed()) {
                vertices.remove(gone);
                inputs.remove(gone);
                replacedBy.put(gone, f.conv);
            }
        }
        for (List<String> in : inputs.values()) {
            in.replaceAll(name -> replacedBy.getOrDefault(name, name));
        }
        conf.setTopologicalOrder(null);
        conf.setTopologicalOrderStr(null);
        boolean nhwc = channelsLast && ChannelsLast.supported(conf);
        if (nhwc) {
            ChannelsLast.apply(conf);
        }
        conf.validate();

        ComputationGraph graph = OneDnnHelpers.build(helpers, () -> {
            ComputationGraph g = new ComputationGraph(conf);
            g.init();
            return g;
        });
        copyParameters(source, graph, folds);
        boolean chains = helpers && !nhwc && OneDnnHelpers.directActive() && DIRECT_CHAINS;
        return new Optimized(graph, folds.stream().map(f -> f.bn).toList(),
                folds.stream().filter(f -> f.relu != null).map(f -> f.relu).toList(),
                new int[] {before, graph.getVertices().length}, nhwc, chains ? new DirectChains() : null);
    }

    /** A convolution, the BatchNorm after it and optionally the ReLU after that. */
    private record Fold(String conv, String bn, String relu) {
        List<String> removed() {
            return relu == null ? List.of(bn) : List.of(bn, relu);
        }
    }

    private static Optional<Fold> findFold(ComputationGraphConfiguration conf, String bn) {
        Map<String, GraphVertex> vertices = conf.getVertices();
        if (!(layerOf(vertices.get(bn)) instanceof BatchNormalization norm)
                || norm.getCnn2DFormat() != CNN2DFormat.NCHW || hasPreProcessor(vertices.get(bn))) {
            return Optional.empty();
        }
        List<String> in = conf.getVertexInputs().get(bn);
        if (in == null || in.size() != 1 || !(layerOf(vertices.get(in.get(0))) instanceof ConvolutionLayer conv)
                || conv.getClass() != ConvolutionLayer.class || !isIdentity(conv.getActivationFn())
                || conv.getCnn2dDataFormat() != CNN2DFormat.NCHW || !onlyConsumer(conf, in.get(0), bn)) {
            return Optional.empty();
        }
        String relu = null;
        List<String> next = consumers(conf, bn);
        if (next.size() == 1 && !conf.getNetworkOutputs().contains(bn)
                && layerOf(vertices.get(next.get(0))) instanceof ActivationLayer act
                && DirectRelu.isPlain(act.getActivationFn())
                && !hasPreProcessor(vertices.get(next.get(0)))) {
            relu = next.get(0);
        }
        if (conf.getNetworkOutputs().contains(bn) || (relu != null && conf.getNetworkOutputs().contains(relu))) {
            return Optional.empty(); // keep output names as they are
        }
        return Optional.of(new Fold(in.get(0), bn, relu));
    }

    private static boolean onlyConsumer(ComputationGraphConfiguration conf, String producer, String consumer) {
        return !conf.getNetworkOutputs().contains(producer) && consumers(conf, producer).equals(List.of(consumer));
    }

    private static List<String> consumers(ComputationGraphConfiguration conf, String producer) {
        List<String> out = new ArrayList<>();
        conf.getVertexInputs().forEach((name, in) -> {
            for (String i : in) {
                if (i.equals(producer)) {
                    out.add(name);
                }
            }
        });
        return out;
    }

    private static void unwrapFrozen(Map<String, GraphVertex> vertices) {
        for (GraphVertex v : vertices.values()) {
            if (v instanceof LayerVertex lv) {
                org.deeplearning4j.nn.conf.layers.Layer l = lv.getLayerConf().getLayer();
                if (l instanceof FrozenLayer f) {
                    lv.getLayerConf().setLayer(f.getLayer());
                } else if (l instanceof FrozenLayerWithBackprop f) {
                    lv.getLayerConf().setLayer(f.getUnderlying());
                }
            }
        }
    }

    private static org.deeplearning4j.nn.conf.layers.Layer layerOf(GraphVertex v) {
        return v instanceof LayerVertex lv ? lv.getLayerConf().getLayer() : null;
    }

    private static boolean hasPreProcessor(GraphVertex v) {
        return v instanceof LayerVertex lv && lv.getPreProcessor() != null;
    }

    private static boolean isIdentity(IActivation a) {
        return a == null || a instanceof ActivationIdentity;
    }

    /** max(0, x) exactly: no leak, no cap, threshold 0. */
    /** Same parameters for every kept layer; folded weights and bias for every convolution that absorbed a BN. */
    private static void copyParameters(ComputationGraph source, ComputationGraph target, List<Fold> folds) {
        Map<String, Fold> byConv = new HashMap<>();
        folds.forEach(f -> byConv.put(f.conv, f));
        for (org.deeplearning4j.nn.graph.vertex.GraphVertex vertex : target.getVertices()) {
            if (!vertex.hasLayer()) {
                continue;
            }
            Layer layer = vertex.getLayer();
            String name = vertex.getVertexName();
            Fold fold = byConv.get(name);
            if (fold == null) {
                if (layer.numParams() > 0) {
                    layer.setParams(source.getLayer(name).params().dup());
                }
                continue;
            }
            Layer conv = source.getLayer(fold.conv);
            Layer bn = source.getLayer(fold.bn);
            INDArray[] wb = fold(conv, bn);
            layer.setParam(ConvolutionParamInitializer.WEIGHT_KEY, wb[0].castTo(layer.getParam(
                    ConvolutionParamInitializer.WEIGHT_KEY).dataType()));
            layer.setParam(ConvolutionParamInitializer.BIAS_KEY, wb[1].castTo(layer.getParam(
                    ConvolutionParamInitializer.BIAS_KEY).dataType()).reshape(layer.getParam(
                    ConvolutionParamInitializer.BIAS_KEY).shape()));
        }
    }

    /** {@code [W * s, b * s + beta - mean * s]} in double for a conv layer and the BatchNorm after it. */
    static INDArray[] fold(Layer conv, Layer bn) {
        INDArray w = conv.getParam(ConvolutionParamInitializer.WEIGHT_KEY).castTo(DataType.DOUBLE);
        long channels = w.size(0);
        INDArray b = conv.getParam(ConvolutionParamInitializer.BIAS_KEY);
        b = b == null ? Nd4j.zeros(DataType.DOUBLE, channels) : b.castTo(DataType.DOUBLE).reshape(channels);
        INDArray[] affine = batchNormAffine(bn);
        INDArray scale = affine[0];
        INDArray folded = w.mul(scale.reshape(channels, 1, 1, 1));
        INDArray bias = b.mul(scale).addi(affine[1]);
        return new INDArray[] {folded, bias};
    }

    /**
     * What a BatchNorm layer computes in inference, as a per-channel affine map {@code y = x * scale + shift}:
     * {@code [scale, shift]} in double with {@code scale = gamma / sqrt(var + eps)} and
     * {@code shift = beta - mean * scale} (DL4J 1.0.0-M2.1's inference arithmetic, including its {@code useLogStd}
     * variance).
     */
    public static INDArray[] batchNormAffine(Layer bn) {
        BatchNormalization conf = (BatchNormalization) bn.conf().getLayer();
        INDArray mean = bn.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).castTo(DataType.DOUBLE);
        long channels = mean.length();
        mean = mean.reshape(channels);
        INDArray gamma = conf.isLockGammaBeta() ? constant(channels, conf.getGamma())
                : bn.getParam(BatchNormalizationParamInitializer.GAMMA).castTo(DataType.DOUBLE).reshape(channels);
        INDArray beta = conf.isLockGammaBeta() ? constant(channels, conf.getBeta())
                : bn.getParam(BatchNormalizationParamInitializer.BETA).castTo(DataType.DOUBLE).reshape(channels);
        INDArray var;
        if (conf.isUseLogStd()) {
            // as DL4J's inference forward pass: var = (10^log10stdev)^2, then std = sqrt(var + eps)
            INDArray s = Transforms.pow(constant(channels, 10.0),
                    bn.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD).castTo(DataType.DOUBLE)
                            .reshape(channels), false);
            var = s.mul(s);
        } else {
            var = bn.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR).castTo(DataType.DOUBLE).reshape(channels);
        }
        INDArray std = Transforms.sqrt(var.add(conf.getEps()), false);
        INDArray scale = gamma.div(std);
        return new INDArray[] {scale, beta.sub(mean.mul(scale))};
    }

    private static INDArray constant(long n, double value) {
        return Nd4j.valueArrayOf(new long[] {n}, value, DataType.DOUBLE);
    }
}
