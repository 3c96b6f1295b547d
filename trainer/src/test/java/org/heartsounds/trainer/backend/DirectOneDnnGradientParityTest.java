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

    /**
     * Channels-last (NHWC) activations: the same ResNet-18 with every layer switched to NHWC (weights keep their
     * layout) and the direct helpers reading and writing NHWC without layout conversions computes the same loss,
     * parameter gradients and inference output as the NCHW network (worst relative L2 difference per parameter
     * below 1e-3; measured 2.0e-5).
     */
    @Test
    void channelsLastGradientsAgreeWithChannelsFirst() {
        ComputationGraph nchw = ProofNets.withHelpers(true, () -> ResNet18.builder().setNumClasses(5)
                .optInputSize(SIZE).optUpdater(new Adam(1e-3)).build());
        direct(nchw);
        var conf = nchw.getConfiguration().clone();
        for (var v : conf.getVertices().values()) {
            if (v instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv) {
                var layer = lv.getLayerConf().getLayer();
                if (layer instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer c) {
                    c.setCnn2dDataFormat(org.deeplearning4j.nn.conf.CNN2DFormat.NHWC);
                } else if (layer instanceof org.deeplearning4j.nn.conf.layers.SubsamplingLayer sub) {
                    sub.setCnn2dDataFormat(org.deeplearning4j.nn.conf.CNN2DFormat.NHWC);
                } else if (layer instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization b) {
                    b.setCnn2DFormat(org.deeplearning4j.nn.conf.CNN2DFormat.NHWC);
                } else if (layer instanceof org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer g) {
                    g.setPoolingDimensions(new int[] {1, 2});
                }
            }
        }
        ComputationGraph nhwc = ProofNets.withHelpers(true, () -> {
            ComputationGraph g = new ComputationGraph(conf);
            g.init();
            return g;
        });
        direct(nhwc);
        nhwc.setParams(nchw.params().dup());
        INDArray x = ProofNets.randomImages(DataType.FLOAT, BATCH, SIZE, 3);
        INDArray y = ProofNets.cyclicLabels(DataType.FLOAT, BATCH);
        INDArray xLast = x.permute(0, 2, 3, 1).dup('c');
        nchw.setInputs(x);
        nchw.setLabels(y);
        nchw.computeGradientAndScore();
        nhwc.setInputs(xLast);
        nhwc.setLabels(y);
        nhwc.computeGradientAndScore();
        assertEquals(nchw.score(), nhwc.score(), 1e-5 * nchw.score(), "loss");
        double worst = 0;
        for (var e : nchw.gradient().gradientForVariable().entrySet()) {
            INDArray other = nhwc.gradient().gradientForVariable().get(e.getKey());
            double rel = other.sub(e.getValue()).norm2Number().doubleValue()
                    / Math.max(e.getValue().norm2Number().doubleValue(), 1e-12);
            worst = Math.max(worst, rel);
        }
        System.out.println("NHWC vs NCHW worst relative gradient difference " + worst);
        assertTrue(worst < 1e-3, "worst relative gradient difference " + worst);
        INDArray diff = nchw.outputSingle(false, x).sub(nhwc.outputSingle(false, xLast));
        assertTrue(diff.amaxNumber().doubleValue() < 1e-5, "inference max abs difference " + diff.amaxNumber());
    }
}
