package org.heartsounds.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.heartsounds.trainer.imports.ImportedOnnxGraph;
import org.heartsounds.trainer.imports.OnnxGraphImporter;
import org.heartsounds.trainer.testing.ModelFixtures;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A genuine jetson-inference export (PyTorch's {@code onnx_export.py}: opset 9, BatchNorm folded into the
 * convolutions, softmax appended) imported into DL4J and exported again: ONNX Runtime on the re-export reproduces
 * PyTorch's probabilities and the original file's. Uses the shared model fixtures; skipped when they are absent.
 */
class JetsonModelReexportTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void singleThread() {
        Nd4jThreads.single();
    }

    @Test
    void reexportOfJetsonInferencesResNet18MatchesPyTorch() throws Exception {
        Path models = ModelFixtures.modelsDir();
        ImportedOnnxGraph imported = OnnxGraphImporter.importFile(models.resolve("resnet18-jetson-5class.onnx"));
        assertTrue(imported.resNet18Names());
        Path file = ExportFixtures.write(OnnxGraphExporter.builder().build().export(imported.graph(), 224, 224),
                tmp.resolve("resnet18.onnx"));

        INDArray input = ModelFixtures.npy(models.resolve("input-2x3x224x224.npy"));
        INDArray torch = ModelFixtures.npy(models.resolve("resnet18-jetson-5class.probs.npy"));
        List<INDArray> images = List.of(ModelFixtures.example(input, 0), ModelFixtures.example(input, 1));
        float[][] reexport = ExportFixtures.ortProbabilities(file, images);
        float[][] original = ExportFixtures.ortProbabilities(models.resolve("resnet18-jetson-5class.onnx"), images);
        double vsTorch = 0;
        double vsOriginal = 0;
        for (int i = 0; i < 2; i++) {
            float[] expected = torch.getRow(i).toFloatVector();
            assertEquals(OnnxGraphExporterTest.argMax(expected), OnnxGraphExporterTest.argMax(reexport[i]));
            for (int c = 0; c < 5; c++) {
                vsTorch = Math.max(vsTorch, Math.abs(expected[c] - reexport[i][c]));
                vsOriginal = Math.max(vsOriginal, Math.abs(original[i][c] - reexport[i][c]));
            }
        }
        assertTrue(vsTorch <= ModelFixtures.TOLERANCE, "max abs difference to PyTorch " + vsTorch);
        assertTrue(vsOriginal <= 1e-4, "max abs difference to the original file in ONNX Runtime " + vsOriginal);
    }
}
