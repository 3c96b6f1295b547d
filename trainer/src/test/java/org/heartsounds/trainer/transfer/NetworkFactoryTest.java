package org.heartsounds.trainer.transfer;

import static org.heartsounds.trainer.imports.OnnxModels.floats;
import static org.heartsounds.trainer.imports.OnnxModels.integer;
import static org.heartsounds.trainer.imports.OnnxModels.ints;
import static org.heartsounds.trainer.imports.OnnxModels.node;
import static org.heartsounds.trainer.imports.OnnxModels.real;
import static org.heartsounds.trainer.imports.OnnxModels.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.transferlearning.TransferLearningHelper;
import org.deeplearning4j.util.ModelSerializer;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.TrainSpec;
import org.heartsounds.trainer.imports.ImportedOnnxGraph;
import org.heartsounds.trainer.imports.OnnxGraphImporter;
import org.heartsounds.trainer.imports.OnnxModels;
import org.heartsounds.trainer.imports.PyTorchCheckpointReader;
import org.heartsounds.trainer.model.ResNet18;
import org.heartsounds.trainer.testing.ModelFixtures;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.heartsounds.trainer.weights.WeightsCache;
import org.heartsounds.trainer.weights.WeightsCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/** Base, head, updater and freeze policy of the network a training run fits. */
class NetworkFactoryTest {
    private static final int SIZE = ResNet18.MIN_INPUT_SIZE;
    private static final Function<String, Path> NO_CATALOGUE = name -> {
        throw new AssertionError("catalogue consulted for " + name);
    };

    @TempDir
    Path tmp;

    @BeforeAll
    static void oneThread() {
        Nd4jThreads.single();
    }

    private static TrainSpec spec(TrainSpec.Optimizer optimizer, TrainSpec.Freeze freeze, String pretrained) {
        return new TrainSpec("o", 4, 8, optimizer, 1e-2, 0.9, 1e-4, TrainSpec.Schedule.COSINE, 1, freeze, pretrained,
                null, null, null, 0, false, 64, null);
    }

    private static NetworkFactory.Network create(TrainSpec spec, int classes, Function<String, Path> catalogue) {
        return new NetworkFactory(spec, classes, SIZE, SIZE, 11, catalogue).create(5);
    }

    @Test
    void fromScratchHasAnNClassSoftmaxHeadAndTheRecipesUpdater() {
        NetworkFactory.Network n = create(spec(TrainSpec.Optimizer.SGD, TrainSpec.Freeze.NONE, "none"), 3,
                NO_CATALOGUE);
        ComputationGraph g = n.graph();
        assertNull(n.frozenAt());
        assertTrue(n.source().contains("random") && n.source().contains("11"), n.source());
        OutputLayer head = assertInstanceOf(OutputLayer.class, g.getLayer(ResNet18.HEAD).conf().getLayer());
        assertEquals(3, head.getNOut());
        assertEquals(ResNet18.FEATURES, head.getNIn());
        assertEquals(Activation.SOFTMAX.getActivationFunction(), head.getActivationFn());
        assertInstanceOf(LossMCXENT.class, head.getLossFn());
        Nesterovs sgd = assertInstanceOf(Nesterovs.class, head.getIUpdater());
        assertEquals(0.9, sgd.getMomentum(), 1e-12);
        assertEquals(1e-2 / 5, g.getLearningRate(ResNet18.HEAD), 1e-12, "first warm-up step of 1 epoch x 5 batches");
        INDArray out = g.outputSingle(false, Nd4j.rand(DataType.FLOAT, 2, 3, SIZE, SIZE));
        assertArrayEquals(new long[] {2, 3}, out.shape());
        assertEquals(1.0, out.sum(1).getDouble(0), 1e-5);
        // the seed fixes the initialisation
        ComputationGraph again = create(spec(TrainSpec.Optimizer.ADAM, TrainSpec.Freeze.NONE, "none"), 3,
                NO_CATALOGUE).graph();
        assertInstanceOf(Adam.class, ((OutputLayer) again.getLayer(ResNet18.HEAD).conf().getLayer()).getIUpdater());
        assertEquals(g.params(), again.params());
    }

