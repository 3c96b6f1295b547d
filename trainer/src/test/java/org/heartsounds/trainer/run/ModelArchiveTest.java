package org.heartsounds.trainer.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.heartsounds.core.BadInputException;
import org.heartsounds.data.datavec.ImageNetNormalization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** model.zip: round trip, required labels entry, and compatibility with DL4J's plain ModelSerializer. */
class ModelArchiveTest {
    private static final List<String> LABELS = List.of("AS", "MR", "MS", "MVP", "N");
    private static final String RECIPE = "seed: 7\nspectrogram:\n  width: 32\n";
    private static final String PROVENANCE = "{\"seed\": 7}\n";

    @TempDir
    static Path tmp;
    static ComputationGraph graph;
    static Path archive;

    /** conv 3x3 (3->4) -> BatchNorm -> global average -> 5-class softmax, with non-trivial BatchNorm statistics. */
    static ComputationGraph smallGraph() {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(3)
                .dataType(DataType.FLOAT).updater(new Adam(1e-3)).graphBuilder().addInputs("input")
                .setInputTypes(InputType.convolutional(8, 8, 3))
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build(),
                        "input")
                .addLayer("bn", new BatchNormalization.Builder().build(), "conv")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "bn")
                .addLayer("fc", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(5)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("fc").build());
        g.init();
        g.fit(new org.nd4j.linalg.dataset.DataSet(Nd4j.rand(DataType.FLOAT, 6, 3, 8, 8),
                Nd4j.eye(6).getColumns(0, 1, 2, 3, 4).castTo(DataType.FLOAT)));
        return g;
    }

    @BeforeAll
    static void write() throws IOException {
        graph = smallGraph();
        archive = tmp.resolve("model.zip");
        ModelArchive.write(archive, graph, LABELS, RECIPE, PROVENANCE);
    }

    @Test
    void roundTripKeepsParamsLabelsTextsAndTheImageNetNormaliser() throws IOException {
        ModelArchive.Loaded loaded = ModelArchive.read(archive);
        assertEquals(graph.getConfiguration(), loaded.graph().getConfiguration());
        assertEquals(graph.params().length(), loaded.graph().params().length());
        assertEquals(0.0, graph.params().sub(loaded.graph().params()).amaxNumber().doubleValue(), "params equal");
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 8, 8);
        assertEquals(graph.outputSingle(false, x), loaded.graph().outputSingle(false, x));
        assertEquals(LABELS, loaded.labels());
        assertEquals(RECIPE, loaded.recipeYaml());
        assertEquals(PROVENANCE, loaded.provenanceJson());
        NormalizerStandardize norm = assertInstanceOf(NormalizerStandardize.class, loaded.normalizer());
        float[] mean = norm.getMean().toFloatVector();
        float[] std = norm.getStd().toFloatVector();
        for (int c = 0; c < 3; c++) {
            assertEquals(255f * ImageNetNormalization.MEAN[c], mean[c], 1e-4f, "mean of channel " + c);
            assertEquals(255f * ImageNetNormalization.STD[c], std[c], 1e-4f, "std of channel " + c);
        }
        assertArrayEquals(new float[] {123.675f, 116.28f, 103.53f}, mean, 1e-3f);
        assertArrayEquals(new float[] {58.395f, 57.12f, 57.375f}, std, 1e-3f);
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(archive), s.toList(), "no temporary files left behind");
        }
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            assertEquals("AS\nMR\nMS\nMVP\nN", new String(zip.getInputStream(zip.getEntry(ModelArchive.LABELS_ENTRY))
                    .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), "jetson-inference labels, no newline");
            assertNull(zip.getEntry(ModelSerializer.UPDATER_BIN), "written without updater state");
            assertTrue(zip.getEntry(ModelSerializer.NORMALIZER_BIN) != null);
        }
    }

    @Test
    void plainModelSerializerStillReadsTheArchive() throws IOException {
        ComputationGraph plain = ModelSerializer.restoreComputationGraph(archive.toFile(), false);
        assertEquals(0.0, graph.params().sub(plain.params()).amaxNumber().doubleValue());
        NormalizerStandardize norm = ModelSerializer.restoreNormalizerFromFile(archive.toFile());
        assertEquals(255f * ImageNetNormalization.MEAN[1], norm.getMean().getFloat(1), 1e-4f);
    }

    @Test
    void aZipWithoutLabelsIsBadInputNamingTheFileAndEntry() throws IOException {
        Path noLabels = tmp.resolve("no-labels").resolve("stripped.zip");
        Files.createDirectories(noLabels.getParent());
        copyWithout(archive, noLabels, ModelArchive.LABELS_ENTRY);
        BadInputException e = assertThrows(BadInputException.class, () -> ModelArchive.read(noLabels));
        assertTrue(e.getMessage().contains("stripped.zip") && e.getMessage().contains("heartsounds/labels.txt"),
                e.getMessage());
        // a DL4J-only model zip (no heartsounds entries) is refused the same way
        Path dl4jOnly = tmp.resolve("no-labels").resolve("dl4j.zip");
        ModelSerializer.writeModel(graph, dl4jOnly.toFile(), false);
        e = assertThrows(BadInputException.class, () -> ModelArchive.read(dl4jOnly));
        assertTrue(e.getMessage().contains("dl4j.zip") && e.getMessage().contains("labels.txt"), e.getMessage());
    }

    @Test
    void missingGarbageAndOversizedFilesAreBadInput() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("bad"));
        BadInputException missing = assertThrows(BadInputException.class,
                () -> ModelArchive.read(dir.resolve("nope.zip")));
        assertTrue(missing.getMessage().contains("nope.zip") && missing.getMessage().contains("not found"),
                missing.getMessage());
        Path garbage = Files.writeString(dir.resolve("garbage.zip"), "this is not a zip");
        BadInputException g = assertThrows(BadInputException.class, () -> ModelArchive.read(garbage));
        assertTrue(g.getMessage().contains("garbage.zip") && g.getMessage().contains("not a readable"),
                g.getMessage());
        Path huge = dir.resolve("huge-labels.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(huge))) {
            out.putNextEntry(new ZipEntry(ModelArchive.LABELS_ENTRY));
            out.write(new byte[ModelArchive.MAX_TEXT_ENTRY + 10]);
            out.closeEntry();
        }
        BadInputException big = assertThrows(BadInputException.class, () -> ModelArchive.read(huge));
        assertTrue(big.getMessage().contains("huge-labels.zip") && big.getMessage().contains("larger than"),
                big.getMessage());
    }

    private static void copyWithout(Path from, Path to, String skip) throws IOException {
        try (ZipFile in = new ZipFile(from.toFile()); OutputStream os = Files.newOutputStream(to);
             ZipOutputStream out = new ZipOutputStream(os)) {
            var entries = in.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.getName().equals(skip)) {
                    continue;
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                try (InputStream s = in.getInputStream(e)) {
                    s.transferTo(out);
                }
                out.closeEntry();
            }
        }
    }
}
