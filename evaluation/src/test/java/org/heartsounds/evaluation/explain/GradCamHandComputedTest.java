package org.heartsounds.evaluation.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.heartsounds.core.BadInputException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Grad-CAM on a network small enough to differentiate by hand: 2 input channels of 2x2 pixels, a 1x1 convolution to 2
 * channels (the explained vertex), ReLU, global average pooling and a 2-class softmax output. With {@code A} the
 * convolution's output, {@code W} the output layer's weights and {@code hw = 4} pixels, {@code dy_c/dA_kij =
 * W[k][c] / hw * [A_kij > 0]}, so {@code alpha_k = W[k][c] / hw * (positives in A_k) / hw} and the map is
 * {@code ReLU(sum_k alpha_k A_k)}.
 */
class GradCamHandComputedTest {
    /** Input [1, 2, 2, 2]: channel, row, column. */
    private static final double[][][] X = {{{1.0, -2.0}, {0.5, 3.0}}, {{2.0, 1.0}, {-1.0, 0.5}}};
    /** Convolution weights [out][in] and bias. */
    private static final double[][] CW = {{1.0, 0.5}, {-1.0, 2.0}};
    private static final double[] CB = {0.1, -0.2};
    /** Output weights [in][out] (DL4J's layout) and bias. */
    private static final double[][] OW = {{0.8, -0.6}, {-0.3, 0.9}};
    private static final double[] OB = {0.05, -0.05};

