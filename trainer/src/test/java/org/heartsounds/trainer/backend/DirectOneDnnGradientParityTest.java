package org.heartsounds.trainer.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.heartsounds.trainer.backend.onednn.DirectConvolutionHelper;
import org.heartsounds.trainer.backend.onednn.DirectHelpers;
import org.heartsounds.trainer.model.ResNet18;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The direct oneDNN helpers ({@code backend.onednn}) against DL4J's built-in code: same score, same gradient for
 * every parameter, same inference output, within the bounds of {@link OneDnnGradientParityTest} (summation order
 * differs; a ReLU input within rounding of zero may flip). ResNet-18's conv1, which skips the gradient with respect
 * to the network input, still gets the same weight gradient.
 */
class DirectOneDnnGradientParityTest {
    private static final int SIZE = 32;
    private static final int BATCH = 8;

    @BeforeAll
    static void natives() {
        OneDnnHelpersTest.assumeOneDnnNatives();
    }

    /** Installs the direct helpers in {@code net} and checks that every convolution and batch norm got one. */
    static List<String> direct(ComputationGraph net) {
        List<String> changed = DirectHelpers.install(net);
        long capable = java.util.Arrays.stream(net.getLayers())
                .filter(l -> l instanceof ConvolutionLayer || l instanceof BatchNormalization).count();
        assertEquals(capable, changed.size(), "direct helpers on " + changed);
        return changed;
    }

    @Test
    void proofNetworkGradientsAgree() {
        ComputationGraph on = ProofNets.build(ProofNets.configuration(DataType.FLOAT, SIZE, new Adam(1e-3), false),
                true);
        assertEquals(7, direct(on).size());
        ComputationGraph off = ProofNets.twin(on, false);
        GradientParity p = GradientParity.of(on, off, ProofNets.randomImages(DataType.FLOAT, BATCH, SIZE, 1),
                ProofNets.cyclicLabels(DataType.FLOAT, BATCH));
        assertEquals(21, p.relativeDifference().size());
        OneDnnGradientParityTest.assertGradientsAgree(p);
    }

    @Test
    void resNet18GradientsAndInferenceAgree() {
        ComputationGraph on = ProofNets.withHelpers(true, () -> ResNet18.builder().setNumClasses(5)
                .optInputSize(SIZE).optUpdater(new Adam(1e-3)).build());
        assertEquals(40, direct(on).size());
        ComputationGraph off = ProofNets.twin(on, false);
        for (Layer l : on.getLayers()) {
            if (l instanceof ConvolutionLayer || l instanceof BatchNormalization) {
                assertTrue(DirectHelpers.isDirect(l), l.conf().getLayer().getLayerName());
            }
            if (l.getHelper() instanceof DirectConvolutionHelper h) {
                String name = l.conf().getLayer().getLayerName();
                assertEquals(!name.equals("conv1"), h.inputGradient(), "only conv1 reads the network input: " + name);
            }
        }
        INDArray x = ProofNets.randomImages(DataType.FLOAT, BATCH, SIZE, 2);
        GradientParity p = GradientParity.of(on, off, x, ProofNets.cyclicLabels(DataType.FLOAT, BATCH));
        assertEquals(102, p.relativeDifference().size());
        OneDnnGradientParityTest.assertGradientsAgree(p);
        INDArray diff = on.outputSingle(false, x).sub(off.outputSingle(false, x));
        assertTrue(diff.amaxNumber().doubleValue() < 1e-5, "inference max abs difference " + diff.amaxNumber());
    }
}
