package org.heartsounds.trainer.imports;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.heartsounds.trainer.model.ResNet18;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.heartsounds.trainer.testing.ModelFixtures;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The genuine torch.onnx exports import into DL4J graphs that reproduce PyTorch's outputs. */
class OnnxParityTest {
    @Test
    void torchvisionExportWithBatchNormGivesPyTorchLogits() {
        Path dir = ModelFixtures.modelsDir();
        ImportedOnnxGraph imported = OnnxGraphImporter.importFile(dir.resolve("resnet18-torchvision-random.onnx"));
        ComputationGraph graph = imported.graph();
        assertTrue(imported.resNet18Names());
        assertEquals(13, imported.opset());
        assertEquals(List.of("fc"), imported.outputVertices());
        assertEquals(List.of(3L, 224L, 224L), imported.inputShape());
        assertInstanceOf(BatchNormalization.class, graph.getLayer("layer2.0.downsample.1").conf().getLayer());
        assertEquals(11_689_512L + 2 * 4_800L, graph.numParams(), "torchvision count + BN running stats");
        assertEquals(ResNet18.builder().setNumClasses(1000).logitsOutput().build().numParams(), graph.numParams());

        INDArray input = ModelFixtures.npy(dir.resolve("input-2x3x224x224.npy"));
        INDArray expected = ModelFixtures.npy(dir.resolve("resnet18-torchvision-random.logits.npy"));
        double diff = ModelFixtures.assertMatches(expected, graph.outputSingle(false, input));
        System.out.println("ONNX (BN kept) max abs diff to PyTorch logits: " + diff);
    }

    @Test
    void jetsonExportWithFoldedBatchNormAndSoftmaxGivesPyTorchProbabilities() {
        Path dir = ModelFixtures.modelsDir();
        ImportedOnnxGraph imported = OnnxGraphImporter.importFile(dir.resolve("resnet18-jetson-5class.onnx"));
        ComputationGraph graph = imported.graph();
        assertTrue(imported.resNet18Names());
        assertEquals(9, imported.opset());
        assertNull(graph.getVertex("bn1"), "BatchNorm is folded into conv1");
        assertTrue(((ConvolutionLayer) graph.getLayer("conv1").conf().getLayer()).hasBias());
        assertInstanceOf(OutputLayer.class, graph.getLayer("fc").conf().getLayer(), "Softmax fused into fc");

        INDArray input = ModelFixtures.npy(dir.resolve("input-2x3x224x224.npy"));
        INDArray expected = ModelFixtures.npy(dir.resolve("resnet18-jetson-5class.probs.npy"));
        INDArray probs = Nd4j.vstack(graph.outputSingle(false, ModelFixtures.example(input, 0)),
                graph.outputSingle(false, ModelFixtures.example(input, 1)));
        double diff = ModelFixtures.assertMatches(expected, probs);
        assertEquals(1.0, probs.sum(1).getDouble(0), 1e-5);
        System.out.println("ONNX (jetson, BN folded) max abs diff to PyTorch probabilities: " + diff);

        // the imported graph is a normal DL4J graph: fine-tune it to 3 classes with a frozen trunk
        ComputationGraph tuned = new TransferLearning.GraphBuilder(graph)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new Adam(1e-3)).build())
                .setFeatureExtractor(ResNet18.LAST_TRUNK_VERTEX)
                .nOutReplace(ResNet18.HEAD, 3, WeightInit.XAVIER)
                .build();
        INDArray conv1 = tuned.getLayer("conv1").getParam("W").dup();
        INDArray x = ModelFixtures.example(input, 0);
        tuned.fit(new DataSet(x, Nd4j.createFromArray(new float[][] {{0, 1, 0}})));
        assertArrayEquals(new long[] {1, 3}, tuned.outputSingle(false, x).shape());
        assertEquals(conv1, tuned.getLayer("conv1").getParam("W"), "frozen trunk unchanged by fit");
    }
}
