package org.heartsounds.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onnx.Onnx;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.FrozenVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.heartsounds.core.BadInputException;
import org.heartsounds.trainer.model.ResNet18;
import org.heartsounds.trainer.model.TorchCompatibleLayers;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The exported graph against jetson-inference's contract and against DL4J, through ONNX Runtime: a randomly
 * initialised ResNet-18 (64x64, 5 classes, random BatchNorm statistics) in opset 13 and 11, plus the smaller
 * configurations the translation supports and the ones it refuses.
 */
class OnnxGraphExporterTest {
    private static final int SIZE = 64;
    private static final double TOLERANCE = 1e-4;

    @TempDir
    Path tmp;

    @BeforeAll
    static void singleThread() {
        Nd4jThreads.single();
    }

    private static Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>(OnnxMetadata.of(ExportFixtures.LABELS, "seed: 42\n",
                new JetsonPreprocessing(SIZE, SIZE), "{\"gitCommit\":\"abc123\",\"configSha256\":\"c0ffee\","
                        + "\"dataSha256\":\"da7a\"}", "provenance.json"));
        return m;
    }

    /** Max abs difference of ONNX Runtime's and DL4J's probabilities on {@code n} random inputs; asserts equal argmax. */
    private static double parity(ComputationGraph g, Path onnx, int n, int h, int w, long seed) throws Exception {
        List<INDArray> inputs = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            inputs.add(Nd4j.randn(seed + i, new long[] {1, 3, h, w}).castTo(DataType.FLOAT));
        }
        float[][] ort = ExportFixtures.ortProbabilities(onnx, inputs);
        double max = 0;
        for (int i = 0; i < n; i++) {
            float[] dl4j = g.outputSingle(false, inputs.get(i)).toFloatVector();
            assertEquals(dl4j.length, ort[i].length);
            assertEquals(argMax(dl4j), argMax(ort[i]), "top-1 of input " + i);
            for (int c = 0; c < dl4j.length; c++) {
                max = Math.max(max, Math.abs(dl4j[c] - ort[i][c]));
            }
        }
        return max;
    }

    static int argMax(float[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            best = p[i] > p[best] ? i : best;
        }
        return best;
    }

    @ParameterizedTest
    @ValueSource(ints = {13, 11})
    void resNet18MatchesDl4jInOnnxRuntimeAndKeepsTheJetsonContract(int opset) throws Exception {
        ComputationGraph g = ExportFixtures.resNet18(SIZE, 5, 7);
        Onnx.ModelProto m = OnnxGraphExporter.builder().optOpset(opset).optMetadata(metadata())
                .optProducerVersion("9.9").build().export(g, SIZE, SIZE);
        Path file = ExportFixtures.write(m, tmp.resolve("r18-" + opset + ".onnx"));

        double diff = parity(g, file, 4, SIZE, SIZE, 100);
        assertTrue(diff <= TOLERANCE, "max abs probability difference " + diff);
        // the probabilities are informative (not a saturated one-hot), so the comparison can fail
        float[] p = g.outputSingle(false, Nd4j.randn(100L, new long[] {1, 3, SIZE, SIZE}).castTo(DataType.FLOAT))
                .toFloatVector();
        assertTrue(p[argMax(p)] < 0.99 && p[argMax(p)] > 0.21, "top probability " + p[argMax(p)]);

        Set<String> ops = new HashSet<>();
        m.getGraph().getNodeList().forEach(n -> ops.add(n.getOpType()));
        assertTrue(OnnxGraphExporter.JETSON_OPS.containsAll(ops), "ops " + ops);
        assertEquals(Set.of("Conv", "BatchNormalization", "Relu", "MaxPool", "Add", "GlobalAveragePool", "Flatten",
                "Gemm", "Softmax"), ops);
        assertEquals(20, m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Conv")).count());
        assertEquals(20, m.getGraph().getNodeList().stream()
                .filter(n -> n.getOpType().equals("BatchNormalization")).count());
        assertEquals("Softmax", m.getGraph().getNode(m.getGraph().getNodeCount() - 1).getOpType());

        assertEquals(1, m.getGraph().getInputCount());
        assertEquals(1, m.getGraph().getOutputCount());
        assertEquals("input_0", m.getGraph().getInput(0).getName());
        assertEquals("output_0", m.getGraph().getOutput(0).getName());
        assertArrayEquals(new long[] {1, 3, SIZE, SIZE}, staticDims(m.getGraph().getInput(0)));
        assertArrayEquals(new long[] {1, 5}, staticDims(m.getGraph().getOutput(0)));
        assertEquals(1, m.getGraph().getInput(0).getType().getTensorType().getElemType(), "float32");
        assertEquals(opset == 13 ? 7 : 6, m.getIrVersion());
        assertTrue(m.getIrVersion() <= 7);
        assertEquals(1, m.getOpsetImportCount());
        assertEquals(opset, m.getOpsetImport(0).getVersion());
        assertEquals("", m.getOpsetImport(0).getDomain());
        assertEquals("heartsounds", m.getProducerName());
        assertEquals("9.9", m.getProducerVersion());
        // every DL4J parameter is an initializer value: torchvision's 11,176,512 without fc, a 5-class fc (2,565)
        // and the BatchNorm running means and variances (2 x 4,800)
        long params = m.getGraph().getInitializerList().stream()
                .mapToLong(t -> t.getDimsList().stream().reduce(1L, Math::multiplyExact)).sum();
        assertEquals(g.numParams(), params);
        assertEquals(11_188_677L, params);

        Map<String, String> meta = ExportFixtures.ortMetadata(file);
        assertTrue(meta.keySet().containsAll(OnnxMetadata.KEYS), meta.keySet().toString());
        assertEquals(ExportFixtures.LABELS, OnnxMetadata.labels(meta.get(OnnxMetadata.LABELS), "onnx"));
        assertEquals("AS\nMR\nMS\nMVP\nN", meta.get(OnnxMetadata.LABELS));
        assertEquals("abc123", meta.get(OnnxMetadata.GIT_COMMIT));
        assertEquals("c0ffee", meta.get(OnnxMetadata.CONFIG_SHA256));
        assertEquals("da7a", meta.get(OnnxMetadata.DATASET_SHA256));
        assertEquals("seed: 42\n", meta.get(OnnxMetadata.RECIPE));
        assertTrue(meta.get(OnnxMetadata.PREPROCESSING).contains("\"resize\":\"nearest\""));
    }

    private static long[] staticDims(Onnx.ValueInfoProto v) {
        return v.getType().getTensorType().getShape().getDimList().stream().mapToLong(d -> {
            assertTrue(d.hasDimValue() && !d.hasDimParam(), "static dimension in " + v.getName());
            return d.getDimValue();
        }).toArray();
    }

    @Test
    void frozenLayersExportLikeTheirUnderlyingLayers() throws Exception {
        ComputationGraph base = ExportFixtures.tinyCnn(32, 3, 11);
        ComputationGraph frozen = new TransferLearning.GraphBuilder(base).setFeatureExtractor("add").build();
        assertTrue(frozen.getConfiguration().getVertices().get("add") instanceof FrozenVertex);
        Onnx.ModelProto m = OnnxGraphExporter.builder().build().export(frozen, 32, 32);
        double diff = parity(frozen, ExportFixtures.write(m, tmp.resolve("frozen.onnx")), 3, 32, 32, 5);
        assertTrue(diff <= TOLERANCE, "max abs difference " + diff);
        assertEquals(OnnxGraphExporter.builder().build().export(base, 32, 32).getGraph(), m.getGraph());
    }

    @Test
    void denseOnAFeatureMapIsFlattenedAndLogStdBatchNormIsConverted() throws Exception {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT)
                .convolutionMode(ConvolutionMode.Truncate).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(6, 5, 3))
                .addLayer("c", TorchCompatibleLayers.conv(3, 2, 3, 2, 1, true), "in")
                .addLayer("bn", new BatchNormalization.Builder().useLogStd(true).build(), "c")
                .addLayer("fc", TorchCompatibleLayers.softmaxOutput(2 * 3 * 3, 4, true), "bn")
                .setOutputs("fc").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        ExportFixtures.randomizeBatchNorm(g, 3);
        Onnx.ModelProto m = OnnxGraphExporter.builder().build().export(g, 6, 5);
        assertEquals(List.of("Conv", "BatchNormalization", "Flatten", "Gemm", "Softmax"),
                m.getGraph().getNodeList().stream().map(Onnx.NodeProto::getOpType).toList());
        assertEquals("fc.flatten", m.getGraph().getNode(2).getName());
        double diff = parity(g, ExportFixtures.write(m, tmp.resolve("flat.onnx")), 3, 6, 5, 9);
        assertTrue(diff <= TOLERANCE, "max abs difference " + diff);
    }

    @Test
    void unsupportedVerticesAreBadInputNamingVertexAndType() {
        ComputationGraphConfiguration avg = new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(8, 8, 3))
                .addLayer("smooth", TorchCompatibleLayers.avgPool(new int[] {2, 2}, new int[] {2, 2},
                        new int[] {0, 0}, false), "in")
                .addLayer("gap", TorchCompatibleLayers.globalAvgPool(true), "smooth")
                .addLayer("fc", TorchCompatibleLayers.softmaxOutput(3, 2, true), "gap").setOutputs("fc").build();
        BadInputException e = assertThrows(BadInputException.class, () -> export(avg, 8, 8));
        assertTrue(e.getMessage().contains("vertex 'smooth' of type SubsamplingLayer pooling type AVG"),
                e.getMessage());

        ComputationGraphConfiguration dw = new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(8, 8, 3))
                .addLayer("depthwise", new DepthwiseConvolution2D.Builder(3, 3).nIn(3).depthMultiplier(1)
                        .activation(Activation.IDENTITY).build(), "in")
                .addLayer("gap", TorchCompatibleLayers.globalAvgPool(true), "depthwise")
                .addLayer("fc", TorchCompatibleLayers.softmaxOutput(3, 2, true), "gap").setOutputs("fc").build();
        e = assertThrows(BadInputException.class, () -> export(dw, 8, 8));
        assertTrue(e.getMessage().contains("vertex 'depthwise' of type DepthwiseConvolution2D cannot be exported"),
                e.getMessage());

        ComputationGraphConfiguration tanh = new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(8, 8, 3))
                .addLayer("gap", TorchCompatibleLayers.globalAvgPool(true), "in")
                .addLayer("act", TorchCompatibleLayers.activation(Activation.TANH), "gap")
                .addLayer("fc", TorchCompatibleLayers.softmaxOutput(3, 2, true), "act").setOutputs("fc").build();
        e = assertThrows(BadInputException.class, () -> export(tanh, 8, 8));
        assertTrue(e.getMessage().contains("vertex 'act' of type activation tanh"), e.getMessage());

        ComputationGraphConfiguration same = new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(8, 8, 3))
                .addLayer("pool", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(3, 3)
                        .stride(2, 2).convolutionMode(ConvolutionMode.Same).build(), "in")
                .addLayer("gap", TorchCompatibleLayers.globalAvgPool(true), "pool")
                .addLayer("fc", TorchCompatibleLayers.softmaxOutput(3, 2, true), "gap").setOutputs("fc").build();
        e = assertThrows(BadInputException.class, () -> export(same, 8, 8));
        assertTrue(e.getMessage().contains("vertex 'pool' of type SubsamplingLayer convolution mode Same"),
                e.getMessage());
    }

    private static Onnx.ModelProto export(ComputationGraphConfiguration conf, int h, int w) {
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return OnnxGraphExporter.builder().optSource("m.zip").build().export(g, h, w);
    }

    @Test
    void aGraphWithoutSoftmaxOutputOrWithAnUnknownOpsetIsRefused() {
        ComputationGraph logits = ResNet18.builder().setNumClasses(3).optInputSize(32).logitsOutput().build();
        BadInputException e = assertThrows(BadInputException.class,
                () -> OnnxGraphExporter.builder().optSource("m.zip").build().export(logits, 32, 32));
        assertEquals("m.zip", e.source());
        assertTrue(e.problem().contains("output vertex 'fc' does not end in a softmax"), e.problem());

        BadInputException opset = assertThrows(BadInputException.class,
                () -> OnnxGraphExporter.builder().optOpset(12));
        assertTrue(opset.getMessage().contains("opset 12 is not supported; use one of [11, 13]"),
                opset.getMessage());
    }
}
