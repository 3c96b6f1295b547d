package org.heartsounds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.data.synth.SyntheticHeartSounds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage text, exit codes and the main job, through the assembled command line. */
class HeartsoundsCommandTest {


    @Test
    void helpListsEverySubcommand() {
        CliRun r = CliRun.run("--help");
        assertEquals(0, r.code());
        for (String sub : new String[] {"run", "data", "train", "cv", "sweep", "weights", "bench", "evaluate",
            "predict", "export"}) {
            assertTrue(r.out().contains(sub), sub + " in\n" + r.out());
        }
        CliRun data = CliRun.run("data", "--help");
        for (String sub : new String[] {"inspect", "prepare", "manifest", "fetch", "synth"}) {
            assertTrue(data.out().contains(sub), sub + " in\n" + data.out());
        }
        assertTrue(CliRun.run("data", "prepare", "--help").out().contains("--config"));
        CliRun weights = CliRun.run("weights", "--help");
        assertTrue(weights.out().contains("fetch") && weights.out().contains("list"), weights.out());
        assertEquals(2, CliRun.run("weights", "fetch").code(), "NAME is required");
        CliRun train = CliRun.run("train", "--help");
        for (String flag : new String[] {"--resume", "--freeze", "--pretrained", "--epochs", "--prepared"}) {
            assertTrue(train.out().contains(flag), flag + " in\n" + train.out());
        }
        CliRun export = CliRun.run("export", "--help");
        assertTrue(export.out().contains("onnx") && export.out().contains("jetson"), export.out());
        assertEquals(2, CliRun.run("export", "onnx", "--run", "no-such-run", "--out", "x").code());
        CliRun cv = CliRun.run("cv", "--help");
        assertTrue(cv.out().contains("--folds") && cv.out().contains("--split"), cv.out());
    }

