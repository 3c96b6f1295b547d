package org.heartsounds.trainer.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.heartsounds.trainer.backend.OneDnnHelpers;
import org.heartsounds.trainer.imports.OnnxGraphImporter;
import org.heartsounds.trainer.model.ResNet18;
import org.heartsounds.trainer.testing.ModelFixtures;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The inference graph computes what the trained graph computes (to 1e-5) with BatchNorm folded away and NHWC
 * activations, for ResNet-18 with non-trivial BatchNorm statistics (helpers on and off, NHWC and NCHW, frozen
 * layers), for DL4J's log-std and locked-gamma BatchNorm variants, for a graph that must stay NCHW, and for the
 * shared torchvision ResNet-18 against the plain import and PyTorch's logits.
 */
class InferenceGraphOptimizerTest {
    /** The "tuned path equals the plain path" tolerance on outputs. */
    private static final double TOLERANCE = 1e-5;

    @BeforeAll
    static void singleThread() {
        Nd4jThreads.single();
    }

    @Test
    void resNet18FoldsEveryBatchNormAndKeepsItsOutputs() {
        for (boolean helpers : new boolean[] {false, true}) {
            ComputationGraph source = OneDnnHelpers.build(helpers, () -> ResNet18.builder().setNumClasses(5)
                    .optInputSize(32).optSeed(7).build());
            randomiseBatchNorm(source, 11);
            INDArray before = source.params().dup();
            InferenceGraphOptimizer.Optimized o = InferenceGraphOptimizer.optimize(source, helpers);

            assertEquals(20, o.folded().size(), "ResNet-18 has 20 conv+BN pairs");
            assertEquals(9, o.fusedReLUs().size(), "stem + 8 block ReLUs follow a BN directly");
            assertEquals(o.vertexCount()[0] - 29, o.vertexCount()[1]);
            assertEquals(0, Arrays.stream(o.graph().getLayers())
                    .filter(l -> l instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization).count());
            assertEquals(source.params(), before, "the source graph is untouched");
            boolean direct = helpers && OneDnnHelpers.directActive();
            assertEquals(!direct, o.channelsLast(), "NCHW exactly when the direct helpers run: " + o.summary());
            assertTrue(o.summary().endsWith(direct ? "; NCHW" : "; NHWC"), o.summary());
            if (helpers && OneDnnHelpers.oneDnnAvailable()) {
                assertEquals(21, OneDnnHelpers.active(o.graph()).count(), "20 convs + max pool keep their helper");
            }
            INDArray x = input(3, 32, 5);
            INDArray expected = source.outputSingle(false, x);
            assertClose(expected, o.output(x));
            InferenceGraphOptimizer.Optimized nchw = InferenceGraphOptimizer.optimize(source, helpers, false);
            assertFalse(nchw.channelsLast());
            assertClose(expected, nchw.output(x));
            assertClose(expected, nchw.graph().outputSingle(false, x));
            InferenceGraphOptimizer.Optimized nhwc = InferenceGraphOptimizer.optimize(source, helpers, true);
            assertTrue(nhwc.channelsLast());
            assertClose(expected, nhwc.output(x));
        }
    }

