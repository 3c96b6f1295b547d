package org.heartsounds.trainer.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heartsounds.trainer.imports.PyTorchCheckpointReader;
import org.heartsounds.trainer.imports.TorchvisionWeightMapper;
import org.heartsounds.trainer.testing.ModelFixtures;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** torchvision's resnet18 state_dict loaded into {@link ResNet18} reproduces PyTorch's logits. */
class ResNet18ParityTest {
    @Test
    void torchvisionCheckpointGivesPyTorchLogits() {
        Path dir = ModelFixtures.modelsDir();
        Map<String, INDArray> stateDict = new PyTorchCheckpointReader()
                .readStateDict(dir.resolve("resnet18-torchvision-random.pth"));
        assertEquals(122, stateDict.size());
        ComputationGraph net = ResNet18.builder().setNumClasses(1000).logitsOutput().build();
        TorchvisionWeightMapper.MappingReport report = TorchvisionWeightMapper.builder().build()
                .apply(stateDict, net, "resnet18-torchvision-random.pth");
        assertEquals(102, report.loaded().size());
        assertEquals(20, report.ignored().size(), "num_batches_tracked of 20 BatchNorms");
        assertTrue(report.unexpected().isEmpty());

        INDArray input = ModelFixtures.npy(dir.resolve("input-2x3x224x224.npy"));
        INDArray expected = ModelFixtures.npy(dir.resolve("resnet18-torchvision-random.logits.npy"));
        INDArray logits = net.outputSingle(false, input);
        double diff = ModelFixtures.assertMatches(expected, logits);
        System.out.println("ResNet18 <- .pth max abs diff to PyTorch logits: " + diff);
    }
}
