package org.heartsounds.trainer.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Proof (b): the helper path's gradients are the derivatives of its loss, checked against finite differences.
 *
 * <p>The oneDNN convolution and batch-norm helpers only run in {@code FLOAT}: {@code MKLDNNConvHelper} and
 * {@code MKLDNNBatchNormHelper} return {@code null} for any other type and the layer falls back to the built-in code
 * (asserted below: in {@code DOUBLE} the gradients with helpers "on" are bit-for-bit the built-in ones). DL4J's
 * {@link GradientCheckUtil} requires {@code DOUBLE}, so on the helpers it can only check the pooling helper (the one
 * helper without a type check; it runs in backprop only), which it does here. The convolution and batch-norm
 * helpers are checked with a float central difference on the largest gradient entries of every helper parameter.
 */
class OneDnnFiniteDifferenceTest {
    /** Float central-difference step: large enough that float round-off in the score stays small, see below. */
    static final double EPS = 1e-3;
    /** Relative part of the tolerance: second-order terms and nearby ReLU/max-pool kinks over a step of 1e-3. */
    static final double RELATIVE_TOLERANCE = 1e-2;
    /** Score round-off assumed, in units in the last place of the (float) score. */
    static final int ROUND_OFF_ULPS = 8;
    private static final int SIZE = 16;
    private static final int BATCH = 8;
    private static final List<String> HELPER_PARAMS = List.of("conv1_W", "bn1_gamma", "bn1_beta", "b.conv1_W",
            "b.bn1_gamma", "b.bn1_beta", "b.conv2_W", "b.bn2_gamma", "b.bn2_beta", "b.proj_W", "b.proj_b");

    @BeforeAll
    static void oneDnnNatives() {
        OneDnnHelpersTest.assumeOneDnnNatives();
    }

    /** One checked entry: analytic (mean over the batch) and numerical gradient, and the tolerance applied. */
    record Entry(String param, long index, double analytic, double numerical, double tolerance) {
        boolean passes() {
            return Math.abs(analytic - numerical) <= tolerance;
        }
    }

