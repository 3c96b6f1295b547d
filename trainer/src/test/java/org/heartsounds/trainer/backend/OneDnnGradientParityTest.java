package org.heartsounds.trainer.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heartsounds.trainer.model.ResNet18;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Proof (a): with the same parameters and the same float batch, the oneDNN helper path computes the same score and
 * the same gradient for every parameter as DL4J's built-in path.
 *
 * <p>Tolerance: relative L2 difference per parameter {@value #GRADIENT_TOLERANCE}. The two paths sum in different
 * orders (oneDNN's blocked convolution and batch-norm kernels vs im2col + GEMM), so each float32 sum of K terms
 * differs by about {@code sqrt(K) * 6e-8}; the weight gradient of the first convolution sums over batch x H x W
 * = 8 x 32 x 32 = 8192 positions, i.e. about 5e-6. Measured here: at most 6.9e-6 (conv1_W) on the proof network,
 * 2.0e-5 (bn1_beta) on ResNet-18; at most 1.6e-7 for the dense layers, which have no helper; BatchNorm running
 * mean/variance entries (DL4J's update of the running statistics) at most 4.2e-7.
 *
 * <p>One thing legitimately breaks that bound: a ReLU input within rounding distance of zero is zero after one path
 * and positive after the other, and every gradient below that layer then differs by about 1e-3 (measured on
 * ResNet-18, 32x32, batch 16: one flipped element in layer2.1.relu2 out of 131072, gradients above it equal to 1e-5,
 * at and below it 1.3e-3 to 2.2e-3). The tests count such flips and allow {@value #FLIP_TOLERANCE} when there are
 * any; a wrong backward pass is off by percents (see
 * {@link #poolingHelperGradientIsWrongWhenPaddingCountsAndRemovalFixesIt}: 7–78%), so both bounds still catch it.
 * Score tolerance {@value #SCORE_TOLERANCE} (measured difference 2.4e-7 on the proof network, 1.7e-6 on
 * ResNet-18); ResNet-18 inference outputs 1e-5 absolute (measured 5.4e-7).
 */
class OneDnnGradientParityTest {
    static final double GRADIENT_TOLERANCE = 1e-4;
    static final double FLIP_TOLERANCE = 1e-2;
    static final double SCORE_TOLERANCE = 1e-5;
    private static final int SIZE = 32;
    private static final int BATCH = 8;

    @BeforeAll
    static void oneDnnNatives() {
        OneDnnHelpersTest.assumeOneDnnNatives();
    }

    static void assertGradientsAgree(GradientParity p) {
        assertEquals(p.scoreB(), p.scoreA(), SCORE_TOLERANCE, "score");
        double tolerance = p.reluFlips() == 0 ? GRADIENT_TOLERANCE : FLIP_TOLERANCE;
        p.relativeDifference().forEach((param, rel) -> assertTrue(rel < tolerance,
                param + ": relative L2 difference " + rel + " (ReLU flips: " + p.reluFlips() + ")"));
    }

    @Test
    void helperAndBuiltInGradientsAgreeOnEveryParameter() {
        ComputationGraph on = ProofNets.build(ProofNets.configuration(DataType.FLOAT, SIZE, new Adam(1e-3), false),
                true);
        ComputationGraph off = ProofNets.twin(on, false);
        assertEquals(ProofNets.HELPER_LAYERS, OneDnnHelpers.active(on).count(), OneDnnHelpers.active(on).summary());
        assertEquals(List.of(), OneDnnHelpers.active(on).wrongGradient());
        assertEquals(0, OneDnnHelpers.active(off).count());

        GradientParity p = GradientParity.of(on, off, ProofNets.randomImages(DataType.FLOAT, BATCH, SIZE, 1),
                ProofNets.cyclicLabels(DataType.FLOAT, BATCH));
        assertEquals(21, p.relativeDifference().size(), p.relativeDifference().keySet().toString());
        assertGradientsAgree(p);
    }

    /**
     * The same check on the real ResNet-18 (32x32 input, batch 8): all 41 conv/BN/max-pool layers run helpers and
     * all 102 gradient entries (20 conv weights, 20 x 4 BN, fc weight and bias) agree.
     */
    @Test
    void resNet18GradientsAgree() {
        ComputationGraph on = ProofNets.withHelpers(true, () -> ResNet18.builder().setNumClasses(5)
                .optInputSize(SIZE).optUpdater(new Adam(1e-3)).build());
        ComputationGraph off = ProofNets.twin(on, false);
        assertEquals(41, OneDnnHelpers.active(on).count(), OneDnnHelpers.active(on).summary());
        assertEquals(List.of(), OneDnnHelpers.active(on).withoutHelper());

        INDArray x = ProofNets.randomImages(DataType.FLOAT, BATCH, SIZE, 2);
        GradientParity p = GradientParity.of(on, off, x, ProofNets.cyclicLabels(DataType.FLOAT, BATCH));
        assertEquals(102, p.relativeDifference().size());
        assertGradientsAgree(p);
        // inference (running statistics, no backward): conv and BN helpers only
        INDArray diff = on.outputSingle(false, x).sub(off.outputSingle(false, x));
        assertTrue(diff.amaxNumber().doubleValue() < 1e-5, "inference max abs difference " + diff.amaxNumber());
    }

    /**
     * DL4J M2.1's pooling helper back-propagates average pooling as if padding were never counted; with
     * {@code count_include_pad=True} and padding (PyTorch's AvgPool2d default) every gradient below the pooling
     * layer is wrong. {@link OneDnnHelpers#active} flags the layer and
     * {@link OneDnnHelpers#removeIncorrectHelpers} restores correct gradients while the other helpers stay.
     */
    @Test
    void poolingHelperGradientIsWrongWhenPaddingCountsAndRemovalFixesIt() {
        ComputationGraph on = ProofNets.build(ProofNets.configuration(DataType.FLOAT, SIZE, new Adam(1e-3), true),
                true);
        ComputationGraph off = ProofNets.twin(on, false);
        INDArray x = ProofNets.randomImages(DataType.FLOAT, BATCH, SIZE, 1);
        INDArray y = ProofNets.cyclicLabels(DataType.FLOAT, BATCH);
        assertEquals(List.of("avgpool"), OneDnnHelpers.active(on).wrongGradient());

        GradientParity broken = GradientParity.of(on, off, x, y);
        assertEquals(broken.scoreB(), broken.scoreA(), SCORE_TOLERANCE, "the forward pass does not use the helper");
        assertTrue(broken.relativeDifference().get("conv1_W") > 0.05, "conv1_W " + broken.relativeDifference());
        assertTrue(broken.relativeDifference().get("b.conv2_W") > 0.05, "b.conv2_W " + broken.relativeDifference());
        assertTrue(broken.relativeDifference().get("dense_W") < GRADIENT_TOLERANCE, "above the pooling: unaffected");

        assertEquals(List.of("avgpool"), OneDnnHelpers.removeIncorrectHelpers(on));
        OneDnnHelpers.Coverage after = OneDnnHelpers.active(on);
        assertEquals(ProofNets.HELPER_LAYERS - 1, after.count());
        assertEquals(List.of("avgpool"), after.withoutHelper());
        assertEquals(List.of(), after.wrongGradient());
        assertGradientsAgree(GradientParity.of(on, off, x, y));
    }
}