    @Test
    void mapEqualsTheHandComputedOneForBothClasses() {
        ComputationGraph net = network(false);
        double[][][] a = convolution();
        GradCam cam = GradCam.builder().setNetwork(net).optLayer("conv").build();
        for (int c = 0; c < 2; c++) {
            ClassActivationMap m = cam.explain(input(), new int[] {c}).get(0);
            double[][] expected = handMap(a, c, true);
            assertMapEquals(expected, m.coarse(), 1e-5);
            assertEquals(c, m.classIndex());
            assertEquals(score(a, c), m.score(), 1e-5, "pre-softmax score of class " + c);
            double peak = max(expected);
            assertEquals(peak, m.peak(), 1e-5, "no upsampling at the input's own size");
            float[][] scaled = m.map();
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 2; x++) {
                    assertEquals(peak > 0 ? expected[y][x] / peak : 0, scaled[y][x], 1e-5);
                }
            }
        }
    }

    @Test
    void theHandComputedCaseIsNotDegenerate() {
        double[][][] a = convolution();
        // class 0: both channels speak, one negatively, and the ReLU mask matters
        assertEquals(List.of(3, 2), List.of(positives(a[0]), positives(a[1])));
        double[][] m0 = handMap(a, 0, true);
        assertEquals(0.0, m0[0][1], 0.0, "a location ReLU'd to zero");
        assertEquals(0.21, m0[0][0], 1e-9);
        assertEquals(0.585, max(m0), 1e-9);
    }

    @Test
    void predictedClassIsExplainedByDefaultAndTheSourceStaysUntouched() {
        ComputationGraph net = network(false);
        INDArray before = net.params().dup();
        GradCam cam = GradCam.builder().setNetwork(net).build();
        ClassActivationMap m = cam.explainPredicted(input()).get(0);
        double[][][] a = convolution();
        int best = score(a, 0) >= score(a, 1) ? 0 : 1;
        assertEquals(best, m.classIndex());
        assertEquals("relu", cam.layer(), "the last 4-d vertex before pooling");
        assertEquals(before, net.params());
    }

    /**
     * With a BatchNorm after the convolution, explaining the ReLU uses the folded convolution (BatchNorm on its
     * running statistics, as in inference): the gradient at the ReLU's output is W[k][c] / hw everywhere.
     */
    @Test
    void batchNormIsExplainedAsInInference() {
        ComputationGraph net = network(true);
        double[] gamma = {1.5, 0.5};
        double[] beta = {-0.2, 0.3};
        double[] mean = {0.4, -0.1};
        double[] var = {2.0, 0.25};
        net.getLayer("bn").setParam("gamma", Nd4j.createFromArray(new float[][] {{1.5f, 0.5f}}));
        net.getLayer("bn").setParam("beta", Nd4j.createFromArray(new float[][] {{-0.2f, 0.3f}}));
        net.getLayer("bn").setParam("mean", Nd4j.createFromArray(new float[][] {{0.4f, -0.1f}}));
        net.getLayer("bn").setParam("var", Nd4j.createFromArray(new float[][] {{2.0f, 0.25f}}));
        double[][][] a = convolution();
        double[][][] r = new double[2][2][2];
        for (int k = 0; k < 2; k++) {
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 2; x++) {
                    double bn = gamma[k] * (a[k][y][x] - mean[k]) / Math.sqrt(var[k] + 1e-5) + beta[k];
                    r[k][y][x] = Math.max(0, bn);
                }
            }
        }
        GradCam cam = GradCam.builder().setNetwork(net).optLayer("relu").build();
        for (int c = 0; c < 2; c++) {
            ClassActivationMap m = cam.explain(input(), new int[] {c}).get(0);
            double[][] expected = new double[2][2];
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 2; x++) {
                    double s = 0;
                    for (int k = 0; k < 2; k++) {
                        s += OW[k][c] / 4.0 * r[k][y][x];
                    }
                    expected[y][x] = Math.max(0, s);
                }
            }
            assertMapEquals(expected, m.coarse(), 1e-4);
        }
        assertThrows(BadInputException.class, () -> GradCam.builder().setNetwork(net).optLayer("bn").build(),
                "a BatchNorm folded together with its ReLU has no activations of its own any more");
        assertThrows(BadInputException.class, () -> GradCam.builder().setNetwork(net).optLayer("nope").build());
    }

    /** A BatchNorm after the ReLU (no convolution to fold it into) runs as its inference affine map. */
    @Test
    void batchNormAfterAReluIsExplainedAsInInference() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                .graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(2, 2, 2))
                .addLayer("conv", new ConvolutionLayer.Builder(1, 1).nIn(2).nOut(2).activation(Activation.RELU)
                        .build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().nOut(2).useLogStd(false).build(), "conv")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "bn")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(2).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        net.getLayer("conv").setParam("W", Nd4j.createFromArray(new float[][][][] {
                {{{1.0f}}, {{0.5f}}}, {{{-1.0f}}, {{2.0f}}}}));
        net.getLayer("conv").setParam("b", Nd4j.createFromArray(new float[][] {{0.1f, -0.2f}}));
        net.getLayer("bn").setParam("gamma", Nd4j.createFromArray(new float[][] {{1.5f, -0.5f}}));
        net.getLayer("bn").setParam("beta", Nd4j.createFromArray(new float[][] {{-0.2f, 0.3f}}));
        net.getLayer("bn").setParam("mean", Nd4j.createFromArray(new float[][] {{0.4f, -0.1f}}));
        net.getLayer("bn").setParam("var", Nd4j.createFromArray(new float[][] {{2.0f, 0.25f}}));
        net.getLayer("out").setParam("W", Nd4j.createFromArray(new float[][] {{0.8f, -0.6f}, {-0.3f, 0.9f}}));
        double[] gamma = {1.5, -0.5};
        double[] beta = {-0.2, 0.3};
        double[] mean = {0.4, -0.1};
        double[] var = {2.0, 0.25};
        double[][][] a = convolution();
        GradCam cam = GradCam.builder().setNetwork(net).optLayer("bn").build();
        for (int c = 0; c < 2; c++) {
            double[][] expected = new double[2][2];
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 2; x++) {
                    double s = 0;
                    for (int k = 0; k < 2; k++) {
                        double b = gamma[k] * (Math.max(0, a[k][y][x]) - mean[k]) / Math.sqrt(var[k] + 1e-5)
                                + beta[k];
                        s += OW[k][c] / 4.0 * b;
                    }
                    expected[y][x] = Math.max(0, s);
                }
            }
            assertMapEquals(expected, cam.explain(input(), new int[] {c}).get(0).coarse(), 1e-4);
        }
    }

    @Test
    void aVertexWithoutSpatialActivationsIsRefused() {
        GradCam cam = GradCam.builder().setNetwork(network(false)).optLayer("pool").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cam.explainPredicted(input()));
        assertEquals(true, e.getMessage().contains("'pool'"), e.getMessage());
    }

    private static double[][] handMap(double[][][] a, int c, boolean reluAfter) {
        double hw = 4.0;
        double[] alpha = new double[2];
        for (int k = 0; k < 2; k++) {
            double s = 0;
            for (double[] row : a[k]) {
                for (double v : row) {
                    s += OW[k][c] / hw * (reluAfter && v <= 0 ? 0 : 1);
                }
            }
            alpha[k] = s / hw;
        }
        double[][] m = new double[2][2];
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
                m[y][x] = Math.max(0, alpha[0] * a[0][y][x] + alpha[1] * a[1][y][x]);
            }
        }
        return m;
    }

    private static double score(double[][][] a, int c) {
        double s = OB[c];
        for (int k = 0; k < 2; k++) {
            double g = 0;
            for (double[] row : a[k]) {
                for (double v : row) {
                    g += Math.max(0, v) / 4.0;
                }
            }
            s += g * OW[k][c];
        }
        return s;
    }

    /** A[k][y][x] = sum_i CW[k][i] X[i][y][x] + CB[k]. */
    private static double[][][] convolution() {
        double[][][] a = new double[2][2][2];
        for (int k = 0; k < 2; k++) {
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 2; x++) {
                    a[k][y][x] = CW[k][0] * X[0][y][x] + CW[k][1] * X[1][y][x] + CB[k];
                }
            }
        }
        return a;
    }

    private static int positives(double[][] m) {
        int n = 0;
        for (double[] row : m) {
            for (double v : row) {
                n += v > 0 ? 1 : 0;
            }
        }
        return n;
    }

    private static double max(double[][] m) {
        double best = 0;
        for (double[] row : m) {
            for (double v : row) {
                best = Math.max(best, v);
            }
        }
        return best;
    }

    private static void assertMapEquals(double[][] expected, float[][] actual, double tol) {
        assertEquals(expected.length, actual.length);
        for (int y = 0; y < expected.length; y++) {
            double[] got = new double[actual[y].length];
            for (int x = 0; x < got.length; x++) {
                got[x] = actual[y][x];
            }
            assertArrayEquals(expected[y], got, tol, "row " + y);
        }
    }

    private static INDArray input() {
        float[][][][] x = new float[1][2][2][2];
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < 2; y++) {
                for (int z = 0; z < 2; z++) {
                    x[0][c][y][z] = (float) X[c][y][z];
                }
            }
        }
        return Nd4j.create(x);
    }

    private static ComputationGraph network(boolean batchNorm) {
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(2, 2, 2))
                .addLayer("conv", new ConvolutionLayer.Builder(1, 1).nIn(2).nOut(2).activation(Activation.IDENTITY)
                        .build(), "in");
        String last = "conv";
        if (batchNorm) {
            b.addLayer("bn", new BatchNormalization.Builder().nOut(2).useLogStd(false).build(), "conv");
            last = "bn";
        }
        b.addLayer("relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), last)
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "relu")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(2).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out");
        ComputationGraph net = new ComputationGraph(b.build());
        net.init();
        net.getLayer("conv").setParam("W", Nd4j.createFromArray(new float[][][][] {
                {{{1.0f}}, {{0.5f}}}, {{{-1.0f}}, {{2.0f}}}}));
        net.getLayer("conv").setParam("b", Nd4j.createFromArray(new float[][] {{0.1f, -0.2f}}));
        net.getLayer("out").setParam("W", Nd4j.createFromArray(new float[][] {{0.8f, -0.6f}, {-0.3f, 0.9f}}));
        net.getLayer("out").setParam("b", Nd4j.createFromArray(new float[][] {{0.05f, -0.05f}}));
        return net;
    }
}
