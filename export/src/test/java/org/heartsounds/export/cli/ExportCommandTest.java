package org.heartsounds.export.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.heartsounds.core.ExitCodes;
import org.heartsounds.data.dataset.Split;
import org.heartsounds.export.ExportFixtures;
import org.heartsounds.trainer.data.ImageEntry;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.heartsounds.trainer.testing.TinyDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code heartsounds export onnx|jetson}: outputs and exit codes (0 ok, 1 check failed, 2 bad input). */
class ExportCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static TinyDataset.Prepared data;
    static Path run;

    @TempDir
    Path tmp;

    @BeforeAll
    static void tinyRun() throws IOException {
        Nd4jThreads.single();
        data = TinyDataset.prepare(shared.resolve("tiny"), 5, 0);
        run = ExportFixtures.runFolder(shared.resolve("run"), data, ExportFixtures.tinyCnn(TinyDataset.SIZE, 5, 9));
    }

    private record Run(int code, String out, String err) {
    }

    private static Run export(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = ExitCodes.configure(new CommandLine(new ExportCommand()));
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return new Run(cmd.execute(args), out.toString(), err.toString());
    }

    @Test
    void exportOnnxWritesTheModelAndPrintsTheNumbers() throws Exception {
        Path out = tmp.resolve("onnx");
        Run r = export("onnx", "--run", run.toString(), "--out", out.toString(), "--threads", "1");
        assertEquals(0, r.code(), r.err());
        int images = data.data().images(Split.TEST).size();
        assertTrue(r.out().contains("ONNX Runtime vs DL4J on " + images + " images: top-1 agreement 100.00 % ("
                + images + "/" + images + ")"), r.out());
        assertTrue(r.out().contains("-- passed"), r.out());
        assertTrue(Files.size(out.resolve("model.onnx")) > 1000);
        assertEquals("AS\nMR\nMS\nMVP\nN", Files.readString(out.resolve("labels.txt")));

        Run opset11 = export("onnx", "--run", run.toString(), "--out", tmp.resolve("o11").toString(), "--opset", "11",
                "--split", "val", "--threads", "1");
        assertEquals(0, opset11.code(), opset11.err());
        JsonNode check = JSON.readTree(tmp.resolve("o11/export-check.json").toFile());
        assertEquals(11, check.get("opset").asInt());
        assertEquals(6, check.get("ir_version").asInt());
        assertEquals("val", check.get("split").asText());
        assertEquals(data.data().images(Split.VAL).size(), check.get("images_checked").asInt());
    }

    @Test
    void exportJetsonWritesTheFolder() throws Exception {
        Path out = tmp.resolve("jetson");
        Run r = export("jetson", "--run", run.toString(), "--out", out.toString(), "--name", "heart",
                "--with-test-images", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("jetson folder: " + out.toAbsolutePath().normalize()), r.out());
        for (String f : List.of("models/heart/resnet18.onnx", "models/heart/labels.txt",
                "models/heart/export-check.json", "README.md", "jetson_accuracy.py")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        try (Stream<Path> s = Files.walk(out.resolve("data/heart/test"))) {
            assertEquals(data.data().images(Split.TEST).size(), s.filter(Files::isRegularFile).count());
        }
    }

    @Test
    void missingRunModelOrBadOptionsAreExitTwoAndWriteNothing() throws Exception {
        Path out = tmp.resolve("out");
        Run missing = export("onnx", "--run", tmp.resolve("no-run").toString(), "--out", out.toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no-run: run folder not found"), missing.err());

        Path empty = Files.createDirectories(tmp.resolve("empty-run"));
        Run noModel = export("jetson", "--run", empty.toString(), "--out", out.toString());
        assertEquals(2, noModel.code());
        assertTrue(noModel.err().contains("model.zip: not found"), noModel.err());

        Run opset = export("onnx", "--run", run.toString(), "--out", out.toString(), "--opset", "12");
        assertEquals(2, opset.code());
        assertTrue(opset.err().contains("opset 12 is not supported"), opset.err());
        Run split = export("onnx", "--run", run.toString(), "--out", out.toString(), "--split", "dev");
        assertEquals(2, split.code());
        assertTrue(split.err().contains("unknown split 'dev'"), split.err());
        Run noRun = export("onnx", "--out", out.toString());
        assertEquals(2, noRun.code());
        assertTrue(noRun.err().contains("--run"), noRun.err());

        Path other = ExportFixtures.withoutTestSplit(data.root(), tmp.resolve("six-labels"));
        Files.writeString(other.resolve("labels.txt"), "AS\nMR\nMS\nMVP\nN\nX");
        Run labels = export("onnx", "--run", run.toString(), "--out", out.toString(), "--data", other.toString());
        assertEquals(2, labels.code());
        assertTrue(labels.err().contains("labels [AS, MR, MS, MVP, N, X] differ from the model's"), labels.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void imagesOfAnotherSizeFailTheCheckWithExitOneAndNothingWritten() throws Exception {
        // the same dataset, but its test PNGs replaced by 45x45 noise: DataVec resizes them for DL4J with OpenCV,
        // jetson-inference by nearest neighbour, so the device would not see what DL4J sees
        Path copy = tmp.resolve("copy");
        copyTree(data.root(), copy);
        Random random = new Random(1);
        for (ImageEntry e : data.data().images(Split.TEST)) {
            Path png = copy.resolve(data.root().relativize(e.path()));
            BufferedImage noise = new BufferedImage(45, 45, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 45; y++) {
                for (int x = 0; x < 45; x++) {
                    noise.setRGB(x, y, random.nextInt(1 << 24));
                }
            }
            ImageIO.write(noise, "png", png.toFile());
        }
        Path out = tmp.resolve("jetson");
        Run r = export("jetson", "--run", run.toString(), "--out", out.toString(), "--data", copy.toString(),
                "--threads", "1");
        assertEquals(1, r.code(), r.out() + r.err());
        int images = data.data().images(Split.TEST).size();
        assertTrue(r.err().contains("export check failed, " + out.toAbsolutePath().normalize()
                + " (models/heartsounds/resnet18.onnx) was not written"), r.err());
        assertTrue(r.err().contains(images + " images were not the input size and were resized"), r.err());
        assertTrue(r.err().contains("-- FAILED"), r.err());
        assertFalse(Files.exists(out));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of("copy"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
    }
}
