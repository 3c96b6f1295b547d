package org.heartsounds.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.heartsounds.core.BadInputException;
import org.heartsounds.data.dataset.Split;
import org.heartsounds.export.jetson.JetsonBundle;
import org.heartsounds.trainer.data.ImageEntry;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.heartsounds.trainer.testing.TinyDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folder a Jetson user copies: layout, labels.txt bytes, README commands, the accuracy script, atomicity. */
class JetsonBundleTest {
    /** Stands in for jetson-inference: classifies by the image's folder, except the files listed in WRONG. */
    private static final String FAKE_INFERENCE = """
            import os
            WRONG = set(os.environ.get("WRONG", "").split(","))
            class imageNet:
                def __init__(self, network=None, argv=None):
                    args = dict(a.split("=", 1) for a in argv)
                    assert args["--input_blob"] == "input_0" and args["--output_blob"] == "output_0", args
                    assert os.path.isfile(args["--model"]) and args["--model"].endswith(".onnx"), args
                    with open(args["--labels"], encoding="utf-8") as f:
                        self.labels = f.read().split("\\n")
                def Classify(self, img):
                    i = self.labels.index(os.path.basename(os.path.dirname(img)))
                    return ((i + 1) % len(self.labels) if os.path.basename(img) in WRONG else i), 0.9
            """;

    @TempDir
    static Path shared;
    static TinyDataset.Prepared data;
    static Path run;
    static ExportSource source;

    @TempDir
    Path tmp;

    @BeforeAll
    static void tinyRun() throws IOException {
        Nd4jThreads.single();
        data = TinyDataset.prepare(shared.resolve("tiny"), 5, 0);
        run = ExportFixtures.runFolder(shared.resolve("run"), data, ExportFixtures.tinyCnn(TinyDataset.SIZE, 5, 3));
        source = ExportSource.open(run, null);
    }

    @Test
    void bundleHasTheJetsonLayoutExactLabelsAndWorkingCommands() throws Exception {
        Path out = tmp.resolve("jetson");
        JetsonBundle.Result r = JetsonBundle.write(source, out, "heart", true, OnnxExportTest.export());
        List<ImageEntry> test = data.data().images(Split.TEST);
        assertEquals(out.toAbsolutePath().normalize(), r.root());
        // the top folder gets what any new folder gets (umask), not createTempDirectory's owner-only 0700
        Path plain = Files.createDirectory(tmp.resolve("plain-folder"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(out));
        Files.delete(plain);
        assertEquals(test.size(), r.testImages());
        assertEquals(test.size(), r.export().report().images());

        assertArrayEquals("AS\nMR\nMS\nMVP\nN".getBytes(StandardCharsets.UTF_8),
                Files.readAllBytes(out.resolve("models/heart/labels.txt")));
        assertTrue(Files.size(out.resolve("models/heart/resnet18.onnx")) > 1000);
        assertTrue(Files.isRegularFile(out.resolve("models/heart/export-check.json")));
        Map<String, Integer> perClass = new TreeMap<>();
        try (Stream<Path> s = Files.walk(out.resolve("data/heart/test"))) {
            s.filter(Files::isRegularFile).forEach(p -> perClass.merge(p.getParent().getFileName().toString(), 1,
                    Integer::sum));
        }
        Map<String, Integer> expected = new TreeMap<>();
        test.forEach(e -> expected.merge(data.data().labels().get(e.label()), 1, Integer::sum));
        assertEquals(expected, perClass);
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of("README.md", "data", "jetson_accuracy.py", "models"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of("jetson"), s.map(p -> p.getFileName().toString()).toList(), "no temporary sibling");
        }

        String readme = Files.readString(out.resolve("README.md"));
        List<String> commands = readme.lines().filter(l -> l.startsWith("imagenet.py ")).toList();
        assertEquals(expected.size(), commands.size(), readme);
        for (String c : commands) {
            String[] words = c.split(" ");
            assertEquals("--model=models/heart/resnet18.onnx", words[1]);
            assertEquals("--input_blob=input_0", words[2]);
            assertEquals("--output_blob=output_0", words[3]);
            assertEquals("--labels=models/heart/labels.txt", words[4]);
            assertTrue(words[5].startsWith("data/heart/test/") && Files.isRegularFile(out.resolve(words[5])), c);
            assertEquals(6, words.length, c);
        }
        String accuracy = readme.lines().filter(l -> l.startsWith("python3 jetson_accuracy.py ")).findFirst()
                .orElseThrow();
        assertEquals("python3 jetson_accuracy.py --model=models/heart/resnet18.onnx "
                + "--labels=models/heart/labels.txt data/heart/test", accuracy);
    }

