package org.heartsounds.evaluation.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import onnx.Onnx;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.trainer.imports.OnnxModels;
import org.heartsounds.trainer.run.ModelArchive;
import org.heartsounds.trainer.run.RunFolder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Models for the evaluation tests: small randomly initialised CNN archives (the format training writes, without
 * the training) and a tiny ONNX classifier whose output can be computed by hand: global average pooling of the three
 * colour planes, then {@code W x + b} ({@code C x 3}), then optionally Softmax or LogSoftmax.
 */
public final class TestModels {
    public static final List<String> LABELS = List.of("AS", "MR", "MS", "MVP", "N");
    /** Weights of the tiny ONNX model's dense layer, 5 classes x 3 channels. */
    public static final float[][] W = {
            {1.5f, -0.5f, 0.25f}, {-1.0f, 2.0f, 0.5f}, {0.3f, 0.3f, -1.2f}, {0.0f, -0.8f, 1.1f}, {0.7f, 0.1f, 0.2f}};
    public static final float[] B = {0.1f, -0.2f, 0.05f, 0.0f, 0.3f};

    private TestModels() {
    }

    /**
     * A small randomly initialised CNN (conv 3x3, 3 -> 8, ReLU; BatchNorm; 2x2 max pooling; conv 3x3, 8 -> 8, ReLU;
     * global average pooling; softmax output, or a dense identity output with {@code logits}): any input size, a
     * few kB, so archives are written and read in milliseconds where a ResNet-18 takes seconds.
     */
    public static ComputationGraph smallGraph(int classes, long seed, boolean logits) {
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(DataType.FLOAT).weightInit(WeightInit.RELU).updater(new Adam(1e-3)).graphBuilder()
                .addInputs("input")
                .addLayer("conv1", new ConvolutionLayer.Builder(3, 3).nIn(3).nOut(8).activation(Activation.RELU)
                        .build(), "input")
                .addLayer("bn1", new BatchNormalization.Builder().nOut(8).build(), "conv1")
                .addLayer("pool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build(), "bn1")
                .addLayer("conv2", new ConvolutionLayer.Builder(3, 3).nIn(8).nOut(8).activation(Activation.RELU)
                        .build(), "pool")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "conv2");
        if (logits) {
            b.addLayer("fc", new DenseLayer.Builder().nIn(8).nOut(classes).activation(Activation.IDENTITY).build(),
                    "gap");
        } else {
            b.addLayer("fc", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(classes)
                    .activation(Activation.SOFTMAX).build(), "gap");
        }
        ComputationGraph g = new ComputationGraph(b.setOutputs("fc").build());
        g.init();
        return g;
    }

    /** {@link #smallGraph} as a model archive carrying {@code recipe}, as training writes model.zip. */
    public static Path archive(Path file, Recipe recipe, List<String> labels, long seed) throws IOException {
        ModelArchive.write(file, smallGraph(labels.size(), seed, false), labels, ConfigLoader.toYaml(recipe),
                "{\"seed\": " + seed + "}\n");
        return file;
    }

    /** A run folder as training leaves it (model.zip, config.yaml, labels.txt), without training. */
    public static Path runFolder(Path dir, Recipe recipe, List<String> labels, long seed) throws IOException {
        RunFolder run = new RunFolder(dir);
        Files.createDirectories(dir);
        archive(run.model(), recipe, labels, seed);
        ConfigLoader.write(recipe, run.config());
        Files.writeString(run.labels(), String.join("\n", labels));
        return dir;
    }

    /**
     * The tiny ONNX classifier (opset 13) for {@code size x size} inputs.
     *
     * @param head     "Softmax", "LogSoftmax" or null (logits)
     * @param batchDim a Long (static batch) or a String (symbolic)
     * @param metadata key, value, key, value, ... metadata properties
     */
    public static byte[] tinyOnnx(int size, String head, Object batchDim, String... metadata) {
        float[] w = new float[W.length * 3];
        for (int c = 0; c < W.length; c++) {
            System.arraycopy(W[c], 0, w, 3 * c, 3);
        }
        List<Onnx.NodeProto> nodes = new ArrayList<>();
        nodes.add(OnnxModels.node("GlobalAveragePool", "gap", List.of("input_0"), "pooled"));
        nodes.add(OnnxModels.node("Flatten", "flatten", List.of("pooled"), "flat", OnnxModels.integer("axis", 1)));
        String gemmOut = head == null ? "output_0" : "logits";
        nodes.add(OnnxModels.node("Gemm", "fc", List.of("flat", "fc.weight", "fc.bias"), gemmOut,
                OnnxModels.integer("transB", 1)));
        if (head != null) {
            nodes.add(OnnxModels.node(head, "head", List.of("logits"), "output_0", OnnxModels.integer("axis", 1)));
        }
        byte[] bytes = OnnxModels.model(13, OnnxModels.value("input_0", batchDim, 3L, (long) size, (long) size),
                OnnxModels.value("output_0", batchDim, (long) W.length),
                List.of(OnnxModels.floats("fc.weight", new long[] {W.length, 3}, w),
                        OnnxModels.floats("fc.bias", new long[] {W.length}, B)), nodes);
        return withMetadata(bytes, metadata);
    }

    /** {@code model} with metadata properties added (key, value, key, value, ...). */
    public static byte[] withMetadata(byte[] model, String... keyValues) {
        try {
            Onnx.ModelProto.Builder b = Onnx.ModelProto.parseFrom(model).toBuilder();
            for (int i = 0; i < keyValues.length; i += 2) {
                b.addMetadataProps(Onnx.StringStringEntryProto.newBuilder().setKey(keyValues[i])
                        .setValue(keyValues[i + 1]));
            }
            return b.build().toByteArray();
        } catch (org.nd4j.shade.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The tiny model's class probabilities for a batch, computed by hand in double precision. */
    public static double[][] tinyOnnxProbabilities(INDArray nchw) {
        INDArray x = nchw.castTo(DataType.DOUBLE);
        int n = (int) x.size(0);
        double[][] out = new double[n][W.length];
        for (int i = 0; i < n; i++) {
            double[] mean = new double[3];
            for (int ch = 0; ch < 3; ch++) {
                mean[ch] = x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(ch)).meanNumber().doubleValue();
            }
            double max = Double.NEGATIVE_INFINITY;
            double[] z = new double[W.length];
            for (int c = 0; c < W.length; c++) {
                z[c] = B[c];
                for (int ch = 0; ch < 3; ch++) {
                    z[c] += W[c][ch] * mean[ch];
                }
                max = Math.max(max, z[c]);
            }
            double sum = 0;
            for (int c = 0; c < W.length; c++) {
                out[i][c] = Math.exp(z[c] - max);
                sum += out[i][c];
            }
            for (int c = 0; c < W.length; c++) {
                out[i][c] /= sum;
            }
        }
        return out;
    }

    /** Writes the tiny ONNX model and its labels next to it ({@code <stem>.labels.txt}). */
    public static Path tinyOnnxFile(Path file, int size, String head) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, tinyOnnx(size, head, "batch"));
        String name = file.getFileName().toString();
        Files.writeString(file.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".labels.txt"),
                String.join("\n", LABELS));
        return file;
    }
}
