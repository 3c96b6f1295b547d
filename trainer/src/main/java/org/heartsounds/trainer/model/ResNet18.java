package org.heartsounds.trainer.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.Objects;

/**
 * ResNet-18 as a trainable DL4J {@link ComputationGraph} with exactly torchvision's {@code resnet18} architecture
 * (conv1 7x7/2 pad 3, bn1, relu, maxpool 3x3/2 pad 1, four stages of two BasicBlocks, global average pooling, fc),
 * so that torchvision weights load by name (see {@link TorchvisionWeightMapper}) and give PyTorch's outputs.
 *
 * <p>Vertex names follow torchvision's parameter names: {@code conv1}, {@code bn1}, {@code relu},
 * {@code maxpool}, {@code layer1.0.conv1}, {@code layer1.0.bn1}, {@code layer1.0.relu1}, {@code layer1.0.conv2},
 * {@code layer1.0.bn2}, {@code layer2.0.downsample.0} (1x1 conv), {@code layer2.0.downsample.1} (BN),
 * {@code layer1.0.add}, {@code layer1.0.relu2}, ..., {@code avgpool}, {@code fc}. The input is {@value #INPUT},
 * NCHW {@code [N, 3, H, W]}.
 *
 * <pre>{@code
 * ComputationGraph net = ResNet18.builder().setNumClasses(5).optInputSize(224).optSeed(42).build();
 * }</pre>
 */
public final class ResNet18 {
    /** Name of the graph input. */
    public static final String INPUT = "input";
    /** Last vertex of the convolutional trunk (the feature map before pooling). */
    public static final String LAST_TRUNK_VERTEX = "layer4.1.relu2";
    /** Global average pooling vertex. */
    public static final String POOL = "avgpool";
    /** The classification head. */
    public static final String HEAD = "fc";
    /** Channels of the pooled feature vector (input width of {@link #HEAD}). */
    public static final int FEATURES = 512;
    /** Smallest input side for which every stage keeps at least one pixel. */
    public static final int MIN_INPUT_SIZE = 32;
    /** Largest accepted input side (guards against accidental huge allocations). */
    public static final int MAX_INPUT_SIZE = 4096;

    static final int[] STAGE_CHANNELS = {64, 128, 256, 512};
    static final int BLOCKS_PER_STAGE = 2;

    private ResNet18() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Name prefix of a BasicBlock, e.g. {@code layer2.0}; {@code stage} is 1..4, {@code block} 0..1. */
    public static String blockPrefix(int stage, int block) {
        return "layer" + stage + "." + block;
    }

    /** Fluent builder in DJL style: {@code set*} for required, {@code opt*} for optional settings. */
    public static final class Builder {
        private int numClasses = -1;
        private int inputHeight = 224;
        private int inputWidth = 224;
        private long seed = 12345L;
        private WeightInit weightInit = WeightInit.RELU;
        private IUpdater updater = new Adam(1e-3);
        private double bnMomentum = TorchCompatibleLayers.TORCH_BN_MOMENTUM;
        private double bnEps = TorchCompatibleLayers.TORCH_BN_EPS;
        private boolean logitsOutput;

        private Builder() {
        }

        /** Number of output classes (size of {@code fc}); required. */
        public Builder setNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /** Square input side in pixels (default 224). */
        public Builder optInputSize(int size) {
            return optInputSize(size, size);
        }

        /** Input height and width in pixels (default 224 x 224). */
        public Builder optInputSize(int height, int width) {
            this.inputHeight = height;
            this.inputWidth = width;
            return this;
        }

        /** Random seed of the weight initialisation (default 12345). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Weight initialisation of convolutions and fc (default {@link WeightInit#RELU}, He normal). */
        public Builder optWeightInit(WeightInit weightInit) {
            this.weightInit = Objects.requireNonNull(weightInit, "weightInit");
            return this;
        }

        /** Updater used when training (default Adam, learning rate 1e-3). */
        public Builder optUpdater(IUpdater updater) {
            this.updater = Objects.requireNonNull(updater, "updater");
            return this;
        }

        /** BatchNorm momentum in PyTorch's convention (default 0.1, i.e. DL4J decay 0.9). */
        public Builder optBatchNormMomentum(double torchMomentum) {
            this.bnMomentum = torchMomentum;
            return this;
        }

        /** BatchNorm epsilon (default 1e-5). */
        public Builder optBatchNormEps(double eps) {
            this.bnEps = eps;
            return this;
        }

        /**
         * Makes {@code fc} a plain dense layer with identity activation so that the graph outputs raw logits
         * (PyTorch's output), for inference and parity checks; such a graph has no loss and cannot be fitted.
         */
        public Builder logitsOutput() {
            return optLogitsOutput(true);
        }

        /** See {@link #logitsOutput()}; default false (softmax output layer with multi-class cross-entropy). */
        public Builder optLogitsOutput(boolean logits) {
            this.logitsOutput = logits;
            return this;
        }