    @Test
    void cvWithAnUnknownSplitProtocolIsExitTwo(@TempDir Path tmp) {
        CliRun r = CliRun.run("cv", "--split", "bogus", "--out", tmp.resolve("cv").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--split must be grouped or file, got 'bogus'"), r.err());
        assertFalse(Files.exists(tmp.resolve("cv")));
        CliRun folds = CliRun.run("cv", "--folds", "1", "--out", tmp.resolve("cv").toString());
        assertEquals(2, folds.code(), folds.err());
        assertTrue(folds.err().contains("split.folds must be in [2, 100], got 1"), folds.err());
        assertFalse(Files.exists(tmp.resolve("cv")));
    }

    @Test
    void runTakesAManifestButNotTogetherWithAFolder(@TempDir Path tmp) throws Exception {
        assertTrue(CliRun.run("run", "--help").out().contains("--manifest"));
        CliRun both = CliRun.run("run", "--data", tmp.toString(), "--manifest", tmp.resolve("m.csv").toString(),
                "--out", tmp.resolve("o").toString());
        assertEquals(2, both.code());
        assertTrue(both.err().contains("--data and --manifest are exclusive"), both.err());
        Files.writeString(tmp.resolve("m.csv"), "path,label\nmissing.wav,N\n");
        CliRun missing = CliRun.run("run", "--manifest", tmp.resolve("m.csv").toString(), "--out",
                tmp.resolve("o").toString());
        assertEquals(2, missing.code(), missing.err());
        assertTrue(missing.err().contains("m.csv") && missing.err().contains("missing.wav"), missing.err());
    }

    /** --threads on every command that runs the network: below 1 is bad input, named, before anything runs. */
    @Test
    void threadsBelowOneIsExitTwoOnEveryCommandThatRunsTheNetwork(@TempDir Path tmp) {
        String[][] commands = {
            {"train", "--out", tmp.resolve("t").toString()},
            {"cv", "--out", tmp.resolve("c").toString()},
            {"sweep", "--config", "../configs/yaseen2018-sweep.yaml", "--out", tmp.resolve("s").toString()},
            {"evaluate", "--run", tmp.resolve("r").toString()},
            {"predict", "--model", tmp.resolve("m.zip").toString(), tmp.resolve("a.wav").toString()},
        };
        for (String[] command : commands) {
            for (String bad : new String[] {"0", "-3"}) {
                String[] args = java.util.Arrays.copyOf(command, command.length + 2);
                args[command.length] = "--threads";
                args[command.length + 1] = bad;
                CliRun r = CliRun.run(args);
                assertEquals(2, r.code(), String.join(" ", args) + "\n" + r.err());
                assertTrue(r.err().contains("--threads must be >= 1, got " + bad), r.err());
            }
            assertTrue(CliRun.run(command[0], "--help").out().contains("--threads"), command[0]);
        }
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(0, s.count(), "nothing written");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void unknownOptionAndUnknownCommandAreBadInput() {
        assertEquals(2, CliRun.run("data", "prepare", "--no-such-flag").code());
        assertEquals(2, CliRun.run("no-such-command").code());
    }

    @Test
    void misspeltRecipeKeyIsExitTwoNamingKeyAndFile(@TempDir Path tmp) throws Exception {
        Path yaml = tmp.resolve("bad.yaml");
        Files.writeString(yaml, "spectrogram:\n  n_mel: 3\n");
        CliRun r = CliRun.run("data", "inspect", "--config", yaml.toString(), "--data", tmp.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("bad.yaml") && r.err().contains("spectrogram.n_mel"), r.err());
    }

    @Test
    void missingDatasetFolderIsExitTwo(@TempDir Path tmp) {
        CliRun r = CliRun.run("data", "prepare", "--data", tmp.resolve("nope").toString(), "--out", tmp.resolve("o").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("nope"), r.err());
    }

    @Test
    void corruptWavIsExitTwoAndNothingIsWritten(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("wavs");
        SyntheticHeartSounds.writeDataset(data, new SyntheticHeartSounds.Spec(2, 1.5, 2.0, 8000, 5));
        Files.write(data.resolve("N").resolve("truncated.wav"), new byte[] {'R', 'I', 'F', 'F'});
        Path out = tmp.resolve("out");
        CliRun r = CliRun.run("data", "prepare", "--data", data.toString(), "--out", out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("truncated.wav"), r.err());
        try (Stream<Path> s = Files.walk(out)) {
            assertFalse(s.anyMatch(p -> p.toString().endsWith(".png")));
        }
    }

    @Test
    void mainJobRunsTheWholePipelineOnSyntheticData(@TempDir Path tmp) throws Exception {
        CliRun r = CliRun.run("run", "--out", tmp.toString(), "--per-class", "10", "--epochs", "2",
                "--set", "spectrogram.width=32", "--set", "spectrogram.height=32");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("prepared 50 recordings"), r.out());
        assertEquals("AS\nMR\nMS\nMVP\nN", Files.readString(tmp.resolve("data/labels.txt")));
        Recipe replay = ConfigLoader.load(Recipe.class, Recipe.defaults(), tmp.resolve("data/config.yaml"));
        assertEquals(tmp.resolve("data").toString(), replay.data().out());
        // train and evaluate: metrics rows for epochs 0..2, a loadable best model, a test report
        java.util.List<String> metrics = Files.readAllLines(tmp.resolve("train/metrics.csv"));
        assertEquals(4, metrics.size(), String.join("\n", metrics));
        assertTrue(metrics.get(0).startsWith("epoch,train_loss,train_acc,val_loss,val_acc"), metrics.get(0));
        assertEquals(java.util.List.of("AS", "MR", "MS", "MVP", "N"),
                org.heartsounds.trainer.run.ModelArchive.read(tmp.resolve("train/model.zip")).labels());
        assertTrue(Files.size(tmp.resolve("train/test/report.html")) > 1000);
        assertTrue(Files.exists(tmp.resolve("train/test-recordings/metrics.json")));
        assertTrue(r.out().contains("test accuracy"), r.out());
        // export: the checked ONNX in jetson-inference's layout, labels in training order, the check's numbers
        Path jetson = tmp.resolve("jetson/models/heartsounds");
        assertTrue(Files.size(jetson.resolve("resnet18.onnx")) > 1000);
        assertEquals("AS\nMR\nMS\nMVP\nN", Files.readString(jetson.resolve("labels.txt")));
        com.fasterxml.jackson.databind.JsonNode check = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(jetson.resolve("export-check.json").toFile());
        assertTrue(r.out().contains("top-1 agreement 100.00 %") && r.out().contains("-- passed"), r.out());
        assertTrue(check.get("passed").asBoolean(), check.toString());
        assertEquals(check.get("images_checked").asInt(), check.get("top1_agreements").asInt(), check.toString());
        assertTrue(check.get("images_checked").asInt() > 0 && check.get("max_abs_diff").asDouble() <= 1e-4,
                check.toString());
        assertEquals(13, check.get("opset").asInt());
        assertTrue(r.out().contains(jetson.resolve("resnet18.onnx").toString()), r.out());
        // evaluate on the trained run gives the main job's test report; predict classifies its WAVs
        CliRun eval = CliRun.run("evaluate", "--run", tmp.resolve("train").toString());
        assertEquals(0, eval.code(), eval.err());
        org.heartsounds.evaluation.MetricsReport mainJob = org.heartsounds.evaluation.MetricsJson.read(
                tmp.resolve("train/test/metrics.json"));
        org.heartsounds.evaluation.MetricsReport again = org.heartsounds.evaluation.MetricsJson.read(
                tmp.resolve("train/eval-test/metrics.json"));
        assertEquals(mainJob.count(), again.count());
        assertEquals(mainJob.summary(), again.summary());
        assertEquals(mainJob.predictions().items(), again.predictions().items());
        Path wav;
        try (Stream<Path> s = Files.walk(tmp.resolve("synthetic"))) {
            wav = s.filter(f -> f.toString().endsWith(".wav")).sorted().findFirst().orElseThrow();
        }
        CliRun predict = CliRun.run("predict", "--model", tmp.resolve("train").toString(), "--top-k", "1", wav.toString());
        assertEquals(0, predict.code(), predict.err());
        assertEquals(2, predict.out().lines().count(), predict.out());
    }

    @Test
    void defaultRecipeFileSpellsOutTheBuiltInDefaults() {
        Path file = Path.of("..", "configs", "default.yaml");
        assertEquals(Recipe.defaults(), ConfigLoader.load(Recipe.class, Recipe.defaults(), file));
        // and it sets every key itself: loading it over different defaults gives the same recipe
        Recipe other = ConfigLoader.load(Recipe.class, Recipe.defaults(), null,
                java.util.Map.of("seed", "1", "spectrogram.n_mels", "7", "audio.sample_rate", "1000",
                        "train.epochs", "3", "train.optimizer", "sgd", "train.early_stopping.patience", "2",
                        "train.augment.time_masks", "1", "train.fast_path", "false"));
        assertEquals(Recipe.defaults(), ConfigLoader.load(Recipe.class, other, file));
    }

    @Test
    void everyRecipeUnderConfigsLoads() throws Exception {
        int loaded = 0;
        try (Stream<Path> s = Files.list(Path.of("..", "configs"))) {
            for (Path p : s.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                // a sweep configuration is a recipe plus a sweep: section
                Recipe r = Files.readString(p).lines().anyMatch(l -> l.startsWith("sweep:"))
                        ? org.heartsounds.sweep.config.SweepConfig.load(p, java.util.Map.of()).base()
                        : ConfigLoader.load(Recipe.class, Recipe.defaults(), p);
                int min = org.heartsounds.trainer.model.ResNet18.MIN_INPUT_SIZE;
                assertTrue(r.spectrogram().width() >= min && r.spectrogram().height() >= min,
                        p + ": ResNet-18 needs at least " + min + " pixels");
                assertTrue(r.train().epochs() >= 1 && r.train().batchSize() >= 2, p.toString());
                loaded++;
            }
        }
        assertTrue(loaded >= 3, "default, yaseen2018 and yaseen2018-scratch: " + loaded);
    }
}
