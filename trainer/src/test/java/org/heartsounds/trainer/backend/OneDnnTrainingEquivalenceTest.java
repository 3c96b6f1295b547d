package org.heartsounds.trainer.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Proof (c): training with the helpers follows the same loss curve and ends with the same predictions as training
 * without them. The proof network (same seed, same initial parameters) is fitted {@value #STEPS} full-batch steps
 * on {@value #EXAMPLES} separable synthetic 16x16 images (5 classes, a square lit in the class's colour).
 *
 * <p>Tolerances: per-step loss {@value #LOSS_TOLERANCE} relative (measured at most 5.2e-7 with Adam, 2.1e-7 with SGD),
 * final parameters {@value #PARAM_TOLERANCE} relative L2 (measured 1.6e-6 with Adam, 9e-8 with SGD), identical
 * predicted classes in inference mode and equal training-mode accuracy; the loss must halve (Adam 2.52 -> 0.58,
 * SGD 2.52 -> 1.03).
 *
 * <p>Why parameters can drift further apart with Adam than the gradients do: Adam's first update is
 * {@code lr * m / (sqrt(v) + eps)} with {@code m = (1-b1) g} and {@code v = (1-b2) g^2} after bias correction, i.e.
 * {@code lr * g / (|g| + eps)}, which is about {@code lr * sign(g)} for any |g| above eps = 1e-8. A parameter whose
 * true gradient is zero up to rounding (a convolution bias in front of BatchNorm, a weight feeding only dead ReLUs)
 * has a gradient of float noise, about 1e-6, whose sign differs between the two summation orders; it then moves by
 * +lr on one path and -lr on the other. In ResNet-18 such entries make the two paths' updates differ by about 1%
 * relative while every gradient agrees to 1e-5; they do not affect the loss (that is why their gradient is zero), so
 * the loss curves stay together. The proof network has no bias in front of BatchNorm (like torchvision), and its
 * parameters stay within 2e-6; an earlier variant with such a bias (30 Adam steps, 40 examples) ended with
 * parameters 3e-3 apart and, because the running mean lags the bias, one of 40 inference-mode predictions changed.
 */
class OneDnnTrainingEquivalenceTest {
    static final int STEPS = 20;
    static final int EXAMPLES = 20;
    static final double LOSS_TOLERANCE = 1e-4;
    static final double PARAM_TOLERANCE = 1e-3;

    @BeforeAll
    static void oneDnnNatives() {
        OneDnnHelpersTest.assumeOneDnnNatives();
    }

    @Test
    void adamTrainsTheSameWithAndWithoutHelpers() {
        trainBoth(new Adam(1e-2));
    }

    @Test
    void sgdTrainsTheSameWithAndWithoutHelpers() {
        trainBoth(new Sgd(0.3));
    }

    /** The same with the direct oneDNN helpers (backend.onednn) on every convolution and batch norm. */
    @Test
    void adamTrainsTheSameWithDirectHelpers() {
        trainBoth(new Adam(1e-2), true);
    }

    @Test
    void sgdTrainsTheSameWithDirectHelpers() {
        trainBoth(new Sgd(0.3), true);
    }

    private static void trainBoth(IUpdater updater) {
        trainBoth(updater, false);
    }

    private static void trainBoth(IUpdater updater, boolean direct) {
        ComputationGraph on = ProofNets.build(ProofNets.configuration(DataType.FLOAT, 16, updater, false), true);
        if (direct) {
            DirectOneDnnGradientParityTest.direct(on);
        }
        ComputationGraph off = ProofNets.twin(on, false);
        assertEquals(ProofNets.HELPER_LAYERS, OneDnnHelpers.active(on).count());
        assertEquals(direct ? 7 : 0, OneDnnHelpers.active(on).direct().size());
        INDArray x = ProofNets.separableImages(EXAMPLES, 16, 5);
        INDArray y = ProofNets.cyclicLabels(DataType.FLOAT, EXAMPLES);
        DataSet data = new DataSet(x, y);

        double first = Double.NaN;
        double last = Double.NaN;
        for (int step = 0; step < STEPS; step++) {
            on.fit(data);
            off.fit(data);
            double a = on.score();
            double b = off.score();
            assertEquals(b, a, LOSS_TOLERANCE * b, "loss at step " + step);
            first = step == 0 ? b : first;
            last = b;
        }
        assertTrue(last < 0.5 * first, "the network learns: loss " + first + " -> " + last);
        double paramDiff = on.params().sub(off.params()).norm2Number().doubleValue()
                / off.params().norm2Number().doubleValue();
        assertTrue(paramDiff < PARAM_TOLERANCE, "relative parameter difference " + paramDiff);

        int[] predictedOn = on.outputSingle(false, x).argMax(1).toIntVector();
        int[] predictedOff = off.outputSingle(false, x).argMax(1).toIntVector();
        assertArrayEquals(predictedOff, predictedOn, "predicted classes in inference mode");
        double trainAccuracy = on.outputSingle(true, x).argMax(1).eq(y.argMax(1)).castTo(DataType.FLOAT)
                .meanNumber().doubleValue();
        assertEquals(trainAccuracy, off.outputSingle(true, x).argMax(1).eq(y.argMax(1)).castTo(DataType.FLOAT)
                .meanNumber().doubleValue(), 0.0, "training-mode accuracy");
    }
}
