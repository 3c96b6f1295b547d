package org.heartsounds.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import onnx.Onnx;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.io.Sha256;
import org.heartsounds.data.dataset.Split;
import org.heartsounds.trainer.data.ImageEntry;
import org.heartsounds.trainer.data.ImageTensors;
import org.heartsounds.trainer.run.ModelArchive;
import org.heartsounds.trainer.run.RunFolder;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.heartsounds.trainer.testing.TinyDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.protobuf.ByteString;

/**
 * Exporting a run: a small random residual CNN (32x32, 5 classes; ResNet-18 itself is covered by
 * {@link OnnxGraphExporterTest}) saved as a run folder over the tiny prepared dataset, checked
 * in ONNX Runtime on the test split's PNGs; a check that fails leaves nothing behind; inconsistent runs are bad input.
 */
class OnnxExportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static TinyDataset.Prepared data;
    static ComputationGraph graph;
    static Path run;

    @TempDir
    Path tmp;

    @BeforeAll
    static void tinyRun() throws IOException {
        Nd4jThreads.single();
        data = TinyDataset.prepare(shared.resolve("tiny"), 5, 0);
        graph = ExportFixtures.tinyCnn(TinyDataset.SIZE, 5, 17);
        run = ExportFixtures.runFolder(shared.resolve("run"), data, graph);
    }

    static OnnxExport export() {
        return OnnxExport.builder().optCheck(OrtParityCheck.builder().optThreads(1).build()).build();
    }

    @Test
    void exportWritesTheCheckedModelLabelsAndTheNumbers() throws Exception {
        List<ImageEntry> test = data.data().images(Split.TEST);
        assertTrue(test.size() >= 5, "test images: " + test.size());
        Path out = tmp.resolve("out");
        OnnxExport.Result r = export().export(ExportSource.open(run, null), out.resolve("model.onnx"));

        ParityReport p = r.report();
        assertEquals(test.size(), p.images());
        assertEquals(test.size(), p.top1Agreements());
        assertEquals(1.0, p.top1Agreement());
        assertTrue(p.maxAbsDiff() <= 1e-4, "max abs diff " + p.maxAbsDiff());
        assertEquals(0, p.resizedImages());
        assertTrue(p.passed());

        assertEquals("AS\nMR\nMS\nMVP\nN", Files.readString(out.resolve("labels.txt")));
        byte[] model = Files.readAllBytes(out.resolve("model.onnx"));
        assertEquals(Sha256.of(model), r.sha256());
        assertEquals(model.length, r.bytes());
        JsonNode check = JSON.readTree(out.resolve(OnnxExport.CHECK_FILE).toFile());
        assertTrue(check.get("passed").asBoolean());
        assertEquals(test.size(), check.get("images_checked").asInt());
        assertEquals(1.0, check.get("top1_agreement").asDouble());
        assertEquals(p.maxAbsDiff(), check.get("max_abs_diff").asDouble());
        assertEquals("test", check.get("split").asText());
        assertEquals(13, check.get("opset").asInt());
        assertEquals(r.sha256(), check.get("sha256").asText());
        assertEquals("1.28.0", check.get("onnxruntime").asText());
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of("export-check.json", "labels.txt", "model.onnx"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }

        RunFolder folder = new RunFolder(run);
        Map<String, String> meta = ExportFixtures.ortMetadata(out.resolve("model.onnx"));
        assertEquals(Files.readString(folder.config()), meta.get(OnnxMetadata.RECIPE));
        assertEquals(Sha256.of(Files.readString(folder.config())), meta.get(OnnxMetadata.CONFIG_SHA256));
        assertEquals(data.data().manifestSha256(), meta.get(OnnxMetadata.DATASET_SHA256));
        JsonNode provenance = JSON.readTree(Files.readString(folder.provenance()));
        assertEquals(provenance.get("gitCommit").asText(), meta.get(OnnxMetadata.GIT_COMMIT));
        assertEquals(provenance, JSON.readTree(meta.get(OnnxMetadata.PROVENANCE)));
        assertEquals(List.of("AS", "MR", "MS", "MVP", "N"), OnnxMetadata.labels(meta.get(OnnxMetadata.LABELS), "m"));
        JsonNode pre = JSON.readTree(meta.get(OnnxMetadata.PREPROCESSING));
        assertEquals(TinyDataset.SIZE, pre.get("height").asInt());
        assertEquals(TinyDataset.SIZE, pre.get("width").asInt());
    }

    @Test
    void aCrossValidationFolderIsExportedAsOneGraphAveragingItsFoldModels() throws Exception {
        Path cv = tmp.resolve("cv");
        Files.createDirectories(cv);
        Files.writeString(cv.resolve("folds.csv"), "recording,group,fold0,fold1\n");
        List<ComputationGraph> folds = List.of(ExportFixtures.tinyCnn(TinyDataset.SIZE, 5, 41),
                ExportFixtures.tinyCnn(TinyDataset.SIZE, 5, 42), ExportFixtures.tinyCnn(TinyDataset.SIZE, 5, 43));
        for (int k = 0; k < folds.size(); k++) {
            ExportFixtures.runFolder(cv.resolve("fold-" + k), data, folds.get(k));
        }
        ExportSource source = ExportSource.open(cv, null);
        assertEquals(3, source.graphs().size());
        OnnxExport.Result r = export().export(source, tmp.resolve("out/model.onnx"));
        assertTrue(r.report().passed(), r.report().summary());
        assertTrue(r.report().maxAbsDiff() <= 1e-4, "max abs diff " + r.report().maxAbsDiff());
        // ONNX Runtime's output is the mean of the three networks' probabilities, computed here in DL4J
        List<ImageEntry> test = data.data().images(Split.TEST).subList(0, 4);
        INDArray x = org.heartsounds.trainer.data.ImageTensors.load(test, data.data().labels(), TinyDataset.SIZE,
                TinyDataset.SIZE).features();
        List<INDArray> singles = new java.util.ArrayList<>();
        for (int i = 0; i < test.size(); i++) {
            singles.add(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 1)).dup());
        }
        float[][] ort = ExportFixtures.ortProbabilities(r.model(), singles);
        for (int i = 0; i < test.size(); i++) {
            for (int c = 0; c < 5; c++) {
                double mean = 0;
                for (ComputationGraph g : folds) {
                    mean += g.outputSingle(false, singles.get(i)).getDouble(0, c) / folds.size();
                }
                assertEquals(mean, ort[i][c], 1e-5, "image " + i + " class " + c);
            }
        }
        assertEquals("3", ExportFixtures.ortMetadata(r.model()).get(OnnxMetadata.ENSEMBLE));
        assertEquals(3, JSON.readTree(r.checkFile().toFile()).get("networks_averaged").asInt());
        Files.writeString(cv.resolve("fold-2/labels.txt"), "AS\nMR\nMS\nN\nMVP");
        BadInputException bad = assertThrows(BadInputException.class, () -> ExportSource.open(cv, null));
        assertTrue(bad.getMessage().contains("fold-2"), bad.getMessage());
    }

    @Test
    void jetsonPreprocessingOfThePreparedPngsEqualsTrainingsDataVecInput() {
        List<ImageEntry> test = data.data().images(Split.TEST);
        float[][] datavec = ImageTensors.load(test, data.data().labels(), TinyDataset.SIZE, TinyDataset.SIZE)
                .features().reshape(test.size(), 3L * TinyDataset.SIZE * TinyDataset.SIZE).toFloatMatrix();
        JetsonPreprocessing jetson = new JetsonPreprocessing(TinyDataset.SIZE, TinyDataset.SIZE);
        double max = 0;
        for (int i = 0; i < test.size(); i++) {
            float[] t = jetson.tensor(test.get(i).path());
            assertEquals(datavec[i].length, t.length);
            for (int j = 0; j < t.length; j++) {
                max = Math.max(max, Math.abs(t[j] - datavec[i][j]));
            }
        }
        assertTrue(max <= 1e-5, "max difference of the two preprocessings " + max);
    }

    @Test
    void aFailedCheckLeavesNothingBehind() throws Exception {
        // corrupt the exported fc weights between DL4J and ONNX Runtime (negated: the top-1 class changes)
        OnnxExport corrupting = OnnxExport.builder().optCheck(OrtParityCheck.builder().optThreads(1).build())
                .optBeforeCheck(OnnxExportTest::corruptHead).build();
        Path fresh = tmp.resolve("fresh").resolve("models");
        ExportCheckFailedException e = assertThrows(ExportCheckFailedException.class,
                () -> corrupting.export(ExportSource.open(run, null), fresh.resolve("model.onnx")));
        ParityReport p = e.report();
        assertFalse(p.passed());
        assertEquals(data.data().images(Split.TEST).size(), p.images());
        assertTrue(p.maxAbsDiff() > 1e-4, "max abs diff " + p.maxAbsDiff());
        assertTrue(p.top1Agreements() < p.images(), "top-1 agreements " + p.top1Agreements());
        assertTrue(e.getMessage().contains("top-1 agreement") && e.getMessage().contains("FAILED"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("fresh")), "folders created by the export are removed");

        Path existing = Files.createDirectories(tmp.resolve("existing"));
        Files.writeString(existing.resolve("keep.txt"), "x");
        assertThrows(ExportCheckFailedException.class,
                () -> corrupting.export(ExportSource.open(run, null), existing.resolve("model.onnx")));
        try (Stream<Path> files = Files.list(existing)) {
            assertEquals(List.of("keep.txt"), files.map(f -> f.getFileName().toString()).toList());
        }
    }

    /** Negates every fc weight of the exported model. */
    static Onnx.ModelProto corruptHead(Onnx.ModelProto m) {
        Onnx.GraphProto.Builder g = m.getGraph().toBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            Onnx.TensorProto t = g.getInitializer(i);
            if (t.getName().equals("fc.weight")) {
                java.nio.ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN);
                java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(b.remaining())
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
                while (b.hasRemaining()) {
                    out.putFloat(-b.getFloat());
                }
                g.setInitializer(i, t.toBuilder().setRawData(ByteString.copyFrom(out.array())));
            }
        }
        return m.toBuilder().setGraph(g).build();
    }

    @Test
    void inconsistentRunsAreBadInput() throws Exception {
        BadInputException missing = assertThrows(BadInputException.class,
                () -> ExportSource.open(tmp.resolve("nope"), null));
        assertTrue(missing.getMessage().contains("run folder not found"), missing.getMessage());

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        BadInputException noModel = assertThrows(BadInputException.class, () -> ExportSource.open(empty, null));
        assertEquals(empty.resolve("model.zip").toString(), noModel.source());

        Path other = ExportFixtures.runFolder(tmp.resolve("other"), data, graph);
        ModelArchive.write(new RunFolder(other).model(), graph, List.of("a", "b", "c", "d", "e"), "seed: 1\n", "{}");
        Files.delete(new RunFolder(other).labels());
        BadInputException labels = assertThrows(BadInputException.class, () -> ExportSource.open(other, null));
        assertTrue(labels.getMessage().contains("labels [AS, MR, MS, MVP, N] differ from the model's [a, b, c, d, e]"),
                labels.getMessage());

        BadInputException noData = assertThrows(BadInputException.class,
                () -> ExportSource.open(run, tmp.resolve("no-data")));
        assertTrue(noData.getMessage().contains("no-data"), noData.getMessage());
    }

    @Test
    void anEmptySplitIsBadInput() throws Exception {
        Path noTest = ExportFixtures.withoutTestSplit(data.root(), tmp.resolve("no-test"));
        BadInputException e = assertThrows(BadInputException.class,
                () -> export().export(ExportSource.open(run, noTest), tmp.resolve("out").resolve("m.onnx")));
        assertTrue(e.getMessage().contains("the test split has no images"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("out")));
    }
}