    /** The README's accuracy command with a stand-in jetson-inference that misclassifies one known image. */
    @Test
    void accuracyScriptRunsAsTheReadmeSays() throws Exception {
        ExportFixtures.assumeTool(Files.isExecutable(ExportFixtures.PYTHON), "/usr/bin/python3");
        Path bundle = tmp.resolve("jetson");
        JetsonBundle.write(source, bundle, "heart", true, OnnxExportTest.export());
        List<ImageEntry> test = data.data().images(Split.TEST);
        String command = Files.readString(bundle.resolve("README.md")).lines()
                .filter(l -> l.startsWith("python3 jetson_accuracy.py ")).findFirst().orElseThrow();
        ExportFixtures.ProcessOutput compiled = ExportFixtures.python(Map.of(), null, "-m", "py_compile",
                bundle.resolve(JetsonBundle.SCRIPT).toString());
        assertEquals(0, compiled.code(), compiled.output());

        Path fake = Files.createDirectories(tmp.resolve("fake"));
        Files.writeString(fake.resolve("jetson_inference.py"), FAKE_INFERENCE);
        Files.writeString(fake.resolve("jetson_utils.py"), "def loadImage(path):\n    return path\n");
        ImageEntry wrong = test.get(0);
        String wrongClass = data.data().labels().get(wrong.label());
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.remove(0); // python3: the fixture's interpreter runs it
        ExportFixtures.ProcessOutput r = ExportFixtures.python(Map.of("PYTHONPATH", fake.toString(), "WRONG",
                wrong.path().getFileName().toString()), bundle, args.toArray(String[]::new));
        assertEquals(0, r.code(), r.output());
        int n = test.size();
        assertTrue(r.output().contains(String.format(Locale.ROOT, "accuracy %.4f (%d/%d)", (n - 1.0) / n, n - 1,
                n)), r.output());
        long inClass = test.stream().filter(e -> e.label() == wrong.label()).count();
        assertTrue(r.output().lines().anyMatch(l -> l.startsWith(wrongClass + " ") && l.endsWith(String.format(
                Locale.ROOT, "(%d/%d)", inClass - 1, inClass))), r.output());
        assertTrue(r.output().contains("confusion matrix"), r.output());

        Files.createDirectories(bundle.resolve("data/heart/test/XX"));
        ExportFixtures.ProcessOutput bad = ExportFixtures.python(Map.of("PYTHONPATH", fake.toString()), bundle,
                args.toArray(String[]::new));
        assertEquals(2, bad.code(), bad.output());
        assertTrue(bad.output().contains("folder 'XX' is not a class in labels.txt"), bad.output());
    }

    @Test
    void withoutImagesTheReadmeExplainsWhereTheyGo() throws Exception {
        Path out = tmp.resolve("bare");
        JetsonBundle.Result r = JetsonBundle.write(source, out, "hs-1.0", false, OnnxExportTest.export());
        assertEquals(0, r.testImages());
        assertFalse(Files.exists(out.resolve("data")));
        String readme = Files.readString(out.resolve("README.md"));
        assertTrue(readme.contains("imagenet.py --model=models/hs-1.0/resnet18.onnx --input_blob=input_0 "
                + "--output_blob=output_0 --labels=models/hs-1.0/labels.txt data/hs-1.0/test/<class>/<file>.png"),
                readme);
        assertTrue(readme.contains("--with-test-images"), readme);
    }

    @Test
    void existingFolderBadNameAndFailedCheckLeaveNothing() throws Exception {
        Path busy = Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(busy.resolve("x"), "x");
        BadInputException e = assertThrows(BadInputException.class,
                () -> JetsonBundle.write(source, busy, "heart", false, OnnxExportTest.export()));
        assertTrue(e.getMessage().contains("already exists and is not empty"), e.getMessage());
        BadInputException name = assertThrows(BadInputException.class,
                () -> JetsonBundle.write(source, tmp.resolve("n"), "../up", false, OnnxExportTest.export()));
        assertEquals("--name", name.source());

        OnnxExport corrupting = OnnxExport.builder().optCheck(OrtParityCheck.builder().optThreads(1).build())
                .optBeforeCheck(OnnxExportTest::corruptHead).build();
        assertThrows(ExportCheckFailedException.class,
                () -> JetsonBundle.write(source, tmp.resolve("failed"), "heart", true, corrupting));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of("busy"), s.map(p -> p.getFileName().toString()).toList());
        }
    }
}
