package org.heartsounds.trainer.imports;

import onnx.Onnx;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heartsounds.core.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.heartsounds.trainer.imports.OnnxModels.floats;
import static org.heartsounds.trainer.imports.OnnxModels.floatsTyped;
import static org.heartsounds.trainer.imports.OnnxModels.int64s;
import static org.heartsounds.trainer.imports.OnnxModels.integer;
import static org.heartsounds.trainer.imports.OnnxModels.ints;
import static org.heartsounds.trainer.imports.OnnxModels.node;
import static org.heartsounds.trainer.imports.OnnxModels.real;
import static org.heartsounds.trainer.imports.OnnxModels.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Small hand-built ONNX graphs against a plain-Java reference computation of the ONNX semantics. */
class OnnxGraphImporterTest {
    @TempDir
    Path tmp;

    private final Random random = new Random(11);
    private final float[] convW = rand(3 * 2 * 3 * 3);
    private final float[] convB = rand(3);
    private final float[] gamma = rand(3);
    private final float[] beta = rand(3);
    private final float[] mean = rand(3);
    private final float[] var = {0.5f, 1.5f, 2.5f};
    private final float[] fcW = rand(48 * 4);
    private final float[] fcB = rand(4);

    /**
     * Conv(bias, stride 2, pad 1) -> BatchNormalization(eps 1e-3) -> MaxPool(3x3/2 pad 1, on negative values)
     * -> Relu -> AveragePool(2x2/1 pad 1, count_include_pad=0) -> Flatten -> MatMul + Add -> Softmax.
     */
    private byte[] smallCnn(String extraOp) {
        List<Onnx.NodeProto> nodes = new ArrayList<>(List.of(
                node("Conv", "/stem/conv", List.of("x", "conv.w", "conv.b"), "c", ints("kernel_shape", 3, 3),
                        ints("strides", 2, 2), ints("pads", 1, 1, 1, 1), ints("dilations", 1, 1), integer("group", 1)),
                node("BatchNormalization", "/stem/bn", List.of("c", "bn.g", "bn.b", "bn.m", "bn.v"), "n",
                        real("epsilon", 1e-3f), real("momentum", 0.9f)),
                node("MaxPool", "/pool/max", List.of("n"), "m", ints("kernel_shape", 3, 3), ints("strides", 2, 2),
                        ints("pads", 1, 1, 1, 1)),
                node("Relu", "/act", List.of("m"), "r"),
                node("AveragePool", "/pool/avg", List.of("r"), "a", ints("kernel_shape", 2, 2),
                        ints("pads", 1, 1, 1, 1), integer("count_include_pad", 0)),
                node("Flatten", "/flatten", List.of("a"), "f", integer("axis", 1)),
                node("MatMul", "/head/matmul", List.of("f", "fc.w"), "mm"),
                node("Add", "/head/add", List.of("mm", "fc.b"), "logits")));
        String last = "logits";
        if (extraOp != null) {
            nodes.add(node(extraOp, "act1", List.of(last), "odd"));
            last = "odd";
        }
        nodes.add(node("Softmax", "/softmax", List.of(last), "y", integer("axis", 1)));
        List<Onnx.TensorProto> init = List.of(floats("conv.w", new long[] {3, 2, 3, 3}, convW),
                floats("conv.b", new long[] {3}, convB), floats("bn.g", new long[] {3}, gamma),
                floats("bn.b", new long[] {3}, beta), floats("bn.m", new long[] {3}, mean),
                floats("bn.v", new long[] {3}, var), floats("fc.w", new long[] {48, 4}, fcW),
                floats("fc.b", new long[] {4}, fcB));
        return OnnxModels.model(13, value("x", "N", 2L, 9L, 9L), value("y", "N", 4L), init, nodes);
    }