        /** Validates the settings and builds the graph configuration. */
        public ComputationGraphConfiguration buildConfiguration() {
            validate();
            return new ResNet18Assembler(this).assemble();
        }

        /** Validates the settings, builds the graph and initialises its parameters. */
        public ComputationGraph build() {
            ComputationGraph graph = new ComputationGraph(buildConfiguration());
            graph.init();
            return graph;
        }

        private void validate() {
            if (numClasses < 1) {
                throw new IllegalArgumentException("setNumClasses(n) is required and n must be >= 1, got "
                        + numClasses);
            }
            checkSide("height", inputHeight);
            checkSide("width", inputWidth);
            if (!(bnEps > 0)) {
                throw new IllegalArgumentException("BatchNorm eps must be > 0, got " + bnEps);
            }
            TorchCompatibleLayers.decayFromTorchMomentum(bnMomentum);
        }

        private static void checkSide(String what, int size) {
            if (size < MIN_INPUT_SIZE || size > MAX_INPUT_SIZE) {
                throw new IllegalArgumentException("input " + what + " must be in [" + MIN_INPUT_SIZE + ", "
                        + MAX_INPUT_SIZE + "], got " + size);
            }
        }
    }

    /** Adds the vertices in torchvision's order. */
    private static final class ResNet18Assembler {
        private final Builder spec;
        private final ComputationGraphConfiguration.GraphBuilder graph;
        private final double decay;

        ResNet18Assembler(Builder spec) {
            this.spec = spec;
            this.decay = TorchCompatibleLayers.decayFromTorchMomentum(spec.bnMomentum);
            this.graph = new NeuralNetConfiguration.Builder()
                    .seed(spec.seed)
                    .dataType(DataType.FLOAT)
                    .weightInit(spec.weightInit)
                    .updater(spec.updater)
                    .convolutionMode(ConvolutionMode.Truncate)
                    .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                    .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                    .graphBuilder()
                    .addInputs(INPUT)
                    .setInputTypes(InputType.convolutional(spec.inputHeight, spec.inputWidth, 3));
        }

        ComputationGraphConfiguration assemble() {
            graph.addLayer("conv1", TorchCompatibleLayers.conv(3, 64, 7, 2, 3, false), INPUT);
            graph.addLayer("bn1", bn(64), "conv1");
            graph.addLayer("relu", TorchCompatibleLayers.activation(Activation.RELU), "bn1");
            graph.addLayer("maxpool", TorchCompatibleLayers.maxPool(new int[] {3, 3}, new int[] {2, 2},
                    new int[] {1, 1}), "relu");
            String current = "maxpool";
            int inChannels = 64;
            for (int stage = 1; stage <= STAGE_CHANNELS.length; stage++) {
                int channels = STAGE_CHANNELS[stage - 1];
                for (int block = 0; block < BLOCKS_PER_STAGE; block++) {
                    int stride = (stage > 1 && block == 0) ? 2 : 1;
                    current = basicBlock(blockPrefix(stage, block), current, inChannels, channels, stride);
                    inChannels = channels;
                }
            }
            graph.addLayer(POOL, TorchCompatibleLayers.globalAvgPool(true), current);
            graph.addLayer(HEAD, spec.logitsOutput
                    ? TorchCompatibleLayers.dense(FEATURES, spec.numClasses, true)
                    : TorchCompatibleLayers.softmaxOutput(FEATURES, spec.numClasses, true), POOL);
            graph.setOutputs(HEAD);
            return graph.build();
        }

        /** torchvision's BasicBlock; returns the name of its output vertex. */
        private String basicBlock(String p, String input, int inChannels, int channels, int stride) {
            graph.addLayer(p + ".conv1", TorchCompatibleLayers.conv(inChannels, channels, 3, stride, 1, false), input);
            graph.addLayer(p + ".bn1", bn(channels), p + ".conv1");
            graph.addLayer(p + ".relu1", TorchCompatibleLayers.activation(Activation.RELU), p + ".bn1");
            graph.addLayer(p + ".conv2", TorchCompatibleLayers.conv(channels, channels, 3, 1, 1, false), p + ".relu1");
            graph.addLayer(p + ".bn2", bn(channels), p + ".conv2");
            String shortcut = input;
            if (stride != 1 || inChannels != channels) {
                graph.addLayer(p + ".downsample.0",
                        TorchCompatibleLayers.conv(inChannels, channels, 1, stride, 0, false), input);
                graph.addLayer(p + ".downsample.1", bn(channels), p + ".downsample.0");
                shortcut = p + ".downsample.1";
            }
            graph.addVertex(p + ".add", new ElementWiseVertex(ElementWiseVertex.Op.Add), p + ".bn2", shortcut);
            graph.addLayer(p + ".relu2", TorchCompatibleLayers.activation(Activation.RELU), p + ".add");
            return p + ".relu2";
        }

        private org.deeplearning4j.nn.conf.layers.BatchNormalization bn(int channels) {
            return TorchCompatibleLayers.batchNorm(channels, spec.bnEps, decay);
        }
    }
}
