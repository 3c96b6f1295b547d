package org.heartsounds.trainer.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heartsounds.trainer.backend.onednn.DirectInference;
import org.heartsounds.trainer.inference.InferenceGraphOptimizer;
import org.heartsounds.trainer.model.ResNet18;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The oneDNN inference chain computes what DL4J computes: ResNet-18 trained a few steps (so that BatchNorm's running
 * statistics are not the initial ones), folded by {@link InferenceGraphOptimizer}, run as one chain with the residual
 * additions and ReLUs as convolution post-ops: the same logits as the trained graph's own inference within 1e-4 of
 * the largest logit, at batch 1 and 3, at two input sizes; graphs it does not cover are refused with the reason.
 */
class DirectInferenceTest {
    @BeforeAll
    static void natives() {
        OneDnnHelpersTest.assumeOneDnnNatives();
    }

    @Test
    void resNet18ChainMatchesDl4jInference() {
        ComputationGraph trained = ProofNets.withHelpers(true, () -> ResNet18.builder().setNumClasses(3)
                .optInputSize(64).optSeed(3).optUpdater(new Adam(1e-3)).build());
        OneDnnHelpers.tune(trained);
        INDArray x = ProofNets.randomImages(DataType.FLOAT, 6, 64, 5);
        DataSet data = new DataSet(x, ProofNets.cyclicLabels(DataType.FLOAT, 6).getColumns(0, 1, 2));
        for (int i = 0; i < 2; i++) {
            trained.fit(data);
        }
        // compared on logits (the same network with an identity output layer): softmax would hide differences in
        // saturated probabilities
        ComputationGraph net = ProofNets.withHelpers(true, () -> ResNet18.builder().setNumClasses(3)
                .optInputSize(64).optSeed(3).logitsOutput().build());
        net.setParams(trained.params());
        InferenceGraphOptimizer.Optimized folded = InferenceGraphOptimizer.optimize(net, true, false);
        double worst = 0;
        for (long[] shape : new long[][] {{1, 3, 64, 64}, {3, 3, 64, 64}, {1, 3, 96, 96}}) {
            DirectInference.Compiled c = DirectInference.compile(folded.graph(), shape);
            assertTrue(c.get().isPresent(), "refused: " + c.refusal());
            DirectInference chain = c.inference();
            assertEquals("oneDNN chain: 20 convolutions (8 with the residual sum fused), 1 pooling, 0 separate ReLU, "
                    + "1 global pooling, 1 fully connected", chain.summary());
            INDArray in = ProofNets.randomImages(DataType.FLOAT, (int) shape[0], (int) shape[2], shape[2]);
            INDArray expected = net.outputSingle(false, in);
            INDArray actual = chain.output(in);
            assertEquals(expected.shapeInfoToString(), actual.shapeInfoToString());
            assertTrue(expected.amaxNumber().doubleValue() > 1e-3, "logits are not all zero: " + expected);
            worst = Math.max(worst, expected.sub(actual).amaxNumber().doubleValue()
                    / expected.amaxNumber().doubleValue());
            INDArray again = chain.output(in);
            assertEquals(0.0, again.sub(actual).amaxNumber().doubleValue(), 0.0, "buffers reused: same answer");
        }
        System.out.println("oneDNN chain vs DL4J inference: worst difference relative to the largest logit " + worst);
        assertTrue(worst < 1e-4, "worst relative difference " + worst);
    }

    @Test
    void graphsOutsideTheChainAreRefusedWithTheReason() {
        ComputationGraph proof = ProofNets.build(ProofNets.configuration(DataType.FLOAT, 16, new Adam(1e-3), true),
                false);
        DirectInference.Compiled c = DirectInference.compile(
                InferenceGraphOptimizer.optimize(proof, false, false).graph(), new long[] {1, 3, 16, 16});
        assertTrue(c.get().isEmpty());
        assertEquals("avgpool: pooling other than max pooling (NCHW, no dilation, not Same)", c.refusal());
    }
}
