package org.heartsounds.evaluation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.data.dataset.Recording;
import org.heartsounds.evaluation.Predictions;
import org.heartsounds.evaluation.model.ClassifierModel;
import org.heartsounds.evaluation.model.ModelLoader;
import org.heartsounds.evaluation.predict.WavPredictor;
import org.heartsounds.evaluation.run.SplitEvaluation;
import org.heartsounds.evaluation.testing.TestModels;
import org.heartsounds.trainer.data.ImageEntry;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.heartsounds.trainer.testing.TinyDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code heartsounds predict} on the tiny dataset's synthetic WAVs (1.5-3.5 s, 2 s windows every second) with a
 * small random network archived with the tiny recipe, and with the tiny ONNX classifier.
 */
class PredictCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static TinyDataset.Prepared data;
    static Path model;
    /** A recording of several windows and one of a single window, both in the prepared dataset. */
    static Recording multi;
    static Recording single;

    @BeforeAll
    static void fixtures() throws IOException {
        Nd4jThreads.single();
        data = TinyDataset.prepare(tmp.resolve("tiny"), 4, 0);
        model = TestModels.archive(tmp.resolve("model.zip"), data.recipe(), TestModels.LABELS, 21);
        for (int i = 0; i < data.data().recordings().size(); i++) {
            int windows = data.data().imagesOf(List.of(i)).size();
            if (windows >= 2 && multi == null) {
                multi = data.data().recordings().get(i);
            }
            if (windows == 1 && single == null) {
                single = data.data().recordings().get(i);
            }
        }
    }

    private static CommandRunner predict(String... args) {
        return CommandRunner.run(new PredictCommand(), args);
    }

    private static JsonNode json(CommandRunner r) throws IOException {
        return JSON.readTree(r.out());
    }

    @Test
    void topKIsOrderedAndEveryFilesProbabilitiesSumToOne() throws IOException {
        CommandRunner r = predict("--model", model.toString(), "--json", "--top-k", "3", multi.path().toString(),
                single.path().toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        JsonNode doc = json(r);
        assertEquals("DL4J", doc.get("format").asText());
        assertEquals(model.toString(), doc.get("model").asText());
        assertEquals(3, doc.get("top_k").asInt());
        assertEquals(TestModels.LABELS.toString(), JSON.convertValue(doc.get("labels"), List.class).toString());
        assertEquals(0, doc.get("errors").size());
        assertEquals(2, doc.get("results").size());
        assertEquals(multi.path().toString(), doc.get("results").get(0).get("file").asText());
        for (JsonNode result : doc.get("results")) {
            JsonNode probs = result.get("probabilities");
            assertEquals(5, probs.size());
            double sum = 0;
            String argmax = null;
            for (String label : TestModels.LABELS) {
                sum += probs.get(label).asDouble();
                if (argmax == null || probs.get(label).asDouble() > probs.get(argmax).asDouble()) {
                    argmax = label;
                }
            }
            assertEquals(1.0, sum, 1e-6);
            JsonNode top = result.get("top");
            assertEquals(3, top.size());
            assertEquals(argmax, top.get(0).get("label").asText());
            assertEquals(argmax, result.get("predicted").asText());
            for (int i = 0; i < 3; i++) {
                assertEquals(probs.get(top.get(i).get("label").asText()).asDouble(),
                        top.get(i).get("probability").asDouble(), 0.0);
                if (i > 0) {
                    assertTrue(top.get(i).get("probability").asDouble() <= top.get(i - 1).get("probability")
                            .asDouble(), "descending: " + top);
                }
            }
            assertFalse(result.has("per_window"), "only with --windows");
        }
        JsonNode all = json(predict("--model", model.toString(), "--json", "--top-k", "9", single.path().toString()));
        assertEquals(5, all.get("results").get(0).get("top").size(), "k above the class count lists every class");
        CommandRunner text = predict("--model", model.toString(), "--top-k", "2", single.path().toString());
        assertEquals(0, text.code(), text.err());
        List<String> lines = text.out().lines().toList();
        assertEquals(3, lines.size(), text.out());
        assertEquals(single.path() + "  (1 window)", lines.get(0));
        JsonNode top2 = all.get("results").get(0).get("top");
        assertEquals(String.format(java.util.Locale.ROOT, "  1. %-8s %.4f", top2.get(0).get("label").asText(),
                top2.get(0).get("probability").asDouble()), lines.get(1));
        assertTrue(lines.get(2).startsWith("  2. " + top2.get(1).get("label").asText()), lines.get(2));
    }

    @Test
    void fileProbabilitiesAreTheMeanOfTheWindowOutputs() throws IOException {
        CommandRunner r = predict("--model", model.toString(), "--json", "--windows", multi.path().toString());
        assertEquals(0, r.code(), r.err());
        JsonNode result = json(r).get("results").get(0);
        JsonNode windows = result.get("per_window");
        int n = windows.size();
        assertTrue(n >= 2, "a multi-window recording: " + n);
        assertEquals(n, result.get("windows").asInt());
        INDArray independent;
        try (ClassifierModel m = ModelLoader.load(model)) {
            independent = WavPredictor.forModel(m, data.recipe()).windowProbabilities(multi.path());
        }
        assertEquals(n, independent.size(0));
        double previousStart = -1;
        for (int w = 0; w < n; w++) {
            assertEquals(w, windows.get(w).get("index").asInt());
            assertTrue(windows.get(w).get("start_seconds").asDouble() > previousStart);
            previousStart = windows.get(w).get("start_seconds").asDouble();
        }
        for (int k = 0; k < 5; k++) {
            String label = TestModels.LABELS.get(k);
            double mean = 0;
            for (int w = 0; w < n; w++) {
                double p = windows.get(w).get("probabilities").get(label).asDouble();
                assertEquals(independent.getDouble(w, k), p, 1e-6, "window " + w + " " + label);
                mean += p / n;
            }
            assertEquals(mean, result.get("probabilities").get(label).asDouble(), 1e-12, label);
        }
        assertEquals(0.0, windows.get(0).get("start_seconds").asDouble(), 0.0);
        assertEquals(1.0, windows.get(1).get("start_seconds").asDouble(), 1e-9, "hop 1 s");
    }

    @Test
    void predictEqualsTheEvaluationRouteOnThePngsPreparedFromTheSameWav() throws IOException {
        int index = data.data().recordings().indexOf(multi);
        List<ImageEntry> pngs = data.data().imagesOf(List.of(index));
        Predictions viaPngs;
        try (ClassifierModel m = ModelLoader.load(model)) {
            viaPngs = SplitEvaluation.predict(m, pngs, data.data().labels());
        }
        JsonNode windows = json(predict("--model", model.toString(), "--json", "--windows",
                multi.path().toString())).get("results").get(0).get("per_window");
        assertEquals(pngs.size(), windows.size());
        double maxDiff = 0;
        for (int w = 0; w < pngs.size(); w++) {
            for (int k = 0; k < 5; k++) {
                double fromWav = windows.get(w).get("probabilities").get(TestModels.LABELS.get(k)).asDouble();
                maxDiff = Math.max(maxDiff, Math.abs(fromWav - viaPngs.probabilities()[w][k]));
            }
        }
        assertTrue(maxDiff <= 1e-5, "max abs difference WAV route vs PNG route: " + maxDiff);
    }

    @Test
    void anUnreadableWavIsReportedWhileTheOthersArePredicted() throws IOException {
        Path corrupt = tmp.resolve("corrupt.wav");
        Files.write(corrupt, new byte[] {'R', 'I', 'F', 'F'});
        Path missing = tmp.resolve("missing.wav");
        CommandRunner r = predict("--model", model.toString(), single.path().toString(), corrupt.toString(),
                multi.path().toString(), missing.toString());
        assertEquals(2, r.code());
        List<String> errors = r.err().lines().toList();
        assertEquals(2, errors.size(), r.err());
        assertTrue(errors.get(0).startsWith("error: " + corrupt + ": "), errors.get(0));
        assertEquals("error: " + missing + ": file does not exist", errors.get(1));
        assertTrue(r.out().contains(single.path() + "  (1 window)"), r.out());
        assertTrue(r.out().contains(multi.path() + "  ("), r.out());
        assertFalse(r.out().contains("corrupt.wav"), r.out());

        CommandRunner j = predict("--model", model.toString(), "--json", corrupt.toString(), single.path().toString());
        assertEquals(2, j.code());
        assertTrue(j.err().contains(corrupt.toString()), j.err());
        JsonNode doc = json(j);
        assertEquals(1, doc.get("results").size());
        assertEquals(single.path().toString(), doc.get("results").get(0).get("file").asText());
        assertEquals(1, doc.get("errors").size());
        assertEquals(corrupt.toString(), doc.get("errors").get(0).get("file").asText());
        assertTrue(doc.get("errors").get(0).get("error").asText().startsWith(corrupt + ": "));
    }

    @Test
    void onnxWithoutRecipeNeedsTheRecipeItWasTrainedWith() throws IOException {
        Path onnx = TestModels.tinyOnnxFile(tmp.resolve("onnx/tiny.onnx"), TinyDataset.SIZE, "Softmax");
        CommandRunner defaults = predict("--model", onnx.toString(), single.path().toString());
        assertEquals(2, defaults.code());
        assertTrue(defaults.err().contains("takes 32x32 images but the recipe makes 224x224 spectrograms"),
                defaults.err());
        Path yaml = tmp.resolve("tiny.yaml");
        ConfigLoader.write(data.recipe(), yaml);
        CommandRunner r = predict("--model", onnx.toString(), "--config", yaml.toString(), "--json", "--windows",
                multi.path().toString());
        assertEquals(0, r.code(), r.err());
        JsonNode windows = json(r).get("results").get(0).get("per_window");
        double[][] byHand = TestModels.tinyOnnxProbabilities(
                new org.heartsounds.data.datavec.InputPipeline(data.recipe().audio(), data.recipe().spectrogram())
                        .networkInput(multi.path()));
        assertEquals(byHand.length, windows.size());
        for (int w = 0; w < byHand.length; w++) {
            for (int k = 0; k < 5; k++) {
                assertEquals(byHand[w][k], windows.get(w).get("probabilities").get(TestModels.LABELS.get(k))
                        .asDouble(), 1e-5);
            }
        }
    }

    @Test
    void usageAndBadArguments() {
        CommandRunner help = predict("--help");
        assertEquals(0, help.code());
        for (String flag : List.of("--model", "--top-k", "--json", "--windows", "--config", "FILE.wav")) {
            assertTrue(help.out().contains(flag), flag + " in\n" + help.out());
        }
        CommandRunner noModel = predict(single.path().toString());
        assertEquals(2, noModel.code());
        assertTrue(noModel.err().contains("Missing required option: '--model=MODEL'"), noModel.err());
        CommandRunner noFiles = predict("--model", model.toString());
        assertEquals(2, noFiles.code());
        assertTrue(noFiles.err().contains("FILE.wav"), noFiles.err());
        CommandRunner k0 = predict("--model", model.toString(), "--top-k", "0", single.path().toString());
        assertEquals(2, k0.code());
        assertTrue(k0.err().contains("--top-k must be at least 1, got 0"), k0.err());
        CommandRunner bad = predict("--model", tmp.resolve("nothing.onnx").toString(), single.path().toString());
        assertEquals(2, bad.code());
        assertEquals("error: " + tmp.resolve("nothing.onnx") + ": model not found", bad.err().strip());
    }
}