    @Test
    void smallCnnMatchesOnnxSemantics() throws IOException {
        Path file = Files.write(tmp.resolve("small.onnx"), smallCnn(null));
        ImportedOnnxGraph imported = OnnxGraphImporter.importFile(file);
        ComputationGraph graph = imported.graph();
        assertFalse(imported.resNet18Names());
        assertEquals(List.of("head.matmul"), imported.outputVertices(), "MatMul+Add+Softmax fused, name sanitised");
        assertInstanceOf(OutputLayer.class, graph.getLayer("head.matmul").conf().getLayer());
        assertTrue(graph.getConfiguration().getVertices().containsKey("stem.bn"));

        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 2, 9, 9).subi(0.5).muli(4);
        INDArray y = graph.outputSingle(false, x);
        assertArrayEquals(new long[] {2, 4}, y.shape());
        for (int i = 0; i < 2; i++) {
            double[] expected = referenceSmallCnn(example(x, i));
            for (int k = 0; k < 4; k++) {
                assertEquals(expected[k], y.getDouble(i, k), 1e-5, "example " + i + " class " + k);
            }
        }
    }

    @Test
    void globalPoolReshapeGemmWithTypedData() throws IOException {
        float[] w = rand(3 * 2 * 1 * 1);
        float[] gemmW = rand(4 * 3);
        List<Onnx.NodeProto> nodes = List.of(
                node("Conv", "conv", List.of("x", "w"), "c", ints("kernel_shape", 1, 1)),
                node("Relu", "relu", List.of("c"), "r"),
                node("GlobalAveragePool", "gap", List.of("r"), "g"),
                node("Reshape", "reshape", List.of("g", "shape"), "f"),
                node("Gemm", "fc", List.of("f", "gw"), "y", real("alpha", 1f), real("beta", 1f),
                        integer("transB", 1)));
        List<Onnx.TensorProto> init = List.of(floats("w", new long[] {3, 2, 1, 1}, w), int64s("shape", 1, -1),
                floatsTyped("gw", new long[] {4, 3}, gemmW));
        Path file = Files.write(tmp.resolve("gap.onnx"),
                OnnxModels.model(9, value("x", 1L, 2L, 5L, 4L), value("y", 1L, 4L), init, nodes));
        ComputationGraph graph = OnnxGraphImporter.importFile(file).graph();
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 2, 5, 4).subi(0.5);
        INDArray y = graph.outputSingle(false, x);
        double[][][] in = example(x, 0);
        double[] pooled = new double[3];
        for (int o = 0; o < 3; o++) {
            for (int h = 0; h < 5; h++) {
                for (int v = 0; v < 4; v++) {
                    pooled[o] += Math.max(0, w[o * 2] * in[0][h][v] + w[o * 2 + 1] * in[1][h][v]) / 20.0;
                }
            }
        }
        for (int k = 0; k < 4; k++) {
            double expected = 0;
            for (int j = 0; j < 3; j++) {
                expected += pooled[j] * gemmW[k * 3 + j];
            }
            assertEquals(expected, y.getDouble(0, k), 1e-5);
        }
    }

    @Test
    void unsupportedOpNamesOpAndNode() throws IOException {
        Path file = Files.write(tmp.resolve("sigmoid.onnx"), smallCnn("Sigmoid"));
        BadInputException e = assertThrows(BadInputException.class, () -> OnnxGraphImporter.importFile(file));
        assertEquals(file.toString(), e.source());
        assertEquals("unsupported ONNX op 'Sigmoid' at node 'act1'", e.problem());
    }

    @Test
    void unsupportedConfigurationsAreNamed() throws IOException {
        List<Onnx.TensorProto> init = List.of(floats("w", new long[] {1, 1, 2, 2}, rand(4)));
        Path asymmetric = Files.write(tmp.resolve("pads.onnx"), OnnxModels.model(13, value("x", 1L, 1L, 4L, 4L),
                value("y", 1L, 1L, 4L, 4L), init, List.of(node("Conv", "same_upper", List.of("x", "w"), "y",
                        ints("pads", 0, 0, 1, 1)))));
        assertEquals("ONNX op 'Conv' at node 'same_upper' uses an unsupported configuration: pads=[0, 0, 1, 1] "
                        + "(only symmetric padding)",
                assertThrows(BadInputException.class, () -> OnnxGraphImporter.importFile(asymmetric)).problem());

        Path grouped = Files.write(tmp.resolve("group.onnx"), OnnxModels.model(13, value("x", 1L, 1L, 4L, 4L),
                value("y", 1L, 1L, 3L, 3L), init, List.of(node("Conv", "dw", List.of("x", "w"), "y",
                        integer("group", 2)))));
        assertTrue(assertThrows(BadInputException.class, () -> OnnxGraphImporter.importFile(grouped)).problem()
                .contains("group=2"));

        Path garbage = Files.write(tmp.resolve("garbage.onnx"), new byte[] {1, 2, 3, 4, 5});
        assertThrows(BadInputException.class, () -> OnnxGraphImporter.importFile(garbage));
    }

    @Test
    void dynamicSpatialInputNeedsExplicitSize() throws IOException {
        Path file = Files.write(tmp.resolve("dyn.onnx"), OnnxModels.model(13, value("x", "N", 1L, "H", "W"),
                value("y", "N", 1L, "H", "W"), List.of(), List.of(node("Relu", "relu", List.of("x"), "y"))));
        BadInputException e = assertThrows(BadInputException.class, () -> OnnxGraphImporter.importFile(file));
        assertEquals("input 'x' has a dynamic height ('H'); give it with OnnxGraphImporter.builder().optInputSize(h, w)",
                e.problem());
        ImportedOnnxGraph imported = OnnxGraphImporter.builder().optInputSize(8, 6).build().importGraph(file);
        assertEquals(List.of(1L, 8L, 6L), imported.inputShape());
        INDArray x = Nd4j.createFromArray(-1f, 2f, -3f, 4f).reshape(1, 1, 2, 2);
        assertArrayEquals(new float[] {0, 2, 0, 4}, imported.graph().outputSingle(false, x).data().asFloat());
    }

    // ---- reference implementation of the ONNX ops (NCHW, one example) ----

    private double[] referenceSmallCnn(double[][][] x) {
        double[][][] c = new double[3][5][5];
        for (int o = 0; o < 3; o++) {
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 5; j++) {
                    double s = convB[o];
                    for (int ci = 0; ci < 2; ci++) {
                        for (int ki = 0; ki < 3; ki++) {
                            for (int kj = 0; kj < 3; kj++) {
                                int hi = i * 2 - 1 + ki;
                                int wj = j * 2 - 1 + kj;
                                if (hi >= 0 && hi < 9 && wj >= 0 && wj < 9) {
                                    s += convW[((o * 2 + ci) * 3 + ki) * 3 + kj] * x[ci][hi][wj];
                                }
                            }
                        }
                    }
                    c[o][i][j] = gamma[o] * (s - mean[o]) / Math.sqrt(var[o] + 1e-3) + beta[o];
                }
            }
        }
        double[][][] m = pool(c, 3, 2, 1, true);
        for (double[][] plane : m) {
            for (double[] row : plane) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = Math.max(0, row[j]);
                }
            }
        }
        double[][][] a = pool(m, 2, 1, 1, false);
        double[] logits = new double[4];
        for (int k = 0; k < 4; k++) {
            double s = fcB[k];
            int f = 0;
            for (double[][] plane : a) {
                for (double[] row : plane) {
                    for (double v : row) {
                        s += v * fcW[f++ * 4 + k];
                    }
                }
            }
            logits[k] = s;
        }
        double max = java.util.Arrays.stream(logits).max().orElseThrow();
        double sum = java.util.Arrays.stream(logits).map(v -> Math.exp(v - max)).sum();
        return java.util.Arrays.stream(logits).map(v -> Math.exp(v - max) / sum).toArray();
    }

    /** Max pooling ignores padding; average pooling excludes it from the divisor (count_include_pad=0). */
    private static double[][][] pool(double[][][] x, int k, int s, int p, boolean max) {
        int h = x[0].length;
        int w = x[0][0].length;
        int oh = (h + 2 * p - k) / s + 1;
        int ow = (w + 2 * p - k) / s + 1;
        double[][][] out = new double[x.length][oh][ow];
        for (int c = 0; c < x.length; c++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    int n = 0;
                    for (int ki = 0; ki < k; ki++) {
                        for (int kj = 0; kj < k; kj++) {
                            int hi = i * s - p + ki;
                            int wj = j * s - p + kj;
                            if (hi >= 0 && hi < h && wj >= 0 && wj < w) {
                                acc = max ? Math.max(acc, x[c][hi][wj]) : acc + x[c][hi][wj];
                                n++;
                            }
                        }
                    }
                    out[c][i][j] = max ? acc : acc / n;
                }
            }
        }
        return out;
    }

    private static double[][][] example(INDArray x, int n) {
        int c = (int) x.size(1);
        int h = (int) x.size(2);
        int w = (int) x.size(3);
        double[][][] out = new double[c][h][w];
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < h; j++) {
                for (int k = 0; k < w; k++) {
                    out[i][j][k] = x.getDouble(n, i, j, k);
                }
            }
        }
        return out;
    }

    private float[] rand(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian() * 0.5f;
        }
        return v;
    }
}
