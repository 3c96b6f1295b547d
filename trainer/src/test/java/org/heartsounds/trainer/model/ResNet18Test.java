package org.heartsounds.trainer.model;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResNet18Test {
    @Test
    void hasTorchvisionStructureAndParameterCount() {
        ComputationGraphConfiguration conf = ResNet18.builder().setNumClasses(1000).buildConfiguration();
        ConvolutionLayer conv1 = (ConvolutionLayer) layer(conf, "conv1");
        assertArrayEquals(new int[] {7, 7}, conv1.getKernelSize());
        assertArrayEquals(new int[] {2, 2}, conv1.getStride());
        assertArrayEquals(new int[] {3, 3}, conv1.getPadding());
        assertFalse(conv1.hasBias());
        SubsamplingLayer pool = (SubsamplingLayer) layer(conf, "maxpool");
        assertArrayEquals(new int[] {1, 1}, pool.getPadding());
        ConvolutionLayer ds = (ConvolutionLayer) layer(conf, "layer3.0.downsample.0");
        assertArrayEquals(new int[] {1, 1}, ds.getKernelSize());
        assertArrayEquals(new int[] {2, 2}, ds.getStride());
        assertEquals(128, ds.getNIn());
        assertArrayEquals(new int[] {2, 2}, ((ConvolutionLayer) layer(conf, "layer4.0.conv1")).getStride());
        assertArrayEquals(new int[] {1, 1}, ((ConvolutionLayer) layer(conf, "layer4.1.conv1")).getStride());
        BatchNormalization bn = (BatchNormalization) layer(conf, "layer2.0.downsample.1");
        assertEquals(1e-5, bn.getEps());
        assertEquals(0.9, bn.getDecay(), 1e-12);
        assertFalse(bn.isUseLogStd());
        assertFalse(conf.getVertices().containsKey("layer1.0.downsample.0"));
        assertFalse(conf.getVertices().containsKey("layer2.1.downsample.0"));
        assertArrayEquals(new String[] {"layer1.0.bn2", "maxpool"},
                conf.getVertexInputs().get("layer1.0.add").toArray(String[]::new));
        assertArrayEquals(new String[] {"layer2.0.bn2", "layer2.0.downsample.1"},
                conf.getVertexInputs().get("layer2.0.add").toArray(String[]::new));
        assertInstanceOf(OutputLayer.class, layer(conf, "fc"));

        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        // torchvision: 11,689,512 trainable parameters; DL4J also counts BN running mean and var (2 x 4,800)
        assertEquals(11_689_512L + 9_600L, net.numParams());
    }

    @Test
    void worksAt128And64PixelsWithSoftmaxOutput() {
        ComputationGraph net = ResNet18.builder().setNumClasses(5).optInputSize(128).optSeed(3).build();
        INDArray out = net.outputSingle(false, Nd4j.rand(DataType.FLOAT, 2, 3, 128, 128));
        assertArrayEquals(new long[] {2, 5}, out.shape());
        assertEquals(1.0, out.sum(1).getDouble(0), 1e-5);
        assertEquals(1.0, out.sum(1).getDouble(1), 1e-5);
        assertArrayEquals(new long[] {1, 512, 4, 4},
                net.feedForward(Nd4j.rand(DataType.FLOAT, 1, 3, 128, 128), false).get(ResNet18.LAST_TRUNK_VERTEX).shape());
    }

    @Test
    void sameSeedSameWeights() {
        INDArray a = ResNet18.builder().setNumClasses(3).optInputSize(32).optSeed(9).build().params();
        INDArray b = ResNet18.builder().setNumClasses(3).optInputSize(32).optSeed(9).build().params();
        INDArray c = ResNet18.builder().setNumClasses(3).optInputSize(32).optSeed(10).build().params();
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void builderValidates() {
        assertThrows(IllegalArgumentException.class, () -> ResNet18.builder().buildConfiguration());
        assertThrows(IllegalArgumentException.class,
                () -> ResNet18.builder().setNumClasses(5).optInputSize(16).buildConfiguration());
        assertThrows(IllegalArgumentException.class,
                () -> ResNet18.builder().setNumClasses(5).optBatchNormMomentum(1.5).buildConfiguration());
        assertThrows(NullPointerException.class, () -> ResNet18.builder().optUpdater(null));
    }

    /** Replace the head with 5 classes, freeze the trunk, and check that fitting lowers the loss. */
    @Test
    void transferLearningReplacesHeadFreezesTrunkAndTrains() {
        ComputationGraph base = ResNet18.builder().setNumClasses(10).optInputSize(64).optSeed(1).build();
        ComputationGraph net = new TransferLearning.GraphBuilder(base)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new Adam(1e-4)).seed(7).build())
                .setFeatureExtractor(ResNet18.LAST_TRUNK_VERTEX)
                .removeVertexKeepConnections(ResNet18.HEAD)
                .addLayer(ResNet18.HEAD, TorchCompatibleLayers.softmaxOutput(ResNet18.FEATURES, 5, true), ResNet18.POOL)
                .setOutputs(ResNet18.HEAD)
                .build();
        assertInstanceOf(FrozenLayer.class, net.getLayer("layer4.1.conv2"));
        assertInstanceOf(FrozenLayer.class, net.getLayer("conv1"));
        assertFalse(net.getLayer(ResNet18.HEAD) instanceof FrozenLayer);
        assertArrayEquals(new long[] {512, 5}, net.getLayer(ResNet18.HEAD).getParam("W").shape());

        Nd4j.getRandom().setSeed(42);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3, 64, 64);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 5);
        for (int i = 0; i < 4; i++) {
            y.putScalar(i, i % 5, 1f);
        }
        DataSet batch = new DataSet(x, y);
        INDArray trunkBefore = net.getLayer("layer3.1.conv1").getParam("W").dup();
        INDArray bnMeanBefore = net.getLayer("layer4.1.bn2").getParam("mean").dup();
        double initial = net.score(batch);
        double previous = Double.POSITIVE_INFINITY;
        for (int step = 0; step < 8; step++) {
            net.fit(batch);
            double loss = net.score(); // loss of this step's forward pass, before its update
            if (step == 0) {
                assertEquals(initial, loss, 1e-3 * initial, "frozen trunk runs in inference mode while fitting");
            }
            assertTrue(loss < previous, "loss must fall at every step: " + previous + " -> " + loss);
            previous = loss;
        }
        double after = net.score(batch);
        assertTrue(after < previous && after < initial * 0.85, "loss " + initial + " -> " + after);
        assertEquals(trunkBefore, net.getLayer("layer3.1.conv1").getParam("W"), "frozen weights must not move");
        assertEquals(bnMeanBefore, net.getLayer("layer4.1.bn2").getParam("mean"), "frozen BN statistics");
    }

    private static org.deeplearning4j.nn.conf.layers.Layer layer(ComputationGraphConfiguration conf, String name) {
        return ((LayerVertex) conf.getVertices().get(name)).getLayerConf().getLayer();
    }
}
