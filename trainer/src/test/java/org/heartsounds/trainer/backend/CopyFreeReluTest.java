package org.heartsounds.trainer.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.heartsounds.trainer.model.ResNet18;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The copy-free ReLU computes exactly what DL4J's ActivationLayer computes: ResNet-18 (32 px, helpers off so that
 * nothing else differs) trained with and without it (oneDNN's eltwise primitives, and libnd4j's ops) has
 * bit-identical gradients, losses and parameters after every step, and the model file still holds DL4J's own
 * ActivationLayer.
 */
class CopyFreeReluTest {
    @Test
    void trainsBitForBitLikeDl4jsActivationLayer(@TempDir Path dir) throws Exception {
        trainsBitForBit(dir, true);
    }

    @Test
    void trainsBitForBitWithLibnd4jsOps(@TempDir Path dir) throws Exception {
        trainsBitForBit(dir, false);
    }

    private static void trainsBitForBit(Path dir, boolean oneDnn) throws Exception {
        ComputationGraph plain = ResNet18.builder().setNumClasses(3).optInputSize(32).optSeed(9)
                .optUpdater(new Adam(1e-3)).build();
        ComputationGraph fast = plain.clone();
        List<String> replaced = CopyFreeRelu.install(fast, oneDnn);
        assertEquals(17, replaced.size(), "ResNet-18 has 17 ReLU layers: " + replaced);
        assertInstanceOf(CopyFreeRelu.class, fast.getLayer("layer1.0.relu1"));

        INDArray x = ProofNets.randomImages(DataType.FLOAT, 6, 32, 4);
        DataSet data = new DataSet(x, ProofNets.cyclicLabels(DataType.FLOAT, 6).getColumns(0, 1, 2));
        plain.setInputs(x);
        plain.setLabels(data.getLabels());
        plain.computeGradientAndScore();
        fast.setInputs(x);
        fast.setLabels(data.getLabels());
        fast.computeGradientAndScore();
        assertIdentical(plain.getFlattenedGradients(), fast.getFlattenedGradients(), "gradients");
        for (int step = 0; step < 4; step++) {
            plain.fit(data);
            fast.fit(data);
            assertEquals(plain.score(), fast.score(), 0.0, "loss at step " + step);
            assertIdentical(plain.params(), fast.params(), "parameters after step " + step);
        }
        assertIdentical(plain.outputSingle(false, x), fast.outputSingle(false, x), "inference");

        File file = dir.resolve("m.zip").toFile();
        ModelSerializer.writeModel(fast, file, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);
        assertEquals(org.deeplearning4j.nn.layers.ActivationLayer.class,
                restored.getLayer("layer1.0.relu1").getClass(), "the file holds DL4J's own layer");
        assertIdentical(plain.params(), restored.params(), "restored parameters");
        assertEquals(17, CopyFreeRelu.install(restored, oneDnn).size(), "a restored network's ReLUs are plain too");
    }

    /** Every element equal (ND4J's own equals allows a difference of 1e-5). */
    static void assertIdentical(INDArray expected, INDArray actual, String what) {
        assertEquals(0.0, expected.sub(actual).amaxNumber().doubleValue(), 0.0, what);
    }
}
