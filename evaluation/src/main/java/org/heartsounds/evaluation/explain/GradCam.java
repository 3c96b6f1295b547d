package org.heartsounds.evaluation.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heartsounds.core.BadInputException;
import org.heartsounds.trainer.backend.OneDnnHelpers;
import org.heartsounds.trainer.inference.InferenceGraphOptimizer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.image.ResizeBilinear;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Gradient-weighted class activation maps (Selvaraju et al. 2017, "Grad-CAM: visual explanations from deep networks
 * via gradient-based localization") for a DL4J {@link ComputationGraph} with one output. For a chosen vertex with
 * activations {@code A} of shape {@code [channels, h, w]} and a class {@code c} with pre-softmax score {@code y_c}:
 * {@code alpha_k = mean_ij dy_c/dA_kij}, map {@code = ReLU(sum_k alpha_k A_k)}, upsampled bilinearly (pixel centres
 * aligned) to the input's height and width.
 *
 * <p>Everything about the network is computed by DL4J: the activations by its forward pass and the gradients by its
 * backward pass ({@link ExplainableGraph}). What Grad-CAM needs that a trained classifier does not give is arranged
 * on a copy, which the source network never sees:
 * <ul>
 *   <li>the copy is the <b>inference-optimised graph</b> ({@link InferenceGraphOptimizer}, NCHW, without oneDNN
 *       helpers): BatchNorm folded into the convolutions on its running statistics. DL4J's BatchNorm backward pass
 *       differentiates the batch statistics of training mode, which is not the function that made the prediction;
 *       after folding, the forward pass is exactly inference and the backward pass is its exact derivative (a
 *       BatchNorm that follows no convolution becomes a 1x1 convolution with the same per-channel affine map);</li>
 *   <li>the output layer's softmax (and loss) is dropped, so the output is the class score {@code y_c} itself: the
 *       same weights in a dense layer with the identity activation, and the backward pass starts from the one-hot
 *       gradient {@code dy_c/dy = e_c}.</li>
 * </ul>
 * A vertex that the optimiser folded away (a BatchNorm, or a ReLU fused into its convolution) is explained at the
 * convolution that now computes the same activations. Default vertex: the last one whose activations are
 * four-dimensional (ResNet-18: {@code layer4.1.relu2}, the last residual block).
 *
 * <p>Not thread-safe (the copy holds the last pass); build one per thread.
 */
public final class GradCam {
    /** Examples per forward/backward pass. */
    static final int CHUNK = 16;

    private final ExplainableGraph graph;
    private final int numClasses;
    private final String requested;
    private String vertex;

    private GradCam(ExplainableGraph graph, int numClasses, String requested, String vertex) {
        this.graph = graph;
        this.numClasses = numClasses;
        this.requested = requested;
        this.vertex = vertex;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The vertex whose activations are explained, in the source network's names (null until the first pass). */
    public String layer() {
        return requested != null ? requested : vertex;
    }

    /** Number of classes (the output's width). */
    public int numClasses() {
        return numClasses;
    }

    /**
     * Maps for the class each example's network scores highest.
     *
     * @param input ImageNet-normalised NCHW images, as the network takes them
     */
    public List<ClassActivationMap> explainPredicted(INDArray input) {
        return explain(input, null);
    }

    /**
     * Maps for the given class of each example.
     *
     * @param input   ImageNet-normalised NCHW images {@code [n, 3, H, W]}
     * @param classes one class index per example, or null for each example's highest-scoring class
     */
    public List<ClassActivationMap> explain(INDArray input, int[] classes) {
        if (input.rank() != 4) {
            throw new IllegalArgumentException("input must be [n, channels, height, width], got "
                    + java.util.Arrays.toString(input.shape()));
        }
        int n = (int) input.size(0);
        if (classes != null && classes.length != n) {
            throw new IllegalArgumentException(classes.length + " classes for " + n + " examples");
        }
        List<ClassActivationMap> out = new ArrayList<>(n);
        for (int from = 0; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            INDArray part = input.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to))
                    .castTo(graph.params().dataType()).dup('c');
            int[] chunkClasses = classes == null ? null : java.util.Arrays.copyOfRange(classes, from, to);
            out.addAll(explainChunk(part, chunkClasses));
        }
        return out;
    }

    private List<ClassActivationMap> explainChunk(INDArray input, int[] classes) {
        int n = (int) input.size(0);
        int height = (int) input.size(2);
        int width = (int) input.size(3);
        Map<String, INDArray> activations = graph.forward(input);
        if (vertex == null) {
            vertex = lastSpatialVertex(activations);
        }
        String target = vertex;
        INDArray a = activations.get(target);
        if (a == null || a.rank() != 4) {
            throw new IllegalArgumentException("Grad-CAM needs a convolutional vertex with [batch, channels, height, "
                    + "width] activations; '" + layer(target) + "' gives "
                    + (a == null ? "none" : java.util.Arrays.toString(a.shape())));
        }
        String outName = graph.getConfiguration().getNetworkOutputs().get(0);
        INDArray scores = activations.get(outName).castTo(DataType.DOUBLE);
        int[] chosen = new int[n];
        INDArray eps = Nd4j.zeros(input.dataType(), n, numClasses);
        for (int i = 0; i < n; i++) {
            chosen[i] = classes != null ? classes[i] : scores.getRow(i).argMax().getInt(0);
            if (chosen[i] < 0 || chosen[i] >= numClasses) {
                throw new IllegalArgumentException("class " + chosen[i] + " outside 0.." + (numClasses - 1));
            }
            eps.putScalar(i, chosen[i], 1f);
        }
        INDArray grad = graph.gradientAt(target, eps).castTo(DataType.DOUBLE);
        INDArray act = a.castTo(DataType.DOUBLE);
        long channels = act.size(1);
        INDArray alpha = grad.mean(2, 3).reshape(n, channels, 1, 1);
        INDArray coarse = Transforms.relu(act.mul(alpha).sum(1), false); // [n, h, w]
        int h = (int) coarse.size(1);
        int w = (int) coarse.size(2);
        INDArray nhwc = coarse.castTo(DataType.FLOAT).reshape(n, h, w, 1).dup('c');
        INDArray up = Nd4j.create(DataType.FLOAT, n, height, width, 1);
        Nd4j.exec(new ResizeBilinear(nhwc, up, height, width, false, true));
        List<ClassActivationMap> maps = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[][] coarseMap = coarse.slice(i).castTo(DataType.FLOAT).toFloatMatrix();
            float[][] full = up.slice(i).reshape(height, width).toFloatMatrix();
            maps.add(ClassActivationMap.of(chosen[i], scores.getDouble(i, chosen[i]), coarseMap, full));
        }
        return maps;
    }

    private String layer(String target) {
        return requested != null ? requested : target;
    }

    /** The last vertex in topological order whose activations are 4-d (the input excluded). */
    private String lastSpatialVertex(Map<String, INDArray> activations) {
        String last = null;
        List<String> inputs = graph.getConfiguration().getNetworkInputs();
        for (String name : graph.getConfiguration().getTopologicalOrderStr()) {
            INDArray a = activations.get(name);
            if (!inputs.contains(name) && a != null && a.rank() == 4) {
                last = name;
            }
        }
        if (last == null) {
            throw new IllegalArgumentException("the network has no convolutional vertex to explain");
        }
        return last;
    }

    /** Builder: {@link #setNetwork} is required; {@link #optLayer} picks the vertex. */
    public static final class Builder {
        private ComputationGraph network;
        private String layer;
        private boolean helpers = true;

        private Builder() {
        }

        /** The trained network (left untouched). */
        public Builder setNetwork(ComputationGraph network) {
            this.network = Objects.requireNonNull(network, "network");
            return this;
        }

        /** Vertex whose activations are explained (default: the last one with 4-d activations). */
        public Builder optLayer(String layer) {
            this.layer = layer;
            return this;
        }

        /**
         * Whether the copy runs with DL4J's oneDNN layer helpers (default true: measured 49 against 157 ms per window
         * for ResNet-18 at 96 px on 2 cores; the maps agree to float rounding, {@code GradCamHelpersTest}).
         */
        public Builder optHelpers(boolean on) {
            this.helpers = on;
            return this;
        }

        public GradCam build() {
            if (network == null) {
                throw new IllegalStateException("setNetwork(...) is required");
            }
            ComputationGraphConfiguration sourceConf = network.getConfiguration();
            List<String> outputs = sourceConf.getNetworkOutputs();
            if (outputs.size() != 1) {
                throw new IllegalArgumentException("Grad-CAM needs a network with one output, got " + outputs);
            }
            if (layer != null && !sourceConf.getVertices().containsKey(layer)
                    && !sourceConf.getNetworkInputs().contains(layer)) {
                throw new BadInputException("--explain-layer", "the network has no vertex '" + layer + "'");
            }
            InferenceGraphOptimizer.Optimized optimized = InferenceGraphOptimizer.optimize(network, false, false);
            ComputationGraph folded = optimized.graph();
            ComputationGraphConfiguration conf = folded.getConfiguration().clone();
            String outName = outputs.get(0);
            int classes = scoresWithoutSoftmax(conf, outName);
            List<String> affine = batchNormAsAffine(conf);
            withoutDropout(conf);
            conf.setTrainingWorkspaceMode(WorkspaceMode.NONE);
            conf.setInferenceWorkspaceMode(WorkspaceMode.NONE);
            String vertex = layer == null ? null : foldedName(sourceConf, optimized, layer);
            ExplainableGraph copy = (ExplainableGraph) OneDnnHelpers.build(helpers, () -> {
                ExplainableGraph g = new ExplainableGraph(conf);
                g.init();
                return g;
            });
            for (org.deeplearning4j.nn.graph.vertex.GraphVertex v : copy.getVertices()) {
                if (v.hasLayer() && v.getLayer().numParams() > 0) {
                    Layer from = folded.getLayer(v.getVertexName());
                    if (!affine.contains(v.getVertexName())) {
                        v.getLayer().setParams(from.params().dup());
                    }
                }
            }
            setAffine(copy, folded, affine);
            return new GradCam(copy, classes, layer, vertex);
        }

        /**
         * Every BatchNorm that the optimiser could not fold into a convolution (one that does not directly follow
         * one, e.g. after a ReLU) becomes what it computes in inference, a per-channel affine map: a 1x1 convolution
         * with a diagonal weight matrix (on NCHW activations; a BatchNorm over dense activations is not supported).
         * In training mode DL4J's BatchNorm would use batch statistics. Returns the replaced vertices.
         */
        private static List<String> batchNormAsAffine(ComputationGraphConfiguration conf) {
            List<String> replaced = new ArrayList<>();
            for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
                if (e.getValue() instanceof LayerVertex lv
                        && lv.getLayerConf().getLayer() instanceof BatchNormalization bn) {
                    if (bn.getCnn2DFormat() != org.deeplearning4j.nn.conf.CNN2DFormat.NCHW) {
                        throw new IllegalArgumentException("Grad-CAM cannot explain this network: BatchNorm '"
                                + e.getKey() + "' runs on " + bn.getCnn2DFormat() + " activations");
                    }
                    long c = bn.getNOut();
                    lv.getLayerConf().setLayer(new ConvolutionLayer.Builder(1, 1).nIn(c).nOut(c).hasBias(true)
                            .activation(Activation.IDENTITY).convolutionMode(ConvolutionMode.Truncate)
                            .weightInit(org.deeplearning4j.nn.weights.WeightInit.ZERO).name(e.getKey()).build());
                    replaced.add(e.getKey());
                }
            }
            return replaced;
        }

        /** Parameters of the 1x1 convolutions that replace BatchNorm layers of {@code folded}. */
        private static void setAffine(ExplainableGraph copy, ComputationGraph folded, List<String> replaced) {
            for (String name : replaced) {
                INDArray[] affine = InferenceGraphOptimizer.batchNormAffine(folded.getLayer(name));
                long c = affine[0].length();
                Layer conv = copy.getLayer(name);
                INDArray w = Nd4j.diag(affine[0]).reshape(c, c, 1, 1);
                conv.setParam("W", w.castTo(conv.getParam("W").dataType()));
                conv.setParam("b", affine[1].reshape(conv.getParam("b").shape()).castTo(conv.getParam("b")
                        .dataType()));
            }
        }

        /** Dropout off everywhere: the copy runs DL4J's training-mode forward pass (see {@link ExplainableGraph}). */
        private static void withoutDropout(ComputationGraphConfiguration conf) {
            for (GraphVertex v : conf.getVertices().values()) {
                if (v instanceof LayerVertex lv) {
                    lv.getLayerConf().getLayer().setIDropout(null);
                }
            }
        }

        /** Replaces the output layer's configuration by a dense layer with the identity activation; its width. */
        private static int scoresWithoutSoftmax(ComputationGraphConfiguration conf, String outName) {
            GraphVertex v = conf.getVertices().get(outName);
            if (!(v instanceof LayerVertex lv) || !(lv.getLayerConf().getLayer() instanceof FeedForwardLayer ff)
                    || !(ff instanceof BaseOutputLayer || ff instanceof DenseLayer)) {
                throw new IllegalArgumentException("Grad-CAM needs a dense or output layer as the network's output; '"
                        + outName + "' is " + (v == null ? "missing" : v.getClass().getSimpleName()));
            }
            DenseLayer dense = new DenseLayer.Builder().nIn(ff.getNIn()).nOut(ff.getNOut())
                    .activation(Activation.IDENTITY).hasBias(ff instanceof BaseOutputLayer o ? o.hasBias()
                            : ((DenseLayer) ff).hasBias())
                    .weightInit(ff.getWeightInitFn()).updater(ff.getIUpdater()).name(outName).build();
            lv.getLayerConf().setLayer(dense);
            return (int) ff.getNOut();
        }

        /** The vertex of the optimised graph that computes {@code name}'s activations of the source network. */
        private static String foldedName(ComputationGraphConfiguration source, InferenceGraphOptimizer.Optimized opt,
                                         String name) {
            if (opt.fusedReLUs().contains(name)) {
                String bn = source.getVertexInputs().get(name).get(0);
                return source.getVertexInputs().get(bn).get(0);
            }
            if (opt.folded().contains(name)) {
                boolean reluFused = opt.fusedReLUs().stream()
                        .anyMatch(r -> source.getVertexInputs().get(r).get(0).equals(name));
                if (reluFused) {
                    throw new BadInputException("--explain-layer", "'" + name + "' was folded into its convolution "
                            + "together with the ReLU after it; explain that ReLU instead");
                }
                return source.getVertexInputs().get(name).get(0);
            }
            return name;
        }
    }
}
