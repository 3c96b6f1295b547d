package org.heartsounds.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import onnx.Onnx;
import org.heartsounds.data.dataset.Split;
import org.heartsounds.evaluation.model.OrtModel;
import org.heartsounds.export.jetson.JetsonBundle;
import org.heartsounds.trainer.data.ImageEntry;
import org.heartsounds.trainer.data.ImageTensors;
import org.heartsounds.trainer.run.TrainingRun;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.heartsounds.trainer.testing.TinyDataset;
import org.heartsounds.trainer.train.DecisionThresholds;
import org.heartsounds.trainer.train.Inference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A multi-label run exported for jetson-inference: a Sigmoid {@code output_0} with the thresholds folded in, checked
 * against DL4J by ONNX Runtime on every test image, accepted by the reference ONNX checker, and a bundle whose
 * README and accuracy script use imagenet.py's multi-label mode.
 */
class MultiLabelExportTest {
    /** Stands in for jetson-inference's multi-label mode: every label of the image's folder name is called. */
    private static final String FAKE_INFERENCE = """
            class imageNet:
                def __init__(self, network=None, argv=None):
                    args = dict(a.split("=", 1) for a in argv)
                    assert args["--topK"] == "0" and args["--threshold"] == "0.5", args
                    with open(args["--labels"], encoding="utf-8") as f:
                        self.labels = f.read().split("\\n")
                def Classify(self, img, topK=1):
                    assert topK == 0
                    import os
                    return [(self.labels.index(os.path.basename(os.path.dirname(img))), 0.9)]
            """;

    @TempDir
    static Path shared;
    static TinyDataset.Prepared data;
    static Path run;
    static ExportSource source;
    static OnnxExport.Result result;

    @TempDir
    Path tmp;

    @BeforeAll
    static void exportTinyRun() throws IOException {
        Nd4jThreads.single();
        data = TinyDataset.prepareMultiLabel(shared.resolve("ml"), 24);
        run = shared.resolve("run");
        TrainingRun.builder().setRecipe(data.recipe(Map.of("train.epochs", "1", "train.fast_path", "false")))
                .setData(data.data()).optRunDir(run).build().run();
        source = ExportSource.open(run, null);
        result = OnnxExportTest.export().export(source, shared.resolve("out/model.onnx"));
    }

    @Test
    void theOutputIsASigmoidAndOnnxRuntimeAgreesOnEveryTestImage() throws Exception {
        assertTrue(source.multilabel());
        Onnx.ModelProto m = Onnx.ModelProto.parseFrom(Files.readAllBytes(result.model()));
        List<Onnx.NodeProto> nodes = m.getGraph().getNodeList();
        assertEquals("Sigmoid", nodes.get(nodes.size() - 1).getOpType());
        assertEquals("output_0", nodes.get(nodes.size() - 1).getOutput(0));
        assertEquals(data.data().images(Split.TEST).size(), result.report().images());
        assertTrue(result.report().maxAbsDiff() <= 1e-4, "max abs diff " + result.report().maxAbsDiff());
        assertTrue(result.report().passed());
        try (org.heartsounds.evaluation.model.OnnxClassifier onnx = org.heartsounds.evaluation.model.OnnxClassifier
                .open(result.model())) {
            assertTrue(onnx.multilabel(), "a Sigmoid output loads as a multi-label model");
            DecisionThresholds folded = onnx.thresholds().orElseThrow();
            assertTrue(folded.rule().startsWith("folded into output_0"), folded.rule());
            assertEquals(0.5, folded.thresholds()[0], 0.0);
        }
    }

    @Test
    void halfOnTheOnnxOutputDecidesAsTheThresholdsOnTheProbabilities() throws Exception {
        DecisionThresholds t = source.thresholds();
        List<ImageEntry> test = data.data().images(Split.TEST);
        double[][] p = Inference.probabilities(org.heartsounds.trainer.run.ModelArchive.read(
                new org.heartsounds.trainer.run.RunFolder(run).model()).graph(), ImageTensors.loadMultiHot(test,
                data.data().labels(), TinyDataset.SIZE, TinyDataset.SIZE).features(), 64).toDoubleMatrix();
        JetsonPreprocessing pre = new JetsonPreprocessing(TinyDataset.SIZE, TinyDataset.SIZE);
        int decisions = 0;
        try (OrtModel ort = OrtModel.open(result.model(), 1)) {
            for (int i = 0; i < test.size(); i++) {
                float[] o = ort.run(pre.tensor(test.get(i).path()), pre.shape()).values();
                for (int k = 0; k < o.length; k++) {
                    double margin = Math.abs(p[i][k] - t.thresholds()[k]);
                    if (margin > 1e-4) { // a probability within float rounding of its threshold may go either way
                        assertEquals(p[i][k] >= t.thresholds()[k], o[k] >= 0.5f, "image " + i + " label " + k);
                        decisions++;
                    }
                }
            }
        }
        assertTrue(decisions >= test.size() * 4, "decisions compared: " + decisions);
    }

    @Test
    void theOnnxCheckerAcceptsIt() throws Exception {
        ExportFixtures.assumeTool(ExportFixtures.pythonHas("onnx"), "/usr/bin/python3 with the onnx package");
        ExportFixtures.ProcessOutput r = ExportFixtures.python(Map.of(), null, "-c", "import onnx, sys\n"
                + "m = onnx.load(sys.argv[1])\nonnx.checker.check_model(m, full_check=True)\nprint('ok')\n",
                result.model().toString());
        assertEquals(0, r.code(), r.output());
        assertEquals("ok", r.output().strip());
    }

    @Test
    void theBundleUsesImagenetsMultiLabelModeAndScoresLabelSets() throws Exception {
        Path bundle = tmp.resolve("jetson");
        JetsonBundle.write(source, bundle, "ml", true, OnnxExportTest.export());
        String readme = Files.readString(bundle.resolve("README.md"));
        assertTrue(readme.contains("--topK=0 --threshold=0.5"), readme);
        assertTrue(readme.contains("folded into the output layer's bias"), readme);
        List<String> csv = Files.readAllLines(bundle.resolve(JetsonBundle.testLabelsPath("ml")));
        assertEquals("file,labels", csv.get(0));
        assertEquals(data.data().images(Split.TEST).size() + 1, csv.size());
        ExportFixtures.assumeTool(Files.isExecutable(ExportFixtures.PYTHON), "/usr/bin/python3");
        Path fake = Files.createDirectories(tmp.resolve("fake"));
        Files.writeString(fake.resolve("jetson_inference.py"), FAKE_INFERENCE);
        Files.writeString(fake.resolve("jetson_utils.py"), "def loadImage(path):\n    return path\n");
        String command = readme.lines().filter(l -> l.startsWith("python3 jetson_accuracy.py ")).findFirst()
                .orElseThrow();
        assertTrue(command.contains("--multilabel=data/ml/test_labels.csv"), command);
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.remove(0);
        ExportFixtures.ProcessOutput r = ExportFixtures.python(Map.of("PYTHONPATH", fake.toString()), bundle,
                args.toArray(String[]::new));
        assertEquals(0, r.code(), r.output());
        // the stand-in calls only the folder's (first) label: subset accuracy is the share of single-label images
        long single = data.data().images(Split.TEST).stream().filter(e -> e.labels().size() == 1).count();
        int n = data.data().images(Split.TEST).size();
        assertTrue(r.output().contains(String.format(java.util.Locale.ROOT, "subset accuracy %.4f (%d/%d)",
                single / (double) n, single, n)), r.output());
        assertTrue(r.output().contains("Hamming loss"), r.output());
    }
}
