package org.heartsounds.trainer.imports;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heartsounds.core.BadInputException;
import org.heartsounds.trainer.model.ResNet18;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TorchvisionWeightMapperTest {
    private static ComputationGraph resnet(int classes, long seed) {
        return ResNet18.builder().setNumClasses(classes).optInputSize(32).optSeed(seed).logitsOutput().build();
    }

    /** A torchvision-named state_dict of a DL4J graph (the inverse mapping, written independently). */
    private static Map<String, INDArray> stateDictOf(ComputationGraph graph) {
        Map<String, INDArray> sd = new LinkedHashMap<>();
        for (Layer layer : graph.getLayers()) {
            String n = layer.conf().getLayer().getLayerName();
            Object conf = layer.conf().getLayer();
            if (conf instanceof ConvolutionLayer) {
                sd.put(n + ".weight", layer.getParam("W").dup());
            } else if (conf instanceof BatchNormalization) {
                sd.put(n + ".weight", layer.getParam("gamma").reshape(-1).dup());
                sd.put(n + ".bias", layer.getParam("beta").reshape(-1).dup());
                sd.put(n + ".running_mean", layer.getParam("mean").reshape(-1).dup());
                sd.put(n + ".running_var", layer.getParam("var").reshape(-1).dup());
                sd.put(n + ".num_batches_tracked", Nd4j.scalar(7L));
            } else if (layer.numParams() > 0) {
                sd.put(n + ".weight", layer.getParam("W").transpose().dup('c'));
                sd.put(n + ".bias", layer.getParam("b").reshape(-1).dup());
            }
        }
        return sd;
    }

    @Test
    void roundTripReproducesOutputs() {
        ComputationGraph source = resnet(10, 1);
        // non-trivial BN statistics so that a wrong mapping shows
        for (Layer l : source.getLayers()) {
            if (l.conf().getLayer() instanceof BatchNormalization) {
                l.getParam("mean").assign(Nd4j.rand(DataType.FLOAT, l.getParam("mean").shape()).subi(0.5));
                l.getParam("var").assign(Nd4j.rand(DataType.FLOAT, l.getParam("var").shape()).addi(0.5));
            }
        }
        Map<String, INDArray> sd = stateDictOf(source);
        assertEquals(122, sd.size());
        ComputationGraph target = resnet(10, 2);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32);
        assertTrue(source.outputSingle(false, x).sub(target.outputSingle(false, x)).amaxNumber().doubleValue() > 1e-3);

        var report = TorchvisionWeightMapper.builder().build().apply(sd, target, "test.pth");
        assertEquals(102, report.loaded().size());
        assertEquals(20, report.ignored().size());
        assertEquals(List.of(), report.unexpected());
        assertEquals(0.0, source.outputSingle(false, x).sub(target.outputSingle(false, x)).amaxNumber().doubleValue(),
                1e-6);
    }

    @Test
    void shapeMismatchNamesTensorAndBothShapesAndLeavesGraphUntouched() {
        Map<String, INDArray> sd = stateDictOf(resnet(10, 1));
        sd.put("layer1.0.conv2.weight", Nd4j.zeros(DataType.FLOAT, 64, 64, 1, 1));
        ComputationGraph target = resnet(10, 2);
        INDArray before = target.params().dup();
        BadInputException e = assertThrows(BadInputException.class,
                () -> TorchvisionWeightMapper.builder().build().apply(sd, target, "bad.pth"));
        assertEquals("bad.pth", e.source());
        assertEquals("tensor 'layer1.0.conv2.weight' has shape [64, 64, 1, 1] but layer 'layer1.0.conv2' "
                + "parameter 'W' needs [64, 64, 3, 3]", e.problem());
        assertEquals(before, target.params(), "a failed load must not change any parameter");
    }

    @Test
    void missingAndUnexpectedTensorsAreErrors() {
        ComputationGraph target = resnet(10, 2);
        Map<String, INDArray> missing = stateDictOf(resnet(10, 1));
        missing.remove("layer3.1.bn2.running_var");
        assertEquals("missing tensor 'layer3.1.bn2.running_var' (shape [256]) for layer 'layer3.1.bn2' parameter 'var'",
                assertThrows(BadInputException.class,
                        () -> TorchvisionWeightMapper.builder().build().apply(missing, target, "m.pth")).problem());

        Map<String, INDArray> extra = stateDictOf(resnet(10, 1));
        extra.put("layer5.0.conv1.weight", Nd4j.zeros(DataType.FLOAT, 1));
        assertEquals("1 tensor(s) have no place in the graph: [layer5.0.conv1.weight]",
                assertThrows(BadInputException.class,
                        () -> TorchvisionWeightMapper.builder().build().apply(extra, target, "x.pth")).problem());
        var report = TorchvisionWeightMapper.builder().optAllowUnexpected(true).build().apply(extra, target, "x.pth");
        assertEquals(List.of("layer5.0.conv1.weight"), report.unexpected());
    }

    @Test
    void headIsSkippedForTransferLearningOnlyWhenAsked() {
        Map<String, INDArray> sd1000 = stateDictOf(resnet(1000, 1));
        ComputationGraph fiveClasses = ResNet18.builder().setNumClasses(5).optInputSize(32).build();
        BadInputException e = assertThrows(BadInputException.class,
                () -> TorchvisionWeightMapper.builder().build().apply(sd1000, fiveClasses, "in.pth"));
        assertEquals("tensor 'fc.weight' has shape [1000, 512] but layer 'fc' parameter 'W' needs [5, 512]",
                e.problem());

        INDArray headBefore = fiveClasses.getLayer("fc").getParam("W").dup();
        var report = TorchvisionWeightMapper.builder()
                .optHeadPolicy(TorchvisionWeightMapper.HeadPolicy.SKIP_IF_MISMATCHED).build()
                .apply(sd1000, fiveClasses, "in.pth");
        assertEquals(List.of("fc.weight", "fc.bias"), report.skippedHead());
        assertEquals(100, report.loaded().size());
        assertEquals(headBefore, fiveClasses.getLayer("fc").getParam("W"));
        assertEquals(sd1000.get("conv1.weight"), fiveClasses.getLayer("conv1").getParam("W"));
    }

    /**
     * DL4J's default BatchNorm parameterisation stores log10(std); the mapper converts the variance. (4-D input:
     * DL4J M2.1's BatchNormalization fails in inference on 2-D input with workspaces enabled.)
     */
    @Test
    void batchNormWithLogStdParameterisation() {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(1, 1, 3))
                .addLayer("bn", new BatchNormalization.Builder().nOut(3).useLogStd(true).eps(1e-5)
                        .activation(Activation.IDENTITY).build(), "in")
                .setOutputs("bn").build());
        g.init();
        Map<String, INDArray> sd = new LinkedHashMap<>();
        sd.put("bn.weight", Nd4j.createFromArray(1f, 2f, 3f));
        sd.put("bn.bias", Nd4j.createFromArray(0f, 1f, -1f));
        sd.put("bn.running_mean", Nd4j.createFromArray(0.5f, -1f, 2f));
        sd.put("bn.running_var", Nd4j.createFromArray(4f, 0.25f, 9f));
        TorchvisionWeightMapper.builder().build().apply(sd, g, "bn.pth");
        INDArray out = g.outputSingle(false, Nd4j.createFromArray(new float[] {2.5f, 0f, 5f}).reshape(1, 3, 1, 1))
                .reshape(1, 3);
        for (int i = 0; i < 3; i++) {
            double expected = sd.get("bn.weight").getDouble(i)
                    * (new double[] {2.5, 0, 5}[i] - sd.get("bn.running_mean").getDouble(i))
                    / Math.sqrt(sd.get("bn.running_var").getDouble(i) + 1e-5) + sd.get("bn.bias").getDouble(i);
            assertEquals(expected, out.getDouble(0, i), 1e-4);
        }
    }
}
