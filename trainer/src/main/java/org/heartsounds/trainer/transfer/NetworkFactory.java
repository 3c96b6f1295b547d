package org.heartsounds.trainer.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.TrainSpec;
import org.heartsounds.trainer.imports.ImportedOnnxGraph;
import org.heartsounds.trainer.imports.OnnxGraphImporter;
import org.heartsounds.trainer.imports.TorchvisionWeightMapper;
import org.heartsounds.trainer.model.ResNet18;
import org.heartsounds.trainer.model.TorchCompatibleLayers;
import org.heartsounds.trainer.train.LearningRateSchedule;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * Builds the network a training run fits, with DL4J's {@link TransferLearning} API:
 * <ol>
 *   <li>the base: {@link ResNet18} with random weights ({@code pretrained: none}), with a torchvision / jetson-inference
 *       checkpoint's weights ({@code .pth}, {@code .pth.tar}, a catalogue name), or any CNN from an ONNX file;</li>
 *   <li>the head: an N-class softmax {@code OutputLayer} named {@code fc}, N from labels.txt (a checkpoint's head is
 *       kept when its shape already matches), with DL4J's {@code LossMCXENT} cross-entropy, class-weighted when
 *       {@link #withClassWeights} gives weights (the head is then rebuilt with that loss whatever the base, keeping
 *       its parameters, so a random, a torchvision and an ONNX base all train on the same loss; a checkpoint of the
 *       run stores the loss in its configuration, so a resumed run keeps it);</li>
 *   <li>with {@code train.task: multilabel}, the head is always rebuilt as one sigmoid per label with DL4J's
 *       {@code LossBinaryXENT} (label-weighted like the softmax head's classes);</li>
 *   <li>{@link FineTuneConfiguration}: updater with the recipe's {@link LearningRateSchedule}, weight decay, seed;</li>
 *   <li>{@code setFeatureExtractor}: the freeze policy ({@link FreezePoint}).</li>
 * </ol>
 */
public final class NetworkFactory {
    private final TrainSpec spec;
    private final int numClasses;
    private final int height;
    private final int width;
    private final long seed;
    private final Function<String, Path> catalogue;
    private final double[] classWeights;

    /**
     * @param catalogue resolves a catalogue name such as {@code resnet18-imagenet} to its verified cached file, or
     *                  throws {@link BadInputException} saying how to fetch it
     */
    public NetworkFactory(TrainSpec spec, int numClasses, int height, int width, long seed,
                          Function<String, Path> catalogue) {
        this(spec, numClasses, height, width, seed, catalogue, null);
    }

    private NetworkFactory(TrainSpec spec, int numClasses, int height, int width, long seed,
                           Function<String, Path> catalogue, double[] classWeights) {
        this.spec = spec;
        this.numClasses = numClasses;
        this.height = height;
        this.width = width;
        this.seed = seed;
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        if (classWeights != null && classWeights.length != numClasses) {
            throw new IllegalArgumentException(classWeights.length + " class weights for " + numClasses + " classes");
        }
        this.classWeights = classWeights == null ? null : classWeights.clone();
    }

    /**
     * The same factory with a class-weighted loss on the head
     * ({@link org.heartsounds.trainer.train.LossWeights#weights()}: one positive weight per class in labels.txt
     * order); null = plain cross-entropy.
     */
    public NetworkFactory withClassWeights(double[] weights) {
        return new NetworkFactory(spec, numClasses, height, width, seed, catalogue, weights);
    }

    /** A network ready to fit: the graph, its last frozen vertex (or null) and where its weights came from. */
    public record Network(ComputationGraph graph, String frozenAt, String source) {
    }

    /** Builds the base, replaces the head, applies the fine-tune configuration and the freeze policy. */
    public Network create(int batchesPerEpoch) {
        IUpdater updater = updater(LearningRateSchedule.of(spec, batchesPerEpoch));
        Base base = base(updater);
        String frozenAt = FreezePoint.vertexOf(spec.freeze());
        if (frozenAt != null && !base.resNet18Names) {
            throw new BadInputException(spec.pretrained(), "train.freeze " + spec.freeze().name().toLowerCase(Locale.ROOT)
                    + " needs torchvision ResNet-18 vertex names, and this model was not recognised as ResNet-18; "
                    + "use freeze: none");
        }
        FineTuneConfiguration.Builder ftc = new FineTuneConfiguration.Builder().updater(updater).seed(seed);
        if (spec.weightDecay() > 0) {
            ftc.weightDecay(spec.weightDecay(), true);
        }
        TransferLearning.GraphBuilder b = new TransferLearning.GraphBuilder(base.graph)
                .fineTuneConfiguration(ftc.build());
        if (frozenAt != null) {
            b.setFeatureExtractor(frozenAt);
        }
        INDArray[] oldHead = null;
        if (base.replaceHead || classWeights != null || spec.multilabel()) {
            oldHead = headParams(base.graph, base.head);
            b.removeVertexAndConnections(base.head)
                    .addLayer(ResNet18.HEAD, spec.multilabel()
                            ? TorchCompatibleLayers.sigmoidOutput(base.headInputs, numClasses, true, classWeights)
                            : TorchCompatibleLayers.softmaxOutput(base.headInputs, numClasses, true, classWeights),
                            base.headInput)
                    .setOutputs(ResNet18.HEAD);
        }
        ComputationGraph graph = b.build();
        if (oldHead != null && oldHead[0].rank() == 2 && oldHead[0].size(1) == numClasses) {
            graph.getLayer(ResNet18.HEAD).setParam("W", oldHead[0]);
            graph.getLayer(ResNet18.HEAD).setParam("b", oldHead[1].reshape(1, numClasses));
        }
        return new Network(graph, frozenAt, base.source);
    }

    private record Base(ComputationGraph graph, boolean resNet18Names, boolean replaceHead, String head,
                        String headInput, long headInputs, String source) {
    }

    private Base base(IUpdater updater) {
        String p = spec.pretrained();
        ResNet18.Builder resnet = ResNet18.builder().setNumClasses(numClasses).optInputSize(height, width)
                .optSeed(seed).optUpdater(updater);
        if (spec.fromScratch()) {
            return new Base(resnet.build(), true, false, ResNet18.HEAD, ResNet18.POOL, ResNet18.FEATURES,
                    "random initialisation (seed " + seed + ")");
        }
        Path file = looksLikeFile(p) ? Path.of(p) : catalogue.apply(p);
        if (Files.isDirectory(file) && Files.isRegularFile(file.resolve(RUN_MODEL))) {
            file = file.resolve(RUN_MODEL); // a heartsounds run folder: its best model
        }
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file, "pretrained weights not found (train.pretrained)");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".zip")) {
            return archiveBase(file);
        }
        if (name.endsWith(".onnx")) {
            ImportedOnnxGraph imported = OnnxGraphImporter.builder().optInputSize(height, width).optSeed(seed)
                    .optUpdater(updater).build().importGraph(file);
            return onnxBase(imported, file);
        }
        if (name.endsWith(".pth") || name.endsWith(".pt") || name.endsWith(".pth.tar") || name.endsWith(".tar")) {
            ComputationGraph graph = resnet.build();
            TorchvisionWeightMapper.builder().optHeadPolicy(TorchvisionWeightMapper.HeadPolicy.SKIP_IF_MISMATCHED)
                    .build().load(file, graph);
            return new Base(graph, true, false, ResNet18.HEAD, ResNet18.POOL, ResNet18.FEATURES, file.toString());
        }
        throw new BadInputException(file, "unknown weights format (expected a heartsounds run folder or model.zip, "
                + ".onnx, .pth, .pt or .pth.tar)");
    }

    /**
     * A heartsounds model (a DL4J {@code ModelSerializer} zip, as {@code model.zip} of a run): the whole ResNet-18,
     * BatchNorm statistics included; its head is kept when it already has {@code numClasses} outputs, else replaced.
     * The lab's own earlier model is the start a new collection really has (ImageNet weights may not be reachable).
     */
    private Base archiveBase(Path file) {
        ComputationGraph g;
        try {
            g = org.deeplearning4j.util.ModelSerializer.restoreComputationGraph(file.toFile(), false);
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(file, "is not a DL4J model zip (train.pretrained): " + e.getMessage(), e);
        }
        var vertices = g.getConfiguration().getVertices();
        if (!vertices.containsKey(ResNet18.HEAD) || !vertices.containsKey(ResNet18.POOL)) {
            throw new BadInputException(file, "is not a heartsounds ResNet-18 (no '" + ResNet18.HEAD + "' head after '"
                    + ResNet18.POOL + "'); train.pretrained takes run folders and model.zip files of this project");
        }
        return new Base(g, true, true, ResNet18.HEAD, ResNet18.POOL, ResNet18.FEATURES, file.toString());
    }

    /** The best model's file in a run folder. */
    static final String RUN_MODEL = "model.zip";

    private static boolean looksLikeFile(String p) {
        return p.contains("/") || p.contains("\\") || p.contains(".");
    }

    private Base onnxBase(ImportedOnnxGraph imported, Path file) {
        ComputationGraph g = imported.graph();
        List<String> outputs = imported.outputVertices();
        if (outputs.size() != 1) {
            throw new BadInputException(file, "has " + outputs.size() + " outputs; a classifier needs exactly one");
        }
        String head = outputs.get(0);
        var vertex = g.getConfiguration().getVertices().get(head);
        Layer conf = vertex instanceof LayerVertex lv ? lv.getLayerConf().getLayer() : null;
        if (!(conf instanceof FeedForwardLayer ff) || conf instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer) {
            throw new BadInputException(file, "output vertex '" + head + "' is not a fully connected layer; cannot "
                    + "replace the classification head");
        }
        List<String> inputs = g.getConfiguration().getVertexInputs().get(head);
        return new Base(g, imported.resNet18Names(), true, head, inputs.get(0), ff.getNIn(), file.toString());
    }

    private static INDArray[] headParams(ComputationGraph g, String head) {
        var layer = g.getLayer(head);
        INDArray w = layer.getParam("W");
        INDArray bias = layer.getParam("b");
        return w == null || bias == null ? null : new INDArray[] {w.dup(), bias.dup()};
    }

    private IUpdater updater(LearningRateSchedule schedule) {
        return switch (spec.optimizer()) {
            case ADAM -> new Adam(schedule);
            case SGD -> new Nesterovs(schedule, spec.momentum());
        };
    }

    static WeightInit headInit() {
        return WeightInit.XAVIER;
    }
}
