package org.heartsounds.evaluation.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import onnx.Onnx;
import org.heartsounds.core.BadInputException;
import org.heartsounds.evaluation.testing.TestModels;
import org.heartsounds.trainer.testing.ModelFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** ONNX Runtime models: the genuine jetson-inference export, and a tiny classifier whose output is known exactly. */
class OnnxClassifierTest {
    private static final String JETSON = "resnet18-jetson-5class";

    @TempDir
    Path tmp;

    private static double maxAbsDiff(INDArray a, INDArray b) {
        return Transforms.abs(a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE))).maxNumber().doubleValue();
    }

    @Test
    void jetsonExportMatchesPyTorchProbabilities() {
        Path dir = ModelFixtures.modelsDir();
        INDArray input = ModelFixtures.npy(dir.resolve("input-2x3x224x224.npy"));
        INDArray expected = ModelFixtures.npy(dir.resolve(JETSON + ".probs.npy"));
        try (OnnxClassifier model = OnnxClassifier.open(dir.resolve(JETSON + ".onnx"))) {
            assertEquals(List.of("AS", "MR", "MS", "MVP", "N"), model.labels());
            assertEquals(dir.resolve(JETSON + ".labels.txt").toString(), model.labelsSource());
            assertEquals(224, model.inputHeight());
            assertEquals(224, model.inputWidth());
            assertEquals(1, model.staticBatch(), "jetson-inference exports have a static batch of 1");
            assertTrue(model.recipe().isEmpty(), "no heartsounds metadata in this file");
            assertEquals("ONNX", model.format());
            INDArray p = model.probabilities(input);
            assertArrayEquals(new long[] {2, 5}, p.shape());
            double diff = maxAbsDiff(expected, p);
            assertTrue(diff <= 1e-4, "max abs difference to PyTorch " + diff);
            assertEquals(1.0, p.getRow(0).sumNumber().doubleValue(), 1e-5);
            assertEquals(1.0, p.getRow(1).sumNumber().doubleValue(), 1e-5);
        }
    }

    @Test
    void metadataLabelsAndRecipeWinOverLabelsFiles() throws Exception {
        Path dir = ModelFixtures.modelsDir();
        Path copy = tmp.resolve("with-metadata.onnx");
        Files.write(copy, TestModels.withMetadata(Files.readAllBytes(dir.resolve(JETSON + ".onnx")),
                OnnxClassifier.LABELS_KEY, "a\nb\nc\nd\ne", OnnxClassifier.RECIPE_KEY,
                "seed: 11\nspectrogram:\n  n_mels: 96\n"));
        Files.writeString(tmp.resolve("labels.txt"), "x\ny\nz\nu\nv");
        INDArray input = ModelFixtures.npy(dir.resolve("input-2x3x224x224.npy"));
        try (OnnxClassifier model = OnnxClassifier.open(copy)) {
            assertEquals(List.of("a", "b", "c", "d", "e"), model.labels());
            assertEquals(copy + "#heartsounds.labels", model.labelsSource());
            assertEquals(11L, model.recipe().orElseThrow().seed());
            assertEquals(96, model.recipe().orElseThrow().spectrogram().nMels());
            assertEquals(224, model.recipe().orElseThrow().spectrogram().width(), "defaults under the metadata");
            double diff = maxAbsDiff(ModelFixtures.npy(dir.resolve(JETSON + ".probs.npy")),
                    model.probabilities(input));
            assertTrue(diff <= 1e-4, "metadata changes nothing in the outputs: " + diff);
        }
    }

    @Test
    void namesOtherThanJetsonInferencesAreWarnedAbout() throws Exception {
        byte[] tiny = TestModels.tinyOnnx(32, "Softmax", "batch", OnnxClassifier.LABELS_KEY,
                String.join("\n", TestModels.LABELS));
        Path good = Files.write(tmp.resolve("good.onnx"), tiny);
        try (OnnxClassifier model = OnnxClassifier.open(good)) {
            assertEquals(List.of(), model.warnings());
        }
        Onnx.ModelProto.Builder b = Onnx.ModelProto.parseFrom(tiny).toBuilder();
        Onnx.GraphProto.Builder g = b.getGraphBuilder();
        g.getInputBuilder(0).setName("data");
        g.getOutputBuilder(0).setName("prob");
        for (Onnx.NodeProto.Builder n : g.getNodeBuilderList()) {
            for (int i = 0; i < n.getInputCount(); i++) {
                n.setInput(i, n.getInput(i).equals("input_0") ? "data" : n.getInput(i));
            }
            for (int i = 0; i < n.getOutputCount(); i++) {
                n.setOutput(i, n.getOutput(i).equals("output_0") ? "prob" : n.getOutput(i));
            }
        }
        Path renamed = Files.write(tmp.resolve("renamed.onnx"), b.build().toByteArray());
        try (OnnxClassifier model = OnnxClassifier.open(renamed)) {
            assertEquals(List.of("the model's input is named 'data', not 'input_0': imagenet.py needs "
                    + "--input-blob=data (heartsounds export writes input_0)", "the model's output is named 'prob', "
                    + "not 'output_0': imagenet.py needs --output-blob=prob (heartsounds export writes output_0)"),
                    model.warnings());
            assertEquals(5, model.labels().size(), "still usable");
        }
    }

    @Test
    void recipeOfAnotherInputSizeIsBadInput() throws Exception {
        Path file = tmp.resolve("m.onnx");
        Files.write(file, TestModels.tinyOnnx(32, "Softmax", "batch", OnnxClassifier.LABELS_KEY,
                String.join("\n", TestModels.LABELS), OnnxClassifier.RECIPE_KEY, "spectrogram:\n  width: 64\n"));
        BadInputException e = assertThrows(BadInputException.class, () -> OnnxClassifier.open(file));
        assertEquals(file + "#heartsounds.recipe: the network takes 32x32 images but the recipe makes 64x224 "
                + "spectrograms", e.getMessage());
    }

    @Test
    void labelsComeFromStemLabelsThenLabelsTxtElseTheErrorSaysWhere() throws Exception {
        Path file = tmp.resolve("tiny.onnx");
        Files.write(file, TestModels.tinyOnnx(32, "Softmax", "batch"));
        BadInputException none = assertThrows(BadInputException.class, () -> OnnxClassifier.open(file));
        assertTrue(none.getMessage().startsWith(file + ": has no heartsounds.labels metadata")
                && none.getMessage().contains("tiny.labels.txt nor labels.txt"), none.getMessage());
        Files.writeString(tmp.resolve("labels.txt"), "p\nq\nr\ns\nt\n");
        try (OnnxClassifier m = OnnxClassifier.open(file)) {
            assertEquals(List.of("p", "q", "r", "s", "t"), m.labels(), "labels.txt, trailing newline tolerated");
        }
        Files.writeString(tmp.resolve("tiny.labels.txt"), "AS\nMR\nMS\nMVP");
        BadInputException count = assertThrows(BadInputException.class, () -> OnnxClassifier.open(file));
        assertEquals(tmp.resolve("tiny.labels.txt") + ": lists 4 labels but tiny.onnx has 5 outputs",
                count.getMessage());
    }

    @Test
    void symbolicBatchIsFedInChunksAndEveryHeadGivesTheSameProbabilities() throws Exception {
        INDArray images = Nd4j.rand(DataType.FLOAT, 40, 3, 32, 32).subi(0.5).muli(4);
        double[][] expected = TestModels.tinyOnnxProbabilities(images);
        for (String head : new String[] {"Softmax", "LogSoftmax", null}) {
            Path file = TestModels.tinyOnnxFile(tmp.resolve(head + "/tiny.onnx"), 32, head);
            try (OnnxClassifier m = OnnxClassifier.open(file)) {
                assertEquals(0, m.staticBatch());
                INDArray p = m.probabilities(images);
                assertArrayEquals(new long[] {40, 5}, p.shape());
                double diff = maxAbsDiff(Nd4j.createFromArray(expected), p);
                assertTrue(diff <= 1e-5, head + ": max abs difference to the hand computation " + diff);
            }
        }
    }

    @Test
    void staticBatchLargerThanOnePadsTheLastGroup() throws Exception {
        Path file = tmp.resolve("b4.onnx");
        Files.write(file, TestModels.tinyOnnx(32, "Softmax", 4L, OnnxClassifier.LABELS_KEY,
                String.join("\n", TestModels.LABELS)));
        INDArray images = Nd4j.rand(DataType.FLOAT, 6, 3, 32, 32).muli(3);
        try (OnnxClassifier m = OnnxClassifier.open(file)) {
            assertEquals(4, m.staticBatch());
            double diff = maxAbsDiff(Nd4j.createFromArray(TestModels.tinyOnnxProbabilities(images)),
                    m.probabilities(images));
            assertTrue(diff <= 1e-5, "6 images in groups of 4: " + diff);
            IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                    () -> m.probabilities(Nd4j.rand(DataType.FLOAT, 2, 3, 16, 32)));
            assertEquals("expected input [n, 3, 32, 32], got [2, 3, 16, 32]", shape.getMessage());
        }
    }

    @Test
    void notAnOnnxFileIsBadInputNamingIt() throws Exception {
        Path file = tmp.resolve("junk.onnx");
        Files.writeString(file, "this is not a protobuf");
        BadInputException e = assertThrows(BadInputException.class, () -> OnnxClassifier.open(file));
        assertTrue(e.getMessage().startsWith(file + ": ONNX Runtime cannot load it"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("missing.onnx")));
        BadInputException missing = assertThrows(BadInputException.class,
                () -> OnnxClassifier.open(tmp.resolve("missing.onnx")));
        assertEquals(tmp.resolve("missing.onnx") + ": does not exist", missing.getMessage());
    }
}
