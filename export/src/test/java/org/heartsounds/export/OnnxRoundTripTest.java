package org.heartsounds.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heartsounds.trainer.imports.ImportedOnnxGraph;
import org.heartsounds.trainer.imports.OnnxGraphImporter;
import org.heartsounds.trainer.model.ResNet18;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Export, then the trainer's {@link OnnxGraphImporter}: the same network, with the same outputs. */
class OnnxRoundTripTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void singleThread() {
        Nd4jThreads.single();
    }

    @Test
    void reimportedResNet18GivesTheSameProbabilities() throws Exception {
        int opset = 13;
        ComputationGraph original = ExportFixtures.resNet18(32, 5, 21);
        Path file = ExportFixtures.write(OnnxGraphExporter.builder().optOpset(opset).build().export(original, 32, 32),
                tmp.resolve("model.onnx"));
        ImportedOnnxGraph imported = OnnxGraphImporter.importFile(file);

        assertEquals("input_0", imported.inputName());
        assertEquals(List.of(3L, 32L, 32L), imported.inputShape());
        assertEquals(opset, imported.opset());
        assertTrue(imported.resNet18Names(), "recognised as ResNet-18");
        assertEquals(List.of(ResNet18.HEAD), imported.outputVertices());
        assertEquals(original.numParams(), imported.graph().numParams());

        INDArray x = Nd4j.randn(5L, new long[] {3, 3, 32, 32}).castTo(DataType.FLOAT);
        INDArray expected = original.outputSingle(false, x);
        INDArray actual = imported.graph().outputSingle(false, x);
        assertEquals(List.of(3L, 5L), List.of(actual.size(0), actual.size(1)));
        double diff = Transforms.abs(expected.sub(actual)).maxNumber().doubleValue();
        assertTrue(diff <= 1e-4, "max abs difference after the round trip " + diff);
        assertArrayEquals(expected.argMax(1).toLongVector(), actual.argMax(1).toLongVector());
        // and the parameters themselves came back, BatchNorm statistics included
        assertEquals(original.getLayer("layer3.1.bn2").getParam("var"),
                imported.graph().getLayer("layer3.1.bn2").getParam("var"));
        assertEquals(original.getLayer("fc").getParam("W"), imported.graph().getLayer("fc").getParam("W"));
    }

    @ParameterizedTest
    @ValueSource(ints = {13, 11})
    void reimportedSmallGraphGivesTheSameProbabilities(int opset) throws Exception {
        ComputationGraph original = ExportFixtures.smallGraph(4);
        Path file = ExportFixtures.write(OnnxGraphExporter.builder().optOpset(opset).build().export(original, 8, 8),
                tmp.resolve("small.onnx"));
        ImportedOnnxGraph imported = OnnxGraphImporter.importFile(file);
        assertEquals(opset, imported.opset());
        assertEquals(original.numParams(), imported.graph().numParams());
        INDArray x = Nd4j.randn(8L, new long[] {4, 3, 8, 8}).castTo(DataType.FLOAT);
        double diff = Transforms.abs(original.outputSingle(false, x).sub(imported.graph().outputSingle(false, x)))
                .maxNumber().doubleValue();
        assertTrue(diff <= 1e-4, "max abs difference after the round trip " + diff);
    }
}
