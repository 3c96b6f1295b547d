package org.heartsounds.trainer.backend;

import java.util.function.Supplier;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.heartsounds.trainer.model.TorchCompatibleLayers;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * A small residual network with every layer kind ResNet-18 uses (conv without bias before BN, BN, ReLU, padded
 * max pooling, an ElementWiseVertex add, a 1x1 projection conv with bias, padded average pooling, global average
 * pooling, dense, softmax output), built with the oneDNN helpers on or off; plus a separable synthetic data set.
 */
final class ProofNets {
    static final int CLASSES = 5;
    static final int CHANNELS = 8;
    /** The layers that get a helper: 3 conv + 3 BN + b.proj conv + maxpool + avgpool. */
    static final int HELPER_LAYERS = 9;

    private ProofNets() {
    }

    /** Runs {@code body} with the helper switch set to {@code on}, then restores the property as it was. */
    static <T> T withHelpers(boolean on, Supplier<T> body) {
        String before = System.getProperty(OneDnnHelpers.DISABLE_PROPERTY);
        OneDnnHelpers.enable(on);
        try {
            return body.get();
        } finally {
            if (before == null) {
                System.clearProperty(OneDnnHelpers.DISABLE_PROPERTY);
            } else {
                System.setProperty(OneDnnHelpers.DISABLE_PROPERTY, before);
            }
        }
    }

    /**
     * The proof network for {@code size x size} RGB input; {@code avgPoolCountsPadding} selects the average pooling
     * divisor (true: PyTorch's {@code count_include_pad=True}, the case the pooling helper gets wrong).
     */
    static ComputationGraphConfiguration configuration(DataType type, int size, IUpdater updater,
                                                       boolean avgPoolCountsPadding) {
        return configuration(type, size, updater, avgPoolCountsPadding, CHANNELS);
    }

    /** As above with {@code c} channels in every convolution (fewer parameters for double-precision checks). */
    static ComputationGraphConfiguration configuration(DataType type, int size, IUpdater updater,
                                                       boolean avgPoolCountsPadding, int c) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(7).dataType(type).weightInit(WeightInit.RELU).updater(updater)
                .convolutionMode(ConvolutionMode.Truncate)
                .graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(size, size, 3));
        g.addLayer("conv1", TorchCompatibleLayers.conv(3, c, 3, 1, 1, false), "in");
        g.addLayer("bn1", TorchCompatibleLayers.batchNorm(c), "conv1");
        g.addLayer("relu1", TorchCompatibleLayers.activation(Activation.RELU), "bn1");
        g.addLayer("maxpool", TorchCompatibleLayers.maxPool(new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}),
                "relu1");
        g.addLayer("b.conv1", TorchCompatibleLayers.conv(c, c, 3, 1, 1, false), "maxpool");
        // added in DL4J's topological order, so that paramTable() lists parameters in the order of params()
        // (GradientCheckUtil names parameters by that assumption)
        g.addLayer("b.proj", TorchCompatibleLayers.conv(c, c, 1, 1, 0, true), "maxpool");
        g.addLayer("b.bn1", TorchCompatibleLayers.batchNorm(c), "b.conv1");
        g.addLayer("b.relu1", TorchCompatibleLayers.activation(Activation.RELU), "b.bn1");
        g.addLayer("b.conv2", TorchCompatibleLayers.conv(c, c, 3, 1, 1, false), "b.relu1");
        g.addLayer("b.bn2", TorchCompatibleLayers.batchNorm(c), "b.conv2");
        g.addVertex("b.add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "b.bn2", "b.proj");
        g.addLayer("b.relu2", TorchCompatibleLayers.activation(Activation.RELU), "b.add");
        g.addLayer("avgpool", TorchCompatibleLayers.avgPool(new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1},
                avgPoolCountsPadding), "b.relu2");
        g.addLayer("gap", TorchCompatibleLayers.globalAvgPool(true), "avgpool");
        g.addLayer("dense", TorchCompatibleLayers.dense(c, 16, true), "gap");
        g.addLayer("relu3", TorchCompatibleLayers.activation(Activation.RELU), "dense");
        g.addLayer("out", TorchCompatibleLayers.softmaxOutput(16, CLASSES, true), "relu3");
        g.setOutputs("out");
        return g.build();
    }

    /** Builds and initialises a network from {@code conf} with the helpers on or off. */
    static ComputationGraph build(ComputationGraphConfiguration conf, boolean helpers) {
        return withHelpers(helpers, () -> {
            ComputationGraph net = new ComputationGraph(conf.clone());
            net.init();
            return net;
        });
    }

    /** A network with the same configuration and a copy of all parameters (BN running statistics included). */
    static ComputationGraph twin(ComputationGraph source, boolean helpers) {
        ComputationGraph twin = build(source.getConfiguration(), helpers);
        twin.setParams(source.params().dup());
        return twin;
    }

    /** Uniform [0,1) images, {@code [n, 3, size, size]}, from a fixed seed. */
    static INDArray randomImages(DataType type, int n, int size, long seed) {
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        return Nd4j.rand(Nd4j.createUninitialized(type, n, 3, size, size), rng);
    }

    /** One-hot labels, example {@code i} in class {@code i % CLASSES}. */
    static INDArray cyclicLabels(DataType type, int n) {
        INDArray y = Nd4j.zeros(type, n, CLASSES);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % CLASSES, 1.0);
        }
        return y;
    }

    /** Colour of the square of each class (RGB on/off); translation-invariant, so global pooling keeps it. */
    private static final int[][] CLASS_COLOURS = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 0}, {0, 1, 1}};

    /**
     * Separable images: noise in [0, 0.5) plus a 6x6 square (rows and columns 4..9) lit in the colour of the
     * class; example {@code i} is in class {@code i % CLASSES}. Needs {@code size >= 10}.
     */
    static INDArray separableImages(int n, int size, long seed) {
        INDArray x = randomImages(DataType.FLOAT, n, size, seed).muli(0.5);
        for (int i = 0; i < n; i++) {
            int[] colour = CLASS_COLOURS[i % CLASSES];
            for (int ch = 0; ch < 3; ch++) {
                if (colour[ch] == 1) {
                    x.get(NDArrayIndex.point(i), NDArrayIndex.point(ch), NDArrayIndex.interval(4, 10),
                            NDArrayIndex.interval(4, 10)).addi(1.0);
                }
            }
        }
        return x;
    }
}