    @Test
    void freezeLayer2FreezesEveryLayerUpToItAndNothingAfter() {
        NetworkFactory.Network n = create(spec(TrainSpec.Optimizer.ADAM, TrainSpec.Freeze.LAYER2, "none"), 5,
                NO_CATALOGUE);
        assertEquals("layer2.1.relu2", n.frozenAt());
        ComputationGraph g = n.graph();
        Set<String> upToFreeze = ancestorsAndSelf(g, "layer2.1.relu2");
        assertTrue(upToFreeze.containsAll(List.of("conv1", "bn1", "maxpool", "layer1.0.conv1", "layer2.1.bn2",
                "layer2.0.downsample.0")), upToFreeze.toString());
        Map<String, INDArray> before = new HashMap<>();
        int frozen = 0;
        for (GraphVertex v : g.getVertices()) {
            if (!v.hasLayer()) {
                continue;
            }
            Layer l = v.getLayer();
            boolean isFrozen = l instanceof FrozenLayer || l instanceof FrozenLayerWithBackprop;
            assertEquals(upToFreeze.contains(v.getVertexName()), isFrozen, v.getVertexName() + " frozen?");
            frozen += isFrozen ? 1 : 0;
            if (l.numParams() > 0) {
                before.put(v.getVertexName(), l.params().dup());
            }
        }
        assertTrue(frozen >= 20, "stem, layer1 and layer2 hold at least 20 layers, got " + frozen);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3, SIZE, SIZE);
        INDArray y = Nd4j.eye(5).getRows(0, 1, 2, 3).castTo(DataType.FLOAT);
        g.fit(new DataSet(x, y));
        for (Map.Entry<String, INDArray> e : before.entrySet()) {
            INDArray after = g.getLayer(e.getKey()).params();
            if (upToFreeze.contains(e.getKey())) {
                assertEquals(e.getValue(), after, e.getKey() + " is frozen: unchanged by fit");
            }
        }
        for (String trained : List.of("layer3.0.conv1", "layer3.1.bn2", "layer4.0.conv2", ResNet18.HEAD)) {
            assertNotEquals(before.get(trained), g.getLayer(trained).params(), trained + " trains");
        }
    }

    @Test
    void freezeLayer4FreezesTheWholeTrunk() {
        ComputationGraph g = create(spec(TrainSpec.Optimizer.ADAM, TrainSpec.Freeze.LAYER4, "none"), 5, NO_CATALOGUE)
                .graph();
        for (GraphVertex v : g.getVertices()) {
            if (v.hasLayer()) {
                boolean isFrozen = v.getLayer() instanceof FrozenLayer || v.getLayer() instanceof FrozenLayerWithBackprop;
                assertEquals(!v.getVertexName().equals(ResNet18.HEAD), isFrozen, v.getVertexName());
            }
        }
        assertTrue(FreezePoint.allBelowHead(TrainSpec.Freeze.LAYER4));
        assertEquals("maxpool", FreezePoint.vertexOf(TrainSpec.Freeze.STEM));
        assertNull(FreezePoint.vertexOf(TrainSpec.Freeze.NONE));
    }

    @Test
    void pretrainedPthGivesTheCheckpointsTrunkWeights() {
        Path pth = ModelFixtures.modelsDir().resolve("resnet18-torchvision-random.pth");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(pth), "no " + pth);
        NetworkFactory.Network n = create(spec(TrainSpec.Optimizer.ADAM, TrainSpec.Freeze.NONE, pth.toString()), 5,
                NO_CATALOGUE);
        Map<String, INDArray> sd = new PyTorchCheckpointReader().readStateDict(pth);
        ComputationGraph g = n.graph();
        assertEquals(pth.toString(), n.source());
        assertEquals(sd.get("conv1.weight").castTo(DataType.FLOAT), g.getLayer("conv1").getParam("W"));
        assertEquals(sd.get("layer3.1.conv2.weight").castTo(DataType.FLOAT), g.getLayer("layer3.1.conv2").getParam("W"));
        OutputLayer head = (OutputLayer) g.getLayer(ResNet18.HEAD).conf().getLayer();
        assertEquals(5, head.getNOut(), "the 1000-class head of the checkpoint is not used for 5 classes");
    }

    /**
     * A heartsounds model.zip (or its run folder) as train.pretrained: every trunk weight and BatchNorm statistic
     * carried over; the head kept for the same number of classes, a new one for another number.
     */
    @Test
    void aHeartsoundsModelZipOrRunFolderIsAPretrainedBase() throws IOException {
        ComputationGraph earlier = create(spec(TrainSpec.Optimizer.ADAM, TrainSpec.Freeze.NONE, "none"), 5,
                NO_CATALOGUE).graph();
        earlier.getLayer("layer2.0.bn1").setParam("mean", earlier.getLayer("layer2.0.bn1").getParam("mean").add(0.25));
        Path run = Files.createDirectories(tmp.resolve("earlier-run"));
        org.deeplearning4j.util.ModelSerializer.writeModel(earlier, run.resolve("model.zip").toFile(), false);

        ComputationGraph three = create(spec(TrainSpec.Optimizer.ADAM, TrainSpec.Freeze.LAYER3, run.toString()), 3,
                NO_CATALOGUE).graph();
        for (String layer : new String[] {"conv1", "layer1.0.conv1", "layer4.1.conv2"}) {
            assertEquals(earlier.getLayer(layer).getParam("W"), three.getLayer(layer).getParam("W"), layer);
        }
        assertEquals(earlier.getLayer("layer2.0.bn1").getParam("mean"), three.getLayer("layer2.0.bn1").getParam("mean"));
        assertEquals(3, ((OutputLayer) three.getLayer(ResNet18.HEAD).conf().getLayer()).getNOut());
        assertTrue(three.getLayer("layer3.1.conv2") instanceof org.deeplearning4j.nn.layers.FrozenLayer,
                "freeze policies apply to it");

        NetworkFactory.Network five = create(spec(TrainSpec.Optimizer.ADAM, TrainSpec.Freeze.NONE,
                run.resolve("model.zip").toString()), 5, NO_CATALOGUE);
        assertEquals(run.resolve("model.zip").toString(), five.source());
        assertEquals(earlier.getLayer(ResNet18.HEAD).getParam("W"), five.graph().getLayer(ResNet18.HEAD).getParam("W"),
                "same number of classes: the head is kept");

        Path notAModel = tmp.resolve("other.zip");
        Files.write(notAModel, new byte[] {'P', 'K', 3, 4, 0, 0});
        BadInputException bad = assertThrows(BadInputException.class, () -> create(spec(TrainSpec.Optimizer.ADAM,
                TrainSpec.Freeze.NONE, notAModel.toString()), 3, NO_CATALOGUE));
        assertTrue(bad.getMessage().contains("other.zip") && bad.getMessage().contains("is not a DL4J model zip"),
                bad.getMessage());
    }

    @Test
    void pretrainedJetsonOnnxKeepsItsFiveClassHeadAsASoftmaxOutputLayerNamedFc() {
        Path onnx = ModelFixtures.modelsDir().resolve("resnet18-jetson-5class.onnx");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(onnx), "no " + onnx);
        NetworkFactory.Network n = create(spec(TrainSpec.Optimizer.ADAM, TrainSpec.Freeze.LAYER3, onnx.toString()), 5,
                NO_CATALOGUE);
        ComputationGraph g = n.graph();
        OutputLayer head = assertInstanceOf(OutputLayer.class, g.getLayer(ResNet18.HEAD).conf().getLayer());
        assertEquals(5, head.getNOut());
        assertEquals(Activation.SOFTMAX.getActivationFunction(), head.getActivationFn());
        assertEquals(List.of(ResNet18.HEAD), g.getConfiguration().getNetworkOutputs());
        ImportedOnnxGraph imported = OnnxGraphImporter.builder().optInputSize(SIZE, SIZE).build().importGraph(onnx);
        ComputationGraph original = imported.graph();
        assertEquals(original.getLayer("fc").getParam("W"), g.getLayer(ResNet18.HEAD).getParam("W"), "head kept");
        assertEquals(original.getLayer("fc").getParam("b"), g.getLayer(ResNet18.HEAD).getParam("b"));
        assertEquals(original.getLayer("conv1").getParam("W"), g.getLayer("conv1").getParam("W"));
        assertEquals("layer3.1.relu2", n.frozenAt());
        assertInstanceOf(FrozenLayer.class, g.getLayer("layer3.1.conv2"));
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 3, SIZE, SIZE);
        assertEquals(original.outputSingle(false, x), g.outputSingle(false, x), "same network, same output");
        // with another class count the head is replaced and re-initialised
        ComputationGraph three = create(spec(TrainSpec.Optimizer.ADAM, TrainSpec.Freeze.NONE, onnx.toString()), 3,
                NO_CATALOGUE).graph();
        assertArrayEquals(new long[] {512, 3}, three.getLayer(ResNet18.HEAD).getParam("W").shape());
    }

    /** Conv 1x1 (3->2) -> Relu -> GlobalAveragePool -> Flatten -> Gemm (2->4): a CNN that is not ResNet-18. */
    private Path smallOnnx() throws IOException {
        float[] w = {0.5f, -0.25f, 1f, -1f, 0.75f, 0.1f};
        float[] gw = {1, 2, 3, 4, 5, 6, 7, 8};
        List<onnx.Onnx.NodeProto> nodes = List.of(
                node("Conv", "conv", List.of("x", "w"), "c", ints("kernel_shape", 1, 1)),
                node("Relu", "relu", List.of("c"), "r"),
                node("GlobalAveragePool", "gap", List.of("r"), "g"),
                node("Flatten", "flatten", List.of("g"), "f", integer("axis", 1)),
                node("Gemm", "head", List.of("f", "gw"), "y", real("alpha", 1f), real("beta", 1f),
                        integer("transB", 1)));
        return Files.write(tmp.resolve("small.onnx"), OnnxModels.model(13, value("x", "N", 3L, "H", "W"),
                value("y", "N", 4L), List.of(floats("w", new long[] {2, 3, 1, 1}, w),
                        floats("gw", new long[] {4, 2}, gw)), nodes));
    }

    @Test
    void anOnnxCnnGetsANewHeadButCannotBeFrozenByResNetStage() throws IOException {
        Path onnx = smallOnnx();
        NetworkFactory.Network n = create(spec(TrainSpec.Optimizer.ADAM, TrainSpec.Freeze.NONE, onnx.toString()), 3,
                NO_CATALOGUE);
        OutputLayer head = assertInstanceOf(OutputLayer.class, n.graph().getLayer(ResNet18.HEAD).conf().getLayer());
        assertEquals(2, head.getNIn());
        assertEquals(3, head.getNOut());
        INDArray out = n.graph().outputSingle(false, Nd4j.rand(DataType.FLOAT, 2, 3, SIZE, SIZE));
        assertArrayEquals(new long[] {2, 3}, out.shape());
        assertEquals(1.0, out.sum(1).getDouble(1), 1e-5);
        BadInputException e = assertThrows(BadInputException.class, () -> create(
                spec(TrainSpec.Optimizer.ADAM, TrainSpec.Freeze.LAYER2, onnx.toString()), 3, NO_CATALOGUE));
        assertTrue(e.getMessage().contains("small.onnx") && e.getMessage().contains("layer2")
                && e.getMessage().contains("ResNet-18"), e.getMessage());
    }

    /** The class weights of the head's {@code LossMCXENT}, or null when it is unweighted. */
    private static double[] headLossWeights(ComputationGraph g) {
        OutputLayer head = assertInstanceOf(OutputLayer.class, g.getLayer(ResNet18.HEAD).conf().getLayer());
        LossMCXENT loss = assertInstanceOf(LossMCXENT.class, head.getLossFn());
        return loss.getWeights() == null ? null : loss.getWeights().toDoubleVector();
    }

    private static NetworkFactory.Network createWeighted(TrainSpec spec, int classes, double[] weights) {
        return new NetworkFactory(spec, classes, SIZE, SIZE, 11, NO_CATALOGUE).withClassWeights(weights).create(5);
    }

    @Test
    void classWeightsGiveEveryBaseTheSameWeightedHeadAndACheckpointKeepsIt() throws IOException {
        double[] w = {0.5, 2, 4};
        TrainSpec scratch = spec(TrainSpec.Optimizer.ADAM, TrainSpec.Freeze.NONE, "none");
        ComputationGraph plain = create(scratch, 3, NO_CATALOGUE).graph();
        ComputationGraph weighted = createWeighted(scratch, 3, w).graph();
        assertNull(headLossWeights(plain), "class_weights none: plain cross-entropy");
        assertArrayEquals(w, headLossWeights(weighted), 0.0);
        assertEquals(plain.params(), weighted.params(), "the same initialisation; only the loss differs");
        assertEquals(List.of(ResNet18.HEAD), weighted.getConfiguration().getNetworkOutputs());
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, SIZE, SIZE);
        assertEquals(plain.outputSingle(false, x), weighted.outputSingle(false, x));
        INDArray y = Nd4j.createFromArray(new float[][] {{0, 1, 0}, {0, 0, 1}});
        INDArray p = plain.outputSingle(false, x);
        double l0 = -Math.log(p.getDouble(0, 1));
        double l1 = -Math.log(p.getDouble(1, 2));
        // DL4J's score adds the same weight-decay term to both: compare the difference
        assertEquals((2 * l0 + 4 * l1) / 2 - (l0 + l1) / 2,
                weighted.score(new DataSet(x, y)) - plain.score(new DataSet(x, y)), 1e-4,
                "examples of classes 1 and 2 weigh 2 and 4 in the network's score");

        // a checkpoint (what a resumed run restores) stores the loss in its configuration
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(weighted, bytes, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(
                new ByteArrayInputStream(bytes.toByteArray()), true);
        assertArrayEquals(w, headLossWeights(restored), 0.0);

        // the frozen trunk's head-only graph that a layer4 run trains on features
        ComputationGraph frozen = createWeighted(spec(TrainSpec.Optimizer.ADAM, TrainSpec.Freeze.LAYER4, "none"), 3,
                w).graph();
        assertArrayEquals(w, headLossWeights(frozen), 0.0);
        assertArrayEquals(w, headLossWeights(new TransferLearningHelper(frozen).unfrozenGraph()), 0.0);

        // a pretrained ONNX network
        ComputationGraph onnx = createWeighted(spec(TrainSpec.Optimizer.ADAM, TrainSpec.Freeze.NONE,
                smallOnnx().toString()), 3, w).graph();
        assertArrayEquals(w, headLossWeights(onnx), 0.0);
        assertNull(headLossWeights(create(spec(TrainSpec.Optimizer.ADAM, TrainSpec.Freeze.NONE,
                smallOnnx().toString()), 3, NO_CATALOGUE).graph()));

        // a torchvision checkpoint, when the shared fixture is there
        Path pth = ModelFixtures.modelsDir().resolve("resnet18-torchvision-random.pth");
        if (Files.isRegularFile(pth)) {
            ComputationGraph torch = createWeighted(spec(TrainSpec.Optimizer.ADAM, TrainSpec.Freeze.NONE,
                    pth.toString()), 3, w).graph();
            assertArrayEquals(w, headLossWeights(torch), 0.0);
            assertEquals(create(spec(TrainSpec.Optimizer.ADAM, TrainSpec.Freeze.NONE, pth.toString()), 3,
                    NO_CATALOGUE).graph().params(), torch.params());
        }
        assertThrows(IllegalArgumentException.class, () -> createWeighted(scratch, 3, new double[] {1, 2}));
    }

    @Test
    void unknownOrMissingWeightsAreBadInput() throws IOException {
        WeightsCache cache = new WeightsCache(tmp.resolve("cache"), WeightsCatalog.builtIn());
        BadInputException unknown = assertThrows(BadInputException.class, () -> create(
                spec(TrainSpec.Optimizer.ADAM, TrainSpec.Freeze.NONE, "resnet99-nowhere"), 5, cache::resolve));
        assertTrue(unknown.getMessage().contains("resnet99-nowhere") && unknown.getMessage().contains("unknown")
                && unknown.getMessage().contains(WeightsCatalog.RESNET18_IMAGENET), unknown.getMessage());
        BadInputException notCached = assertThrows(BadInputException.class, () -> create(
                spec(TrainSpec.Optimizer.ADAM, TrainSpec.Freeze.NONE, WeightsCatalog.RESNET18_IMAGENET), 5,
                cache::resolve));
        assertTrue(notCached.getMessage().contains("weights fetch"), notCached.getMessage());
        Path missing = tmp.resolve("missing.pth");
        BadInputException noFile = assertThrows(BadInputException.class, () -> create(
                spec(TrainSpec.Optimizer.ADAM, TrainSpec.Freeze.NONE, missing.toString()), 5, NO_CATALOGUE));
        assertTrue(noFile.getMessage().contains("missing.pth") && noFile.getMessage().contains("not found"),
                noFile.getMessage());
        Path odd = Files.writeString(tmp.resolve("weights.bin"), "x");
        BadInputException format = assertThrows(BadInputException.class, () -> create(
                spec(TrainSpec.Optimizer.ADAM, TrainSpec.Freeze.NONE, odd.toString()), 5, NO_CATALOGUE));
        assertTrue(format.getMessage().contains("weights.bin") && format.getMessage().contains("unknown weights format"),
                format.getMessage());
    }

    private static Set<String> ancestorsAndSelf(ComputationGraph g, String vertex) {
        Map<String, List<String>> inputs = g.getConfiguration().getVertexInputs();
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(vertex));
        while (!todo.isEmpty()) {
            String v = todo.pop();
            if (seen.add(v) && inputs.containsKey(v)) {
                todo.addAll(inputs.get(v));
            }
        }
        return seen;
    }
}
