package org.heartsounds.evaluation.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.heartsounds.trainer.backend.OneDnnHelpers;
import org.heartsounds.trainer.model.ResNet18;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The gradients behind the maps. (1) Where a vertex feeds two branches (as every residual block's output does),
 * DL4J adds the two branches' gradients; checked against central finite differences of the class score in double
 * precision. (2) ResNet-18's maps are the same with DL4J's oneDNN helpers on and off.
 */
class GradCamGradientTest {
    @Test
    void aVertexFeedingTwoBranchesGetsTheSumOfTheirGradients() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.DOUBLE)
                .weightInit(WeightInit.XAVIER).convolutionMode(ConvolutionMode.Same).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(5, 6, 2))
                .addLayer("stem", new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.TANH).build(), "in")
                .addLayer("a", new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.IDENTITY).build(),
                        "stem")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "a", "stem")
                .addLayer("relu", new ActivationLayer.Builder().activation(Activation.SOFTPLUS).build(), "add")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "relu")
                .addLayer("fc", new DenseLayer.Builder().nOut(3).activation(Activation.IDENTITY).build(), "pool")
                .setOutputs("fc").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 1, 2, 5, 6).subi(0.5).muli(2);
        int cls = 2;
        GradCam cam = GradCam.builder().setNetwork(net).optLayer("in").optHelpers(false).build();
        ClassActivationMap m = cam.explain(x, new int[] {cls}).get(0);
        // finite differences of the class score with respect to each input value
        double h = 1e-5;
        double[] alpha = new double[2];
        double[][][] grad = new double[2][5][6];
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < 5; y++) {
                for (int z = 0; z < 6; z++) {
                    double v = x.getDouble(0, c, y, z);
                    x.putScalar(new long[] {0, c, y, z}, v + h);
                    double up = net.outputSingle(x).getDouble(0, cls);
                    x.putScalar(new long[] {0, c, y, z}, v - h);
                    double down = net.outputSingle(x).getDouble(0, cls);
                    x.putScalar(new long[] {0, c, y, z}, v);
                    grad[c][y][z] = (up - down) / (2 * h);
                    alpha[c] += grad[c][y][z] / 30.0;
                }
            }
        }
        float[][] coarse = m.coarse();
        double worst = 0;
        double peak = 0;
        for (int y = 0; y < 5; y++) {
            for (int z = 0; z < 6; z++) {
                double expected = Math.max(0, alpha[0] * x.getDouble(0, 0, y, z) + alpha[1] * x.getDouble(0, 1, y, z));
                peak = Math.max(peak, expected);
                worst = Math.max(worst, Math.abs(expected - coarse[y][z]));
            }
        }
        assertTrue(peak > 1e-3, "a map with something in it: " + peak);
        assertTrue(worst <= 1e-6 * Math.max(1, peak) + 1e-6, "worst difference " + worst + " (peak " + peak + ")");
    }

    @Test
    void resNet18MapsAreTheSameWithAndWithoutTheOneDnnHelpers() {
        ComputationGraph net = OneDnnHelpers.build(false, () -> ResNet18.builder().setNumClasses(5).optInputSize(64)
                .optSeed(3).build());
        INDArray x = Nd4j.randn(DataType.FLOAT, 3, 3, 64, 64);
        for (String layer : new String[] {null, "layer3.1.relu2"}) {
            List<ClassActivationMap> plain = GradCam.builder().setNetwork(net).optLayer(layer).optHelpers(false)
                    .build().explain(x, new int[] {0, 2, 4});
            List<ClassActivationMap> fast = GradCam.builder().setNetwork(net).optLayer(layer).optHelpers(true)
                    .build().explain(x, new int[] {0, 2, 4});
            for (int i = 0; i < 3; i++) {
                float[][] a = plain.get(i).coarse();
                float[][] b = fast.get(i).coarse();
                double peak = Math.max(plain.get(i).peak(), 1e-12);
                for (int y = 0; y < a.length; y++) {
                    for (int z = 0; z < a[y].length; z++) {
                        assertEquals(a[y][z], b[y][z], 1e-3 * peak, layer + " map " + i + " at " + y + "," + z);
                    }
                }
                assertEquals(layer == null ? 2 : 4, a.length, "64 px: layer4 is 2x2, layer3 4x4");
            }
        }
    }
}
