package org.heartsounds.evaluation.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.evaluation.testing.TestModels;
import org.heartsounds.trainer.run.ModelArchive;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** ModelLoader's choice by path, and the DL4J side of ClassifierModel. */
class ModelLoaderTest {
    @TempDir
    static Path tmp;
    static Recipe recipe;
    static Path run;

    @BeforeAll
    static void models() throws Exception {
        Nd4jThreads.single();
        recipe = ConfigLoader.load(Recipe.class, Recipe.defaults(), null,
                Map.of("seed", "5", "spectrogram.width", "48", "spectrogram.height", "32", "train.eval_batch_size",
                        "3"));
        run = TestModels.runFolder(tmp.resolve("run"), recipe, TestModels.LABELS, 1);
    }

    @Test
    void runFolderZipAndOnnxEachGetTheirLoader() throws Exception {
        try (ClassifierModel m = ModelLoader.load(run)) {
            assertInstanceOf(Dl4jClassifier.class, m);
            assertEquals(run.resolve("model.zip"), m.source());
            assertEquals(TestModels.LABELS, m.labels());
            assertEquals(32, m.inputHeight());
            assertEquals(48, m.inputWidth(), "input size from the archive's recipe, not the defaults (224)");
            assertEquals(recipe, m.recipe().orElseThrow());
            assertEquals("DL4J", m.format());
        }
        Path zip = Files.copy(run.resolve("model.zip"), tmp.resolve("Other.ZIP"));
        try (ClassifierModel m = ModelLoader.load(zip)) {
            assertInstanceOf(Dl4jClassifier.class, m);
        }
        Path onnx = TestModels.tinyOnnxFile(tmp.resolve("onnx/tiny.onnx"), 32, "Softmax");
        try (ClassifierModel m = ModelLoader.load(onnx)) {
            assertInstanceOf(OnnxClassifier.class, m);
            assertEquals(TestModels.LABELS, m.labels());
        }
    }

    @Test
    void anythingElseIsBadInputSayingWhatWasExpected() throws Exception {
        Path txt = Files.writeString(tmp.resolve("notes.txt"), "hello");
        assertEquals(txt + ": is not a model this project can load: expected a run folder, a DL4J .zip written by "
                + "heartsounds or an .onnx file", assertThrows(BadInputException.class,
                        () -> ModelLoader.load(txt)).getMessage());
        Path missing = tmp.resolve("nope.onnx");
        assertEquals(missing + ": model not found", assertThrows(BadInputException.class,
                () -> ModelLoader.load(missing)).getMessage());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertEquals(empty + ": is a folder without model.zip (not a training run folder)",
                assertThrows(BadInputException.class, () -> ModelLoader.load(empty)).getMessage());
        Path cv = Files.createDirectories(tmp.resolve("cv/fold-0"));
        Files.writeString(cv.resolveSibling("folds.csv"), "recording,group,fold0,fold1\n");
        String cvMessage = assertThrows(BadInputException.class, () -> ModelLoader.load(cv.getParent())).getMessage();
        assertTrue(cvMessage.contains("is a cross-validation folder") && cvMessage.contains("fold-0"), cvMessage);
        Path plain = tmp.resolve("plain.zip");
        Files.write(plain, new byte[] {'P', 'K', 3, 4, 0, 0});
        String zipMessage = assertThrows(BadInputException.class, () -> ModelLoader.load(plain)).getMessage();
        assertTrue(zipMessage.startsWith(plain.toString()), zipMessage);
    }

    @Test
    void dl4jProbabilitiesAreTheGraphsOutputInBatchesOfTheRecipesEvalBatchSize() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 7, 3, 32, 48);
        try (Dl4jClassifier m = Dl4jClassifier.read(run.resolve("model.zip"))) {
            INDArray expected = m.graph().outputSingle(false, x);
            INDArray p = m.probabilities(x);
            assertArrayEquals(new long[] {7, 5}, p.shape());
            assertEquals(0.0, Transforms.abs(expected.sub(p)).maxNumber().doubleValue(), 1e-6,
                    "7 images in batches of 3 equal one pass");
            for (int i = 0; i < 7; i++) {
                assertEquals(1.0, p.getRow(i).sumNumber().doubleValue(), 1e-5);
            }
        }
    }

    @Test
    void theInferenceTunedModelGivesTheSameProbabilities() {
        ComputationGraph net = org.heartsounds.trainer.model.ResNet18.builder().setNumClasses(5).optInputSize(32)
                .optSeed(9).build();
        // running statistics away from 0 / 1, so that folding BatchNorm into the convolutions matters
        Nd4j.getRandom().setSeed(4);
        for (org.deeplearning4j.nn.graph.vertex.GraphVertex v : net.getVertices()) {
            if (v.hasLayer() && v.getLayer().conf().getLayer()
                    instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization) {
                long n = v.getLayer().getParam("mean").length();
                v.getLayer().setParam("mean", Nd4j.rand(DataType.FLOAT, 1, n).subi(0.5));
                v.getLayer().setParam("var", Nd4j.rand(DataType.FLOAT, 1, n).addi(0.5));
            }
        }
        INDArray x = Nd4j.rand(DataType.FLOAT, 7, 3, 32, 32);
        Dl4jClassifier plain = Dl4jClassifier.of(net, TestModels.LABELS, 32, 32, 3, null);
        Dl4jClassifier tuned = plain.tunedForInference();
        assertTrue(tuned.tuned() && !plain.tuned());
        assertTrue(tuned.tunedForInference() == tuned, "tuning twice is a no-op");
        INDArray expected = plain.probabilities(x);
        INDArray p = tuned.probabilities(x);
        assertArrayEquals(new long[] {7, 5}, p.shape());
        double diff = Transforms.abs(expected.sub(p)).maxNumber().doubleValue();
        assertTrue(diff <= 1e-5, "tuned vs plain " + diff);
        assertTrue(Transforms.abs(expected.sub(0.2)).maxNumber().doubleValue() > 1e-3, "not a constant output");
        assertEquals(0.0, Transforms.abs(plain.probabilities(x).sub(expected)).maxNumber().doubleValue(),
                "the plain graph is left as it was");
    }

    @Test
    void aLogitsGraphGetsTheSoftmaxApplied() {
        ComputationGraph logits = TestModels.smallGraph(5, 3, true);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32);
        Dl4jClassifier m = Dl4jClassifier.of(logits, TestModels.LABELS, 32, 32, 8, null);
        INDArray z = logits.outputSingle(false, x);
        INDArray expected = Transforms.softmax(z, true);
        assertTrue(Math.abs(z.getRow(0).sumNumber().doubleValue() - 1.0) > 1e-3, "raw logits do not sum to 1");
        assertEquals(0.0, Transforms.abs(expected.sub(m.probabilities(x))).maxNumber().doubleValue(), 1e-6);
        assertTrue(m.recipe().isEmpty());
    }

    @Test
    void labelsThatDoNotMatchTheOutputsAreBadInput() throws Exception {
        ComputationGraph g = TestModels.smallGraph(5, 3, false);
        Path zip = tmp.resolve("four-labels.zip");
        ModelArchive.write(zip, g, List.of("A", "B", "C", "D"), ConfigLoader.toYaml(recipe), "{}");
        assertEquals(zip + ": the network has 5 outputs but 4 labels", assertThrows(BadInputException.class,
                () -> ModelLoader.load(zip)).getMessage());
    }
}
