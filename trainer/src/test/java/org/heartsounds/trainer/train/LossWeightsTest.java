package org.heartsounds.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.ClassWeights;
import org.heartsounds.trainer.data.ImageEntry;
import org.heartsounds.trainer.model.TorchCompatibleLayers;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/** {@code train.class_weights}: resolving the weights, rejecting bad ones, and the weighted loss DL4J computes. */
class LossWeightsTest {
    private static final List<String> PASCAL_B = List.of("extrastole", "murmur", "normal");

    @BeforeAll
    static void oneThread() {
        Nd4jThreads.single();
    }

    @Test
    void balancedIsNSamplesOverNClassesTimesCount() {
        // PASCAL set B: extrastole 46, murmur 95, normal 320 -> n = 461, k = 3
        long[] counts = {46, 95, 320};
        assertArrayEquals(new double[] {461.0 / 138, 461.0 / 285, 461.0 / 960}, LossWeights.balanced(counts), 1e-12);
        assertArrayEquals(new double[] {3.340580, 1.617544, 0.480208}, LossWeights.balanced(counts), 1e-6);
        LossWeights w = LossWeights.resolve(ClassWeights.balanced(), counts, PASCAL_B, "data/labels.txt");
        assertTrue(w.weighted());
        assertEquals(ClassWeights.Mode.BALANCED, w.mode());
        assertArrayEquals(new double[] {3.340580, 1.617544, 0.480208}, w.weights(), 1e-6);
        double mean = 0;
        for (int c = 0; c < 3; c++) {
            mean += w.weights()[c] * counts[c] / 461.0;
        }
        assertEquals(1.0, mean, 1e-12, "balanced weights average 1 over the training windows");
        assertEquals("balanced: extrastole 3.3406, murmur 1.6175, normal 0.4802 (training windows: extrastole 46, "
                + "murmur 95, normal 320)", w.describe(PASCAL_B));
        assertArrayEquals(new double[] {1, 1}, LossWeights.balanced(new long[] {7, 7}), 0.0, "balanced data: all 1");

        List<ImageEntry> images = List.of(new ImageEntry(Path.of("a.png"), 2, "r1", "g1"),
                new ImageEntry(Path.of("b.png"), 2, "r1", "g1"), new ImageEntry(Path.of("c.png"), 0, "r2", "g2"));
        assertArrayEquals(new long[] {1, 0, 2}, LossWeights.countWindows(images, 3), "windows, not recordings");
    }

    @Test
    void noneAndGivenLists() {
        LossWeights none = LossWeights.resolve(ClassWeights.none(), new long[] {1, 2, 3}, PASCAL_B, "l");
        assertFalse(none.weighted());
        assertNull(none.weights());
        assertEquals("none (training windows: extrastole 1, murmur 2, normal 3)", none.describe(PASCAL_B));
        LossWeights given = LossWeights.resolve(ClassWeights.of(List.of(4.0, 2.0, 0.5)), new long[] {1, 2, 3},
                PASCAL_B, "l");
        assertArrayEquals(new double[] {4, 2, 0.5}, given.weights(), 0.0);
        assertTrue(given.describe(PASCAL_B).startsWith("list: extrastole 4.0000, murmur 2.0000, normal 0.5000"));
    }

    @Test
    void aListOfTheWrongLengthOrBalancedWithAnEmptyClassIsBadInput() {
        BadInputException tooShort = assertThrows(BadInputException.class, () -> LossWeights.resolve(
                ClassWeights.of(List.of(1.0, 2.0)), new long[] {1, 2, 3}, PASCAL_B, "runs/data/labels.txt"));
        assertEquals("runs/data/labels.txt: train.class_weights has 2 weights but the dataset has 3 classes "
                + "[extrastole, murmur, normal]; give one weight per class in this (labels.txt) order",
                tooShort.getMessage());
        BadInputException tooLong = assertThrows(BadInputException.class, () -> LossWeights.resolve(
                ClassWeights.of(List.of(1.0, 2.0, 3.0, 4.0)), new long[] {1, 2, 3}, PASCAL_B, "l"));
        assertTrue(tooLong.getMessage().contains("has 4 weights but the dataset has 3 classes"), tooLong.getMessage());
        BadInputException empty = assertThrows(BadInputException.class, () -> LossWeights.resolve(
                ClassWeights.balanced(), new long[] {4, 0, 3}, PASCAL_B, "l"));
        assertTrue(empty.getMessage().contains("train.class_weights balanced: class 'murmur' has no training windows"),
                empty.getMessage());
    }

    /** A network that is only a 3-class softmax output layer on 3 inputs, W = identity, b = 0: logits = inputs. */
    private static ComputationGraph headOnly(double[] weights) {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .graphBuilder().addInputs("in")
                .addLayer("fc", TorchCompatibleLayers.softmaxOutput(3, 3, true, weights), "in")
                .setOutputs("fc").build());
        g.init();
        g.getLayer("fc").setParam("W", Nd4j.eye(3).castTo(DataType.FLOAT));
        g.getLayer("fc").setParam("b", Nd4j.zeros(DataType.FLOAT, 1, 3));
        return g;
    }

    @Test
    void theWeightedLossIsMinusTheWeightedLogProbabilityOfTheTrueClassOverTheBatch() {
        double[][] z = {{2, 1, 0}, {0.5, 1.5, -1}, {0, 0, 3}, {1, 2, 0.5}};
        int[] y = {0, 1, 2, 0};
        double[] w = {0.5, 2, 4};
        double weighted = 0;
        double plain = 0;
        for (int i = 0; i < z.length; i++) {
            double logSumExp = Math.log(Math.exp(z[i][0]) + Math.exp(z[i][1]) + Math.exp(z[i][2]));
            double logP = z[i][y[i]] - logSumExp;
            weighted -= w[y[i]] * logP;
            plain -= logP;
        }
        weighted /= z.length;
        plain /= z.length;
        // by hand: example 0 -> -0.5 * log(e^2 / (e^2 + e + 1)) = 0.5 * 0.407606, and so on
        assertEquals((0.5 * 0.407606 + 2 * 0.371539 + 4 * 0.094923 + 0.5 * 1.464369) / 4, weighted, 1e-5);

        INDArray x = Nd4j.createFromArray(z).castTo(DataType.FLOAT);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 4, 3);
        for (int i = 0; i < y.length; i++) {
            labels.putScalar(i, y[i], 1);
        }
        ComputationGraph net = headOnly(w);
        assertEquals(weighted, net.score(new DataSet(x, labels)), 1e-5, "the network's score");
        OutputLayer conf = (OutputLayer) net.getLayer("fc").conf().getLayer();
        LossMCXENT loss = (LossMCXENT) conf.getLossFn();
        assertArrayEquals(new double[] {0.5, 2, 4}, loss.getWeights().toDoubleVector(), 0.0);
        assertEquals(weighted, loss.computeScore(labels, x, conf.getActivationFn(), null, true), 1e-5,
                "the loss function's score of the logits");
        assertEquals(plain, headOnly(null).score(new DataSet(x, labels)), 1e-5, "no weights: plain cross-entropy");
        assertEquals(plain, headOnly(new double[] {1, 1, 1}).score(new DataSet(x, labels)), 1e-5);
        assertThrows(IllegalArgumentException.class, () -> TorchCompatibleLayers.softmaxOutput(3, 3, true,
                new double[] {1, 2}));
    }
}