    /**
     * Central differences {@code (L(w+eps) - L(w-eps)) / 2eps} of the float training-mode score for the 3 largest
     * gradient entries of each helper parameter. Tolerance {@code 8 ulp(L) / (2 eps) + 1e-2 |g|}: the float score
     * L (~1.7) carries up to 8 ulp (1.2e-7 each) of round-off, divided by 2 eps = 2e-3 that is 4.8e-4 absolute; the
     * relative 1e-2 covers second-order terms near ReLU/max-pool kinks. Measured on the 32 smooth entries: largest
     * error 1.4e-3 absolute (b.conv1_W[230], 1.6% relative; the built-in path's error there is 1.3e-3), largest
     * relative error 1.8% (b.bn1_beta[3], 4.7e-4 absolute, identical on the built-in path). With the wrong pooling
     * gradient 31 of 33 entries fail, by up to 26% (conv1_W[206]).
     */
    static List<Entry> centralDifferences(ComputationGraph net, INDArray x, INDArray y) {
        net.setInputs(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        Map<String, INDArray> grads = net.gradient().gradientForVariable();
        DataSet batch = new DataSet(x, y);
        List<Entry> entries = new ArrayList<>();
        for (String param : HELPER_PARAMS) {
            INDArray g = grads.get(param).dup().reshape(-1).divi(x.size(0)); // DL4J: sum over the batch
            INDArray w = net.getParam(param).reshape(-1);
            INDArray order = Nd4j.sortWithIndices(org.nd4j.linalg.ops.transforms.Transforms.abs(g), 0, false)[0];
            for (int k = 0; k < 3; k++) {
                long i = order.getLong(k);
                double original = w.getDouble(i);
                w.putScalar(i, original + EPS);
                double plus = net.score(batch, true);
                w.putScalar(i, original - EPS);
                double minus = net.score(batch, true);
                w.putScalar(i, original);
                double numerical = (plus - minus) / (2 * EPS);
                double analytic = g.getDouble(i);
                double roundOff = ROUND_OFF_ULPS * Math.ulp((float) Math.max(plus, minus)) / (2 * EPS);
                entries.add(new Entry(param, i, analytic, numerical,
                        roundOff + RELATIVE_TOLERANCE * Math.abs(analytic)));
            }
        }
        return entries;
    }

    /**
     * Every checked entry of the helper path agrees with the finite difference. Where the built-in path itself
     * disagrees with it, the step crosses a ReLU or max-pool kink (the function is not differentiable there; measured:
     * 1 of 33 entries, conv1_W[21], 4% off on both paths): there the helper's deviation from the finite difference
     * must equal the built-in path's. The built-in path is the reference DL4J checks in double
     * ({@link #gradientCheckUtilPassesInDoubleWithHelpersOn} runs that check here too).
     */
    @Test
    void floatCentralDifferencesMatchHelperGradients() {
        checkAgainstCentralDifferences(false);
    }

    /** The same check on the direct oneDNN helpers (backend.onednn): every convolution and batch norm. */
    @Test
    void floatCentralDifferencesMatchDirectHelperGradients() {
        checkAgainstCentralDifferences(true);
    }

    private static void checkAgainstCentralDifferences(boolean direct) {
        ComputationGraph on = ProofNets.build(ProofNets.configuration(DataType.FLOAT, SIZE, new Sgd(0.1), false),
                true);
        if (direct) {
            assertEquals(7, DirectOneDnnGradientParityTest.direct(on).size());
        }
        ComputationGraph off = ProofNets.twin(on, false);
        assertEquals(ProofNets.HELPER_LAYERS, OneDnnHelpers.active(on).count());
        INDArray x = ProofNets.randomImages(DataType.FLOAT, BATCH, SIZE, 1);
        INDArray y = ProofNets.cyclicLabels(DataType.FLOAT, BATCH);
        List<Entry> helper = centralDifferences(on, x, y);
        List<Entry> builtIn = centralDifferences(off, x, y);
        assertEquals(33, helper.size());
        int kinks = 0;
        for (int i = 0; i < helper.size(); i++) {
            Entry h = helper.get(i);
            Entry b = builtIn.get(i);
            assertEquals(b.param() + b.index(), h.param() + h.index(), "same entries checked");
            assertTrue(Math.abs(h.analytic()) > 1e-3, "checked entries carry a real gradient: " + h);
            if (b.passes()) {
                assertTrue(h.passes(), h + " (built-in: " + b + ")");
            } else {
                kinks++;
                double helperDeviation = h.analytic() - h.numerical();
                double builtInDeviation = b.analytic() - b.numerical();
                assertEquals(builtInDeviation, helperDeviation, h.tolerance(), "at a kink: " + h + " vs " + b);
            }
        }
        assertTrue(kinks <= 3, kinks + " of 33 entries at a kink: choose other data");
    }

    /** The same check fails where the helper's gradient is known to be wrong: it can tell. */
    @Test
    void centralDifferencesCatchTheWrongPoolingGradient() {
        ComputationGraph on = ProofNets.build(ProofNets.configuration(DataType.FLOAT, SIZE, new Sgd(0.1), true),
                true);
        assertEquals(List.of("avgpool"), OneDnnHelpers.active(on).wrongGradient());
        List<Entry> entries = centralDifferences(on, ProofNets.randomImages(DataType.FLOAT, BATCH, SIZE, 1),
                ProofNets.cyclicLabels(DataType.FLOAT, BATCH));
        long failures = entries.stream().filter(e -> !e.passes()).count();
        assertTrue(failures >= entries.size() / 2, failures + " of " + entries.size() + " entries fail: " + entries);
    }

    @Test
    void convAndBatchNormHelpersDeclineDouble() {
        ComputationGraph on = ProofNets.build(ProofNets.configuration(DataType.DOUBLE, SIZE, new Sgd(0.1), false),
                true);
        ComputationGraph off = ProofNets.twin(on, false);
        assertEquals(ProofNets.HELPER_LAYERS, OneDnnHelpers.active(on).count(), "helpers exist ...");
        GradientParity p = GradientParity.of(on, off, ProofNets.randomImages(DataType.DOUBLE, BATCH, SIZE, 1),
                ProofNets.cyclicLabels(DataType.DOUBLE, BATCH));
        assertEquals(p.scoreB(), p.scoreA(), 0.0);
        p.relativeDifference().forEach((param, rel) -> assertEquals(0.0, rel, param + " ... but do not run in double"));
    }

    /**
     * DL4J's gradient check in DOUBLE with helpers on (only the pooling helper runs: max pooling with padding and
     * average pooling without counting the padding), on a 2-channel version of the proof network (144 parameters checked), 8x8, batch 4:
     * epsilon 1e-6, max relative error 1e-3, min absolute error 1e-8 (DL4J's defaults). BatchNorm running
     * statistics (no gradient) and the dense/output layers (no helper) are left out.
     */
    @Test
    void gradientCheckUtilPassesInDoubleWithHelpersOn() {
        DataType defaultType = Nd4j.dataType();
        DataType defaultFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            ComputationGraph net = ProofNets.build(
                    ProofNets.configuration(DataType.DOUBLE, 8, new NoOp(), false, 2), true);
            assertEquals(ProofNets.HELPER_LAYERS, OneDnnHelpers.active(net).count());
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                    .inputs(new INDArray[] {ProofNets.randomImages(DataType.DOUBLE, 4, 8, 3)})
                    .labels(new INDArray[] {ProofNets.cyclicLabels(DataType.DOUBLE, 4)})
                    .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
                    .excludeParams(Set.of("bn1_mean", "bn1_var", "b.bn1_mean", "b.bn1_var", "b.bn2_mean",
                            "b.bn2_var", "dense_W", "dense_b", "out_W", "out_b")));
            assertTrue(ok, "GradientCheckUtil failures: see the log");
        } finally {
            Nd4j.setDefaultDataTypes(defaultType, defaultFloat);
        }
    }
}