    /** A dense layer reading a feature map (flatten pre-processor) pins the channel order: NCHW is kept. */
    @Test
    void aFlattenedFeatureMapKeepsChannelsFirst() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(2).dataType(DataType.FLOAT)
                .activation(Activation.IDENTITY).convolutionMode(ConvolutionMode.Same).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(6, 6, 3))
                .addLayer("c", conv(3, 4, false), "in")
                .addLayer("b", new BatchNormalization.Builder().build(), "c")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "b")
                .setOutputs("out").build();
        ComputationGraph source = new ComputationGraph(conf);
        source.init();
        randomiseBatchNorm(source, 5);
        InferenceGraphOptimizer.Optimized o = InferenceGraphOptimizer.optimize(source, false);
        assertEquals(List.of("b"), o.folded());
        assertFalse(o.channelsLast(), o.summary());
        INDArray x = input(2, 6, 9);
        assertClose(source.outputSingle(false, x), o.output(x));
        assertClose(source.outputSingle(false, x), o.graph().outputSingle(false, x));
    }

    @Test
    void frozenLayersAreUnwrappedAndFolded() {
        ComputationGraph trained = ResNet18.builder().setNumClasses(5).optInputSize(32).optSeed(3).build();
        randomiseBatchNorm(trained, 4);
        ComputationGraph frozen = new TransferLearning.GraphBuilder(trained).setFeatureExtractor("layer2.1.relu2")
                .build();
        InferenceGraphOptimizer.Optimized o = InferenceGraphOptimizer.optimize(frozen, false);
        assertEquals(20, o.folded().size());
        assertFalse(Arrays.stream(o.graph().getLayers())
                .anyMatch(l -> l instanceof org.deeplearning4j.nn.layers.FrozenLayer));
        INDArray x = input(2, 32, 6);
        assertClose(frozen.outputSingle(false, x), o.output(x));
    }

    /**
     * conv(bias) -> BN(log-std) -> ReLU -> conv -> BN(locked gamma/beta, tanh) -> add(with a conv also read
     * elsewhere) -> pooling -> softmax: two folds, one fused ReLU, the shared conv left alone.
     */
    @Test
    void logStdLockedGammaAndSharedConvolutions() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                .activation(Activation.IDENTITY)
                .convolutionMode(ConvolutionMode.Same).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(12, 12, 3))
                .addLayer("c1", conv(3, 6, true), "in")
                .addLayer("b1", new BatchNormalization.Builder().useLogStd(true).eps(1e-3).build(), "c1")
                .addLayer("r1", new ActivationLayer.Builder().activation(Activation.RELU).build(), "b1")
                .addLayer("c2", conv(6, 6, false), "r1")
                .addLayer("b2", new BatchNormalization.Builder().lockGammaBeta(true).gamma(1.7).beta(-0.3)
                        .useLogStd(false).activation(Activation.TANH).build(), "c2")
                .addLayer("c3", conv(6, 6, false), "r1")
                .addLayer("b3", new BatchNormalization.Builder().build(), "c3")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "b2", "b3", "c3")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "add")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out").build();
        ComputationGraph source = new ComputationGraph(conf);
        source.init();
        randomiseBatchNorm(source, 21);
        source.getLayer("c1").setParam("b", Nd4j.rand(DataType.FLOAT, 1, 6).subi(0.5));

        InferenceGraphOptimizer.Optimized o = InferenceGraphOptimizer.optimize(source, false);
        assertEquals(List.of("b1", "b2"), o.folded());
        assertEquals(List.of("r1"), o.fusedReLUs());
        assertTrue(o.channelsLast());
        ComputationGraph g = o.graph();
        assertTrue(g.getLayer("c1").conf().getLayer() instanceof ConvolutionLayer c && c.hasBias()
                && c.getActivationFn() instanceof ActivationReLU);
        assertTrue(g.getLayer("c2").conf().getLayer() instanceof ConvolutionLayer c
                && c.getActivationFn() instanceof org.nd4j.linalg.activations.impl.ActivationIdentity,
                "DL4J never applies a BatchNormalization's activation; neither does the fold");
        assertEquals(List.of("c2", "b3", "c3"), inputsOf(g, "add"), "b2's consumer now reads c2");
        assertTrue(g.getVertex("b3") != null && g.getVertex("c3") != null, "c3 feeds two vertices: not folded");
        assertEquals(List.of("c1"), inputsOf(g, "c3"));
        INDArray x = input(4, 12, 8);
        assertClose(source.outputSingle(false, x), o.output(x));
    }

    /** The shared torchvision ResNet-18 (1000 logits): tuned equals the plain import, and both equal PyTorch. */
    @Test
    void sharedTorchvisionResNet18() {
        Path models = ModelFixtures.modelsDir();
        ComputationGraph plain = OneDnnHelpers.build(true, () -> OnnxGraphImporter
                .importFile(models.resolve("resnet18-torchvision-random.onnx")).graph());
        InferenceGraphOptimizer.Optimized o = InferenceGraphOptimizer.optimize(plain, true);
        assertEquals(20, o.folded().size());
        INDArray x = ModelFixtures.example(ModelFixtures.npy(models.resolve("input-2x3x224x224.npy")), 0);
        INDArray expected = ModelFixtures.example(ModelFixtures.npy(
                models.resolve("resnet18-torchvision-random.logits.npy")), 0);
        INDArray p = plain.outputSingle(false, x);
        INDArray t = o.output(x);
        assertClose(p, t);
        ModelFixtures.assertMatches(expected, t);
    }

    private static ConvolutionLayer conv(int in, int out, boolean bias) {
        return new ConvolutionLayer.Builder(3, 3).nIn(in).nOut(out).hasBias(bias).activation(Activation.IDENTITY)
                .build();
    }

    private static List<String> inputsOf(ComputationGraph g, String vertex) {
        return g.getConfiguration().getVertexInputs().get(vertex);
    }

    /** Gamma in [0.5, 1.5], beta and mean in [-0.5, 0.5], variance (or log10 std) away from the defaults. */
    private static void randomiseBatchNorm(ComputationGraph graph, long seed) {
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        for (GraphVertex v : graph.getVertices()) {
            if (!v.hasLayer()) {
                continue;
            }
            Layer layer = v.getLayer();
            org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
            if (conf instanceof org.deeplearning4j.nn.conf.layers.misc.FrozenLayer f) {
                conf = f.getLayer();
            }
            if (!(conf instanceof BatchNormalization bn)) {
                continue;
            }
            set(layer, BatchNormalizationParamInitializer.GLOBAL_MEAN, rng, -0.5, 0.5);
            if (bn.isUseLogStd()) {
                set(layer, BatchNormalizationParamInitializer.GLOBAL_LOG_STD, rng, -0.4, 0.3);
            } else {
                set(layer, BatchNormalizationParamInitializer.GLOBAL_VAR, rng, 0.2, 2.0);
            }
            if (!bn.isLockGammaBeta()) {
                set(layer, BatchNormalizationParamInitializer.GAMMA, rng, 0.5, 1.5);
                set(layer, BatchNormalizationParamInitializer.BETA, rng, -0.5, 0.5);
            }
        }
    }

    private static void set(Layer layer, String key, Random rng, double lo, double hi) {
        INDArray p = layer.getParam(key);
        INDArray v = Nd4j.rand(Nd4j.createUninitialized(p.dataType(), p.shape()), rng).muli(hi - lo).addi(lo);
        layer.setParam(key, v);
    }

    private static INDArray input(int batch, int size, long seed) {
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        return Nd4j.randn(Nd4j.createUninitialized(DataType.FLOAT, batch, 3, size, size), rng);
    }

    private static void assertClose(INDArray expected, INDArray actual) {
        assertArrayEquals(expected.shape(), actual.shape());
        double diff = Transforms.abs(expected.sub(actual)).maxNumber().doubleValue();
        assertTrue(diff <= TOLERANCE, "max |tuned - plain| = " + diff + " > " + TOLERANCE);
        assertTrue(expected.stdNumber().doubleValue() > 0, "outputs must vary to mean anything");
    }
}
