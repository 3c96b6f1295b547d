package org.heartsounds.evaluation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.heartsounds.core.config.Recipe;
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
    void aCrossValidationFolderOrEnsembleAveragesItsModelsProbabilities() throws IOException {
        Path cv = tmp.resolve("cv");
        Files.createDirectories(cv);
        Files.writeString(cv.resolve("folds.csv"), "recording,group,fold0,fold1\n");
        List<Path> folds = List.of(TestModels.runFolder(cv.resolve("fold-0"), data.recipe(), TestModels.LABELS, 31),
                TestModels.runFolder(cv.resolve("fold-1"), data.recipe(), TestModels.LABELS, 32));
        String wav = multi.path().toString();
        JsonNode a = json(predict("--model", folds.get(0).toString(), "--json", wav));
        JsonNode b = json(predict("--model", folds.get(1).toString(), "--json", wav));
        CommandRunner both = predict("--model", cv.toString(), "--json", wav);
        assertEquals(0, both.code(), both.err());
        JsonNode e = json(both);
        assertTrue(e.get("format").asText().contains("ensemble of 2"), e.get("format").asText());
        CommandRunner listed = predict("--model", folds.get(0).toString(), "--ensemble", folds.get(1).toString(),
                "--json", wav);
        JsonNode l = json(listed);
        for (String label : TestModels.LABELS) {
            double mean = (a.get("results").get(0).get("probabilities").get(label).asDouble()
                    + b.get("results").get(0).get("probabilities").get(label).asDouble()) / 2;
            assertEquals(mean, e.get("results").get(0).get("probabilities").get(label).asDouble(), 1e-6, label);
            assertEquals(mean, l.get("results").get(0).get("probabilities").get(label).asDouble(), 1e-6, label);
        }
        CommandRunner explain = predict("--model", cv.toString(), "--explain", tmp.resolve("x").toString(), wav);
        assertEquals(2, explain.code());
        assertTrue(explain.err().contains("--explain draws one DL4J model"), explain.err());
        Recipe other = data.recipe(java.util.Map.of("spectrogram.n_mels", "64"));
        Path odd = TestModels.runFolder(tmp.resolve("odd"), other, TestModels.LABELS, 33);
        CommandRunner mixed = predict("--model", folds.get(0).toString(), "--ensemble", odd.toString(), wav);
        assertEquals(2, mixed.code());
        assertTrue(mixed.err().contains("spectrogram.n_mels") && mixed.err().contains(odd.toString()), mixed.err());
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

    /** Two recordings of class AS and one of MR, grouped by the class in their file name (synth_as_001.wav). */
    private static List<Recording> threeRecordings() {
        List<Recording> as = data.data().recordings().stream().filter(r -> r.primaryLabel().equals("AS")).toList();
        Recording mr = data.data().recordings().stream().filter(r -> r.primaryLabel().equals("MR")).findFirst()
                .orElseThrow();
        return List.of(as.get(0), mr, as.get(1));
    }

    @Test
    void groupByPatternGivesOneDecisionPerPatientFromAllItsFiles() throws IOException {
        List<Recording> recs = threeRecordings();
        for (String aggregate : List.of("mean", "log_mean")) {
            CommandRunner r = predict("--model", model.toString(), "--json", "--windows", "--aggregate", aggregate,
                    "--group-by", "pattern", "--group-pattern", "synth_([a-z]+)_", recs.get(0).path().toString(),
                    recs.get(1).path().toString(), recs.get(2).path().toString());
            assertEquals(0, r.code(), r.err());
            JsonNode doc = json(r);
            assertEquals(aggregate, doc.get("aggregation").asText());
            assertEquals("pattern 'synth_([a-z]+)_'", doc.get("group_by").asText());
            JsonNode groups = doc.get("groups");
            assertEquals(2, groups.size());
            assertEquals("as", groups.get(0).get("group").asText());
            assertEquals("mr", groups.get(1).get("group").asText());
            assertEquals(List.of(recs.get(0).path().toString(), recs.get(2).path().toString()),
                    JSON.convertValue(groups.get(0).get("files"), List.class));
            double[][] files = new double[3][5];
            for (int f = 0; f < 3; f++) {
                // each file from its windows the same way: mean, or exp(mean log p) renormalised
                JsonNode result = doc.get("results").get(f);
                JsonNode windows = result.get("per_window");
                double[] byHand = new double[5];
                double sum = 0;
                for (int k = 0; k < 5; k++) {
                    String label = TestModels.LABELS.get(k);
                    files[f][k] = result.get("probabilities").get(label).asDouble();
                    for (JsonNode w : windows) {
                        double p = w.get("probabilities").get(label).asDouble();
                        byHand[k] += aggregate.equals("mean") ? p / windows.size() : Math.log(p) / windows.size();
                    }
                    byHand[k] = aggregate.equals("mean") ? byHand[k] : Math.exp(byHand[k]);
                    sum += byHand[k];
                }
                for (int k = 0; k < 5; k++) {
                    assertEquals(aggregate.equals("mean") ? byHand[k] : byHand[k] / sum, files[f][k], 1e-12,
                            "file " + f + " class " + k);
                }
            }
            double[] expected = new double[5];
            double total = 0;
            for (int k = 0; k < 5; k++) {
                expected[k] = aggregate.equals("mean") ? (files[0][k] + files[2][k]) / 2
                        : Math.sqrt(files[0][k] * files[2][k]);
                total += expected[k];
            }
            String argmax = null;
            for (int k = 0; k < 5; k++) {
                String label = TestModels.LABELS.get(k);
                double want = aggregate.equals("mean") ? expected[k] : expected[k] / total;
                assertEquals(want, groups.get(0).get("probabilities").get(label).asDouble(), 1e-12, label);
                assertEquals(files[1][k], groups.get(1).get("probabilities").get(label).asDouble(), 1e-12,
                        "a group of one file is that file");
                if (argmax == null || want > groups.get(0).get("probabilities").get(argmax).asDouble()) {
                    argmax = label;
                }
            }
            assertEquals(argmax, groups.get(0).get("predicted").asText());
            assertEquals(argmax, groups.get(0).get("top").get(0).get("label").asText());
        }
        CommandRunner text = predict("--model", model.toString(), "--group-by", "pattern", "--group-pattern",
                "synth_([a-z]+)_", "--top-k", "1", recs.get(0).path().toString(), recs.get(1).path().toString(),
                recs.get(2).path().toString());
        assertEquals(0, text.code(), text.err());
        List<String> lines = text.out().lines().toList();
        int at = lines.indexOf("per patient: 2 groups by pattern 'synth_([a-z]+)_', mean of the files' "
                + "probabilities");
        assertTrue(at > 0, text.out());
        assertEquals("group as  (2 files)", lines.get(at + 1));
        assertEquals("  file " + recs.get(0).path(), lines.get(at + 2));
        assertEquals("  file " + recs.get(2).path(), lines.get(at + 3));
        assertTrue(lines.get(at + 4).startsWith("  1. "), lines.get(at + 4));
        assertEquals("group mr  (1 file)", lines.get(at + 5));
        assertFalse(json(predict("--model", model.toString(), "--json", recs.get(0).path().toString()))
                .has("groups"), "no groups without --group-by");
    }

    @Test
    void groupByManifestReportsAnUnlistedFileAndGroupsTheOthers() throws IOException {
        List<Recording> recs = threeRecordings();
        Path csv = tmp.resolve("patients.csv");
        Files.writeString(csv, "path,label,group\n" + recs.get(0).path().toAbsolutePath() + ",AS,patient-7\n"
                + recs.get(2).path().toAbsolutePath() + ",AS,patient-7\n");
        CommandRunner r = predict("--model", model.toString(), "--json", "--group-by", "manifest", "--manifest",
                csv.toString(), recs.get(0).path().toString(), recs.get(1).path().toString(),
                recs.get(2).path().toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(recs.get(1).path().toString()) && r.err().contains("is not listed in the "
                + "manifest " + csv), r.err());
        JsonNode doc = json(r);
        assertEquals(2, doc.get("results").size());
        assertEquals(1, doc.get("errors").size());
        assertEquals(1, doc.get("groups").size());
        JsonNode g = doc.get("groups").get(0);
        assertEquals("patient-7", g.get("group").asText());
        assertEquals(2, g.get("files").size());
        for (String label : TestModels.LABELS) {
            double mean = (doc.get("results").get(0).get("probabilities").get(label).asDouble()
                    + doc.get("results").get(1).get("probabilities").get(label).asDouble()) / 2;
            assertEquals(mean, g.get("probabilities").get(label).asDouble(), 1e-12, label);
        }
        assertEquals("manifest " + csv, doc.get("group_by").asText());
    }

    @Test
    void groupingAndAggregationArguments() {
        String wav = single.path().toString();
        String m = model.toString();
        CommandRunner noPattern = predict("--model", m, "--group-by", "pattern", wav);
        assertEquals(2, noPattern.code());
        assertTrue(noPattern.err().contains("--group-by pattern needs --group-pattern REGEX"), noPattern.err());
        CommandRunner noGroupBy = predict("--model", m, "--group-pattern", "(\\d+)", wav);
        assertEquals(2, noGroupBy.code());
        assertTrue(noGroupBy.err().contains("--group-pattern and --manifest need --group-by"), noGroupBy.err());
        CommandRunner noCapture = predict("--model", m, "--group-by", "pattern", "--group-pattern", "synth_", wav);
        assertEquals(2, noCapture.code());
        assertTrue(noCapture.err().contains("--group-pattern: the pattern 'synth_' must have exactly one capture "
                + "group"), noCapture.err());
        CommandRunner other = predict("--model", m, "--group-by", "folder", wav);
        assertEquals(2, other.code());
        assertTrue(other.err().contains("--group-by must be pattern or manifest, got 'folder'"), other.err());
        CommandRunner missing = predict("--model", m, "--group-by", "manifest", "--manifest",
                tmp.resolve("none.csv").toString(), wav);
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains(tmp.resolve("none.csv") + ": manifest not found"), missing.err());
        CommandRunner median = predict("--model", m, "--aggregate", "median", wav);
        assertEquals(2, median.code());
        assertTrue(median.err().contains("--aggregate must be mean or log_mean, got 'median'"), median.err());
        CommandRunner noMatch = predict("--model", m, "--group-by", "pattern", "--group-pattern", "__(\\d+)_",
                wav);
        assertEquals(2, noMatch.code());
        assertTrue(noMatch.err().contains(wav + ": the file name does not match the group pattern"), noMatch.err());
    }

    @Test
    void usageAndBadArguments() {
        CommandRunner help = predict("--help");
        assertEquals(0, help.code());
        for (String flag : List.of("--model", "--top-k", "--json", "--windows", "--config", "--aggregate",
                "--group-by", "--group-pattern", "--manifest", "FILE.wav")) {
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

    /** Silence and a constant signal are marked unreliable and given no class; a patient decides by the rest. */
    @Test
    void aRecordingThatIsNotAHeartSoundIsUnreliableAndGetsNoDiagnosis() throws IOException {
        Path silence = tmp.resolve("silence_p1.wav");
        org.heartsounds.data.audio.WavWriter.writePcm16(silence, new float[3 * 4000], 4000);
        float[] dc = new float[3 * 4000];
        java.util.Arrays.fill(dc, 0.3f);
        Path constant = tmp.resolve("constant_p2.wav");
        org.heartsounds.data.audio.WavWriter.writePcm16(constant, dc, 4000);

        CommandRunner text = predict("--model", model.toString(), silence.toString());
        assertEquals(0, text.code(), text.err());
        List<String> lines = text.out().lines().toList();
        assertEquals(2, lines.size(), text.out());
        assertTrue(lines.get(1).startsWith("  UNRELIABLE: not a usable heart sound (silent (RMS -inf dBFS, below "
                + "-60.0 dBFS)); no diagnosis"), lines.get(1));

        JsonNode doc = json(predict("--model", model.toString(), "--json", silence.toString(), constant.toString(),
                single.path().toString()));
        JsonNode silent = doc.get("results").get(0);
        assertFalse(silent.get("reliable").asBoolean());
        assertTrue(silent.get("predicted").isNull(), silent.toString());
        assertEquals(0, silent.get("top").size());
        assertEquals("[\"silent\"]", silent.get("quality").toString());
        assertTrue(silent.get("quality_reasons").asText().startsWith("silent (RMS -inf dBFS"), silent.toString());
        assertEquals("[\"constant\"]", doc.get("results").get(1).get("quality").toString());
        JsonNode good = doc.get("results").get(2);
        assertTrue(good.get("reliable").asBoolean());
        assertEquals(0, good.get("quality").size());
        assertFalse(good.has("quality_reasons"));
        assertEquals(good.get("top").get(0).get("label").asText(), good.get("predicted").asText());

        // one patient: the silent file and a real one -> the real one decides; a patient of silence only: none
        Path real = tmp.resolve("real_p1.wav");
        java.nio.file.Files.copy(single.path(), real, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        JsonNode grouped = json(predict("--model", model.toString(), "--json", "--group-by", "pattern",
                "--group-pattern", "_(p\\d)\\.wav", silence.toString(), real.toString(), constant.toString()));
        JsonNode p1 = grouped.get("groups").get(0);
        assertEquals("p1", p1.get("group").asText());
        assertEquals("[\"" + silence + "\"]", p1.get("unreliable").toString());
        JsonNode realResult = grouped.get("results").get(1);
        assertEquals(realResult.get("predicted").asText(), p1.get("predicted").asText());
        for (String label : TestModels.LABELS) {
            assertEquals(realResult.get("probabilities").get(label).asDouble(),
                    p1.get("probabilities").get(label).asDouble(), 1e-12, "the real file alone decides");
        }
        JsonNode p2 = grouped.get("groups").get(1);
        assertTrue(p2.get("predicted").isNull(), p2.toString());
        CommandRunner groupedText = predict("--model", model.toString(), "--group-by", "pattern", "--group-pattern",
                "_(p\\d)\\.wav", silence.toString(), real.toString(), constant.toString());
        assertTrue(groupedText.out().contains("  left out (unreliable): " + silence), groupedText.out());
        assertTrue(groupedText.out().contains("  UNRELIABLE: none of its recordings is a usable heart sound; no "
                + "diagnosis"), groupedText.out());
    }

    @Test
    void explainWritesOnePicturePerWindowAndOnePerRecordingAndTheJsonNamesThem() throws IOException {
        Path dir = tmp.resolve("explained");
        CommandRunner r = predict("--model", model.toString(), "--json", "--explain", dir.toString(),
                multi.path().toString(), single.path().toString());
        assertEquals(0, r.code(), r.err());
        JsonNode results = json(r).get("results");
        for (int i = 0; i < 2; i++) {
            JsonNode result = results.get(i);
            JsonNode e = result.get("explanation");
            assertEquals(result.get("predicted").asText(), e.get("explained_class").asText());
            assertEquals(result.get("windows").asInt(), e.get("windows").size(), "one picture per window");
            String stem = String.format(java.util.Locale.ROOT, "%02d-", i + 1);
            Path whole = Path.of(e.get("recording").asText());
            assertEquals(dir, whole.getParent());
            assertTrue(whole.getFileName().toString().startsWith(stem), whole.toString());
            java.awt.image.BufferedImage picture = javax.imageio.ImageIO.read(whole.toFile());
            assertEquals(org.heartsounds.evaluation.explain.RecordingOverlay.WIDTH, picture.getWidth());
            for (JsonNode w : e.get("windows")) {
                java.awt.image.BufferedImage overlay = javax.imageio.ImageIO.read(Path.of(w.asText()).toFile());
                assertEquals(org.heartsounds.evaluation.explain.CamOverlay.WIDTH, overlay.getWidth());
                assertEquals(org.heartsounds.evaluation.explain.CamOverlay.HEIGHT, overlay.getHeight());
            }
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
            assertEquals(2 + results.get(0).get("windows").asInt() + results.get(1).get("windows").asInt(),
                    files.count(), "nothing else, no temporary file left");
        }
        CommandRunner text = predict("--model", model.toString(), "--explain", dir.toString(),
                single.path().toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("  explained ("), text.out());
        assertFalse(json(predict("--model", model.toString(), "--json", single.path().toString())).get("results")
                .get(0).has("explanation"), "only with --explain");
        java.nio.file.Files.writeString(tmp.resolve("a-file"), "x");
        assertEquals(2, predict("--model", model.toString(), "--explain", tmp.resolve("a-file").toString(),
                single.path().toString()).code(), "--explain naming a file is bad input");
        assertEquals(2, predict("--model", model.toString(), "--explain", dir.toString(), "--explain-layer", "nope",
                single.path().toString()).code(), "an unknown vertex is bad input");
        assertEquals(2, predict("--model", model.toString(), "--explain-layer", "conv1",
                single.path().toString()).code(), "--explain-layer without --explain");
        CommandRunner conv1 = predict("--model", model.toString(), "--json", "--explain", dir.resolve("conv1")
                .toString(), "--explain-layer", "conv1", single.path().toString());
        assertEquals(0, conv1.code(), conv1.err());
    }
}
