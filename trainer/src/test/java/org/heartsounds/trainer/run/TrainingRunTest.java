package org.heartsounds.trainer.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.util.ModelSerializer;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.core.io.AtomicFiles;
import org.heartsounds.core.io.Sha256;
import org.heartsounds.data.dataset.Split;
import org.heartsounds.trainer.data.EpochBatches;
import org.heartsounds.trainer.data.ImageTensors;
import org.heartsounds.trainer.model.ResNet18;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.heartsounds.trainer.testing.TinyDataset;
import org.heartsounds.trainer.train.EpochResult;
import org.heartsounds.trainer.train.Inference;
import org.heartsounds.trainer.train.TrainingDivergedException;
import org.heartsounds.trainer.train.TrainingEvents;
import org.heartsounds.trainer.train.TrainingState;
import org.heartsounds.trainer.transfer.NetworkFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Training runs of ResNet-18 on the tiny synthetic dataset (32x32, batch 8): the run folder, determinism, the
 * featurised frozen trunk, refusing and resuming a finished folder, early stopping and divergence. The first three
 * runs use the oneDNN fast path as the recipe default does; the others turn it off only to save CPU time.
 */
class TrainingRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static TinyDataset.Prepared data;
    private static TrainingRun.Result runA;

    @BeforeAll
    static void prepare() throws IOException {
        Nd4jThreads.single();
        data = TinyDataset.prepare(tmp.resolve("tiny"), 6, 0);
    }

    private static Recipe recipe(String... keyValues) {
        Map<String, String> o = new HashMap<>();
        o.put("train.epochs", "2");
        for (int i = 0; i < keyValues.length; i += 2) {
            o.put(keyValues[i], keyValues[i + 1]);
        }
        return data.recipe(o);
    }

    private static TrainingRun.Result train(Recipe recipe, String folder, boolean resume) throws IOException {
        return TrainingRun.builder().setRecipe(recipe).setData(data.data()).optRunDir(tmp.resolve(folder))
                .optResume(resume).build().run();
    }

    /** Seed 42, 2 epochs, oneDNN fast path: shared by several tests. */
    private static synchronized TrainingRun.Result runA() throws IOException {
        if (runA == null) {
            runA = train(recipe(), "a", false);
        }
        return runA;
    }

    private static List<EpochResult> metrics(Path folder) {
        return TrainingRun.readHistory(new RunFolder(folder).metrics());
    }

    /** metrics.csv without the wall-clock columns (seconds, images_per_s). */
    private static List<String> deterministicColumns(Path folder) throws IOException {
        List<String> lines = Files.readAllLines(new RunFolder(folder).metrics());
        return lines.stream().map(l -> String.join(",", Arrays.copyOf(l.split(","), 6))).toList();
    }

    private static int argminValLoss(List<EpochResult> rows) {
        EpochResult best = null;
        for (EpochResult r : rows) {
            if (r.epoch() >= 1 && (best == null || r.valLoss() < best.valLoss())) {
                best = r;
            }
        }
        return best.epoch();
    }

    /** Validation loss and accuracy of {@code graph}, computed afresh. */
    private static Inference.Scores validate(ComputationGraph graph) {
        ImageTensors val = ImageTensors.load(data.data().images(Split.VAL), data.data().labels(), TinyDataset.SIZE,
                TinyDataset.SIZE);
        return Inference.score(Inference.probabilities(graph, val.features(), 64), val.labels());
    }

    @Test
    void runFolderHoldsEveryFile() throws IOException {
        TrainingRun.Result r = runA();
        RunFolder f = r.folder();
        assertEquals(tmp.resolve("a"), f.root());
        for (Path p : List.of(f.config(), f.provenance(), f.labels(), f.metrics(), f.state(), f.checkpoint(),
                f.model())) {
            assertTrue(Files.isRegularFile(p), p + " exists");
        }
        String yaml = Files.readString(f.config());
        assertEquals(recipe(), ConfigLoader.load(Recipe.class, Recipe.defaults(), f.config()), "config.yaml replays");
        assertEquals("AS\nMR\nMS\nMVP\nN", Files.readString(f.labels()), "jetson labels, no trailing newline");

        JsonNode prov = JSON.readTree(f.provenance().toFile());
        assertEquals(42, prov.get("seed").asLong());
        assertFalse(prov.get("gitCommit").asText().isBlank());
        assertTrue(prov.get("javaVersion").asText().contains(System.getProperty("java.version")));
        assertEquals("1.0.0-M2.1", prov.get("dl4jVersion").asText());
        assertEquals(Sha256.of(yaml), prov.get("configSha256").asText());
        assertEquals(data.data().manifestSha256(), prov.get("dataSha256").asText());
        assertEquals(Sha256.of(data.root().resolve("manifest.csv")), prov.get("dataSha256").asText());
        JsonNode extra = prov.get("extra");
        assertEquals("1.0.0-M2.1", extra.get("deeplearning4j").asText());
        assertEquals("1.0.0-M2.1", extra.get("nd4j").asText());
        assertTrue(extra.get("backend").asText().contains("DL4J layer helpers on"), extra.get("backend").asText());
        assertEquals(data.data().images(Split.TRAIN).size(), extra.get("train_images").asInt());
        assertEquals(data.data().images(Split.VAL).size(), extra.get("val_images").asInt());
        assertTrue(extra.get("weights").asText().startsWith("random initialisation (seed 42)"));

        List<String> lines = Files.readAllLines(f.metrics());
        assertEquals(String.join(",", EpochResult.COLUMNS), lines.get(0));
        List<EpochResult> rows = metrics(f.root());
        assertEquals(List.of(0, 1, 2), rows.stream().map(EpochResult::epoch).toList());
        assertEquals(r.outcome().history().size(), rows.size());
        int batches = new EpochBatches(ImageTensors.load(data.data().images(Split.TRAIN), data.data().labels(),
                TinyDataset.SIZE, TinyDataset.SIZE).features(), org.nd4j.linalg.factory.Nd4j.zeros(
                data.data().images(Split.TRAIN).size(), 5), 8, 42, null).batchesPerEpoch();
        assertEquals(0.0, rows.get(0).lr());
        assertEquals(1e-3, rows.get(1).lr(), 1e-9, "cosine starts at the peak");
        assertEquals(0.5 * 1e-3 * (1 + Math.cos(Math.PI * batches / (2.0 * batches))), rows.get(2).lr(), 1e-9,
                "epoch 2 starts half-way through the cosine");
        for (EpochResult row : rows) {
            assertTrue(row.trainAcc() >= 0 && row.trainAcc() <= 1 && row.valAcc() >= 0 && row.valAcc() <= 1);
            assertTrue(row.trainLoss() > 0 && row.valLoss() > 0 && row.seconds() > 0);
        }
        assertTrue(rows.get(1).imagesPerSecond() > 0 && rows.get(2).imagesPerSecond() > 0);

        TrainingState state = TrainingState.read(f.state());
        assertEquals(2, state.epochsDone());
        assertTrue(state.finished());
        assertEquals("reached train.epochs (2)", state.stopReason());
        assertEquals(Sha256.of(yaml), state.configSha256());
        int best = argminValLoss(rows);
        assertEquals(best, state.bestEpoch(), "best epoch = lowest validation loss");
        assertEquals(best, r.outcome().bestEpoch());
        assertEquals(rows.get(best).valLoss(), state.bestScore(), 1e-6);

        ComputationGraph checkpoint = ModelSerializer.restoreComputationGraph(f.checkpoint().toFile(), true);
        assertEquals(2 * batches, checkpoint.getConfiguration().getIterationCount(), "2 epochs of " + batches);
        assertEquals(2, checkpoint.getConfiguration().getEpochCount());
        assertNotNull(checkpoint.getUpdater().getStateViewArray(), "checkpoint keeps the Adam state");

        ModelArchive.Loaded model = ModelArchive.read(f.model());
        assertEquals(List.of("AS", "MR", "MS", "MVP", "N"), model.labels());
        // model.zip carries the recipe without train.out and the provenance without when and where the run was
        assertEquals(TrainingRun.artifactRecipe(yaml), model.recipeYaml());
        assertEquals(recipe().withTrain(recipe().train().withOut(Recipe.defaults().train().out())),
                ConfigLoader.loadText(Recipe.class, Recipe.defaults(), model.recipeYaml(), "model.zip"));
        ObjectNode runProvenance = (ObjectNode) JSON.readTree(f.provenance().toFile());
        JsonNode modelProvenance = JSON.readTree(model.provenanceJson());
        assertTrue(runProvenance.has("createdAt") && runProvenance.get("extra").has("dataset"));
        runProvenance.remove("createdAt");
        ((ObjectNode) runProvenance.get("extra")).remove("dataset");
        assertEquals(runProvenance, modelProvenance);
        assertEquals(r.bestModel().params(), model.graph().params());
        Inference.Scores again = validate(model.graph());
        assertEquals(rows.get(best).valLoss(), again.loss(), 1e-5, "model.zip is the best epoch's network");
        assertEquals(rows.get(best).valAcc(), again.accuracy(), 1e-6);
    }

    @Test
    void sameSeedSameMetricsOtherSeedOtherMetrics() throws IOException {
        TrainingRun.Result a = runA();
        TrainingRun.Result b = train(recipe(), "b", false);
        assertEquals(deterministicColumns(a.folder().root()), deterministicColumns(b.folder().root()));
        assertEquals(0.0, a.bestModel().params().sub(b.bestModel().params()).amaxNumber().doubleValue());
        assertEquals(Sha256.of(a.folder().model()), Sha256.of(b.folder().model()),
                "two identical runs (other folders, other times) write the same model.zip bytes");
        // another seed: another initialisation and shuffling (1 epoch without the fast path is enough to see it;
        // the fast path changes losses by float rounding only, far less than 1e-3)
        train(recipe("seed", "43", "train.epochs", "1", "train.fast_path", "false"), "c", false);
        List<EpochResult> c = metrics(tmp.resolve("c"));
        List<EpochResult> rowsA = metrics(a.folder().root());
        assertTrue(Math.abs(rowsA.get(0).valLoss() - c.get(0).valLoss()) > 1e-3, "baseline differs with the "
                + "initialisation: " + rowsA.get(0) + " vs " + c.get(0));
        assertTrue(Math.abs(rowsA.get(0).trainLoss() - c.get(0).trainLoss()) > 1e-3);
        assertTrue(Math.abs(rowsA.get(1).trainLoss() - c.get(1).trainLoss()) > 1e-3);
    }

    @Test
    void freezeLayer4TrainsOnlyTheHeadOnFeaturesComputedOnce() throws IOException {
        Recipe recipe = recipe("train.freeze", "layer4", "train.fast_path", "false", "train.learning_rate", "0.01");
        TrainingRun.Result r = train(recipe, "frozen", false);
        JsonNode prov = JSON.readTree(r.folder().provenance().toFile());
        assertEquals("avgpool", prov.get("extra").get("frozen_at").asText());
        ComputationGraph saved = ModelArchive.read(r.folder().model()).graph();
        ComputationGraph initial = new NetworkFactory(recipe.train(), 5, TinyDataset.SIZE, TinyDataset.SIZE,
                recipe.seed(), n -> null).create(3).graph();
        int compared = 0;
        for (GraphVertex v : initial.getVertices()) {
            if (!v.hasLayer() || v.getLayer().numParams() == 0) {
                continue;
            }
            INDArray after = saved.getLayer(v.getVertexName()).params();
            if (v.getVertexName().equals(ResNet18.HEAD)) {
                assertNotEquals(v.getLayer().params(), after, "the head trained");
            } else {
                assertEquals(v.getLayer().params(), after, v.getVertexName() + " (incl. BatchNorm statistics) kept");
                compared++;
            }
        }
        assertEquals(40, compared, "20 convolutions + 20 BatchNorms in the trunk");
        assertArrayEquals(new long[] {512, 5}, saved.getLayer(ResNet18.HEAD).getParam("W").shape());
        List<EpochResult> rows = metrics(r.folder().root());
        assertEquals(3, rows.size());
        assertNotEquals(rows.get(0).trainLoss(), rows.get(2).trainLoss());
        Inference.Scores again = validate(saved);
        assertEquals(rows.get(r.outcome().bestEpoch()).valLoss(), again.loss(), 1e-5,
                "the full network in model.zip scores what the head scored on the features");
    }

    @Test
    void aFinishedFolderIsRefusedWithoutResumeAndReturnedAsIsWithResume() throws IOException {
        TrainingRun.Result a = runA();
        RunFolder f = a.folder();
        String metricsBefore = Files.readString(f.metrics());
        long checkpointTime = Files.getLastModifiedTime(f.checkpoint()).toMillis();
        BadInputException e = assertThrows(BadInputException.class, () -> train(recipe(), "a", false));
        assertTrue(e.getMessage().contains("already holds a run") && e.getMessage().contains("2 of 2 epochs")
                && e.getMessage().contains("--resume") && e.getMessage().contains(f.root().toString()),
                e.getMessage());
        // what a kill -9 during an atomic write leaves behind is removed when the folder is taken up again
        Path leftover = Files.write(f.root().resolve(".checkpoint.zip.12345" + AtomicFiles.TEMP_SUFFIX), new byte[10]);
        TrainingRun.Result again = train(recipe(), "a", true);
        assertFalse(Files.exists(leftover), "leftover temporary file removed");
        assertEquals(a.outcome().history().stream().map(EpochResult::csvRow).toList(),
                again.outcome().history().stream().map(EpochResult::csvRow).toList());
        assertEquals(a.outcome().bestEpoch(), again.outcome().bestEpoch());
        assertEquals(a.outcome().stopReason(), again.outcome().stopReason());
        assertEquals(a.bestModel().params(), again.bestModel().params());
        assertEquals(metricsBefore, Files.readString(f.metrics()), "nothing rewritten");
        assertEquals(checkpointTime, Files.getLastModifiedTime(f.checkpoint()).toMillis(), "no epoch trained");
        BadInputException other = assertThrows(BadInputException.class,
                () -> train(recipe("train.epochs", "3"), "a", true));
        assertTrue(other.getMessage().contains("another recipe") && other.getMessage().contains("config.yaml"),
                other.getMessage());
    }

    /** The class weights of the head's loss in a saved network, or null when unweighted. */
    private static double[] headLossWeights(ComputationGraph g) {
        var head = (org.deeplearning4j.nn.conf.layers.BaseOutputLayer) g.getLayer(ResNet18.HEAD).conf().getLayer();
        var loss = (org.nd4j.linalg.lossfunctions.impl.LossMCXENT) head.getLossFn();
        return loss.getWeights() == null ? null : loss.getWeights().toDoubleVector();
    }

    @Test
    void balancedClassWeightsComeFromTheTrainingWindowsAndReachTheLogProvenanceCheckpointAndModel()
            throws IOException {
        List<String> lines = new java.util.ArrayList<>();
        TrainingEvents record = new TrainingEvents() {
            @Override
            public void line(String text) {
                lines.add(text);
            }
        };
        Recipe recipe = recipe("train.epochs", "2", "train.freeze", "layer4", "train.fast_path", "false",
                "train.class_weights", "balanced", "train.early_stopping.metric", "val_macro_f1");
        TrainingRun.Result r = TrainingRun.builder().setRecipe(recipe).setData(data.data())
                .optRunDir(tmp.resolve("balanced")).optEvents(record).build().run();

        List<String> labels = data.data().labels();
        long[] counts = new long[labels.size()];
        data.data().images(Split.TRAIN).forEach(e -> counts[e.label()]++);
        long n = Arrays.stream(counts).sum();
        double[] expected = new double[counts.length];
        StringBuilder described = new StringBuilder("balanced: ");
        StringBuilder windows = new StringBuilder(" (training windows: ");
        for (int c = 0; c < counts.length; c++) {
            expected[c] = n / (5.0 * counts[c]);
            described.append(c == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%s %.4f",
                    labels.get(c), expected[c]));
            windows.append(c == 0 ? "" : ", ").append(labels.get(c)).append(' ').append(counts[c]);
        }
        String line = described + windows.toString() + ")";
        assertTrue(lines.contains("class weights of the loss (train.class_weights): " + line), lines.toString());
        JsonNode extra = JSON.readTree(r.folder().provenance().toFile()).get("extra");
        assertEquals(line, extra.get("class_weights").asText());

        // the featurised head-only graph in checkpoint.zip (what --resume restores) and the full network in model.zip
        ComputationGraph checkpoint = ModelSerializer.restoreComputationGraph(r.folder().checkpoint().toFile(), true);
        assertArrayEquals(expected, headLossWeights(checkpoint), 1e-6);
        assertArrayEquals(expected, headLossWeights(ModelArchive.read(r.folder().model()).graph()), 1e-6);
        assertArrayEquals(expected, headLossWeights(r.bestModel()), 1e-6);

        String yaml = Files.readString(r.folder().config());
        assertTrue(yaml.contains("class_weights: balanced") && yaml.contains("metric: val_macro_f1"), yaml);
        assertEquals(recipe, ConfigLoader.load(Recipe.class, Recipe.defaults(), r.folder().config()),
                "config.yaml replays the weighted recipe");
        List<EpochResult> rows = metrics(r.folder().root());
        for (EpochResult row : rows) {
            assertTrue(row.valMacroF1() >= 0 && row.valMacroF1() <= 1 && row.valBalancedAcc() >= 0
                    && row.valBalancedAcc() <= 1, row.toString());
        }
        int best = rows.get(1).valMacroF1() >= rows.get(2).valMacroF1() ? 1 : 2;
        assertEquals(best, r.outcome().bestEpoch(), "selected by val_macro_f1: " + rows);
        assertTrue(lines.get(lines.size() - 1).startsWith("best epoch " + best + " (val_macro_f1 "),
                lines.get(lines.size() - 1));
    }

    @Test
    void aClassWeightListOfTheWrongLengthIsRefusedBeforeTheRunFolderIsCreated() {
        Path dir = tmp.resolve("wrong-weights");
        BadInputException e = assertThrows(BadInputException.class,
                () -> train(recipe("train.class_weights", "[1, 2]"), "wrong-weights", false));
        assertTrue(e.getMessage().contains("train.class_weights has 2 weights but the dataset has 5 classes "
                + "[AS, MR, MS, MVP, N]") && e.getMessage().contains("labels.txt"), e.getMessage());
        assertFalse(Files.exists(dir), "nothing written");
    }

    @Test
    void aRunFolderOfAnOlderVersionResumesAndItsMetricsCsvGainsTheClassAveragedColumns() throws IOException {
        Recipe recipe = recipe("train.epochs", "2", "train.freeze", "layer4", "train.fast_path", "false");
        RunFolder f = train(recipe, "older", false).folder();
        // what a version without train.class_weights and the class-averaged columns leaves after epoch 1 of 2
        String current = Files.readString(f.config());
        String oldYaml = current.replace("  class_weights: none\n", "");
        assertNotEquals(current, oldYaml);
        AtomicFiles.writeString(f.config(), oldYaml);
        List<String> lines = Files.readAllLines(f.metrics());
        StringBuilder oldCsv = new StringBuilder(String.join(",", EpochResult.REQUIRED_COLUMNS)).append('\n');
        for (String line : lines.subList(1, 3)) {
            oldCsv.append(String.join(",", Arrays.copyOf(line.split(","), 8))).append('\n');
        }
        AtomicFiles.writeString(f.metrics(), oldCsv.toString());
        new TrainingState(1, 1, metrics(f.root()).get(1).valLoss(), false, null, Sha256.of(oldYaml)).write(f.state());

        train(recipe, "older", true);
        List<String> after = Files.readAllLines(f.metrics());
        assertEquals(String.join(",", EpochResult.COLUMNS), after.get(0));
        List<EpochResult> rows = metrics(f.root());
        assertEquals(List.of(0, 1, 2), rows.stream().map(EpochResult::epoch).toList());
        assertTrue(Double.isNaN(rows.get(1).valMacroF1()), "the older version's rows: NaN " + rows.get(1));
        assertTrue(rows.get(2).valMacroF1() >= 0 && rows.get(2).valBalancedAcc() >= 0, "the resumed epoch: "
                + rows.get(2));
        assertTrue(TrainingState.read(f.state()).finished());

        // another recipe is still refused
        new TrainingState(1, 1, rows.get(1).valLoss(), false, null, Sha256.of(oldYaml)).write(f.state());
        BadInputException e = assertThrows(BadInputException.class, () -> train(recipe("train.epochs", "2",
                "train.freeze", "layer4", "train.fast_path", "false", "train.learning_rate", "0.01"), "older", true));
        assertTrue(e.getMessage().contains("started with another recipe"), e.getMessage());
    }

    @Test
    void resumeWithNothingToResumeSaysSoOnItsFirstLine() throws IOException {
        List<String> lines = new java.util.ArrayList<>();
        TrainingEvents record = new TrainingEvents() {
            @Override
            public void line(String text) {
                lines.add(text);
            }
        };
        Path dir = tmp.resolve("fresh");
        assertFalse(new RunFolder(dir).isStarted());
        TrainingRun.builder().setRecipe(recipe("train.epochs", "1", "train.fast_path", "false"))
                .setData(data.data()).optRunDir(dir).optResume(true).optEvents(record).build().run();
        assertEquals("nothing to resume in " + dir + " (no state.json yet): training from the start", lines.get(0));
        assertTrue(new RunFolder(dir).isStarted());
    }

    @Test
    void earlyStoppingEndsARunThatStopsImprovingAndKeepsTheBestEpoch() throws IOException {
        // min_delta 100: no epoch after the first counts as an improvement, so patience 1 stops after epoch 2
        Recipe recipe = recipe("train.epochs", "4", "train.early_stopping.patience", "1",
                "train.early_stopping.min_delta", "100", "train.fast_path", "false");
        TrainingRun.Result r = train(recipe, "early", false);
        List<EpochResult> rows = metrics(r.folder().root());
        assertEquals(List.of(0, 1, 2), rows.stream().map(EpochResult::epoch).toList(), "stopped before 4 epochs");
        assertEquals("early stopping: no val_loss improvement for 1 epochs", r.outcome().stopReason());
        TrainingState state = TrainingState.read(r.folder().state());
        assertTrue(state.finished());
        assertEquals(2, state.epochsDone());
        assertEquals(r.outcome().stopReason(), state.stopReason());
        assertEquals(argminValLoss(rows), r.outcome().bestEpoch(), "selection still takes the lowest val loss");
        assertEquals(argminValLoss(rows), state.bestEpoch());
    }

    @Test
    void noValidationOrTrainingImagesIsBadInputNamingTheDataset() {
        var train = data.data().images(Split.TRAIN);
        BadInputException noVal = assertThrows(BadInputException.class, () -> TrainingRun.builder()
                .setRecipe(recipe()).setData(data.data()).optImages(train, List.of()).optRunDir(tmp.resolve("nv"))
                .build());
        assertTrue(noVal.getMessage().contains(data.root().toString())
                && noVal.getMessage().contains("no validation images") && noVal.getMessage().contains("split.val"),
                noVal.getMessage());
        BadInputException noTrain = assertThrows(BadInputException.class, () -> TrainingRun.builder()
                .setRecipe(recipe()).setData(data.data()).optImages(List.of(), train).build());
        assertTrue(noTrain.getMessage().contains("no training images"), noTrain.getMessage());
        BadInputException otherSize = assertThrows(BadInputException.class, () -> TrainingRun.builder()
                .setRecipe(recipe("spectrogram.width", "64")).setData(data.data()).build());
        assertTrue(otherSize.getMessage().contains("other audio / spectrogram settings than this recipe (differing "
                + "keys: spectrogram.width)"), otherSize.getMessage());
        assertFalse(Files.exists(tmp.resolve("nv")), "nothing written");
    }

    @Test
    void divergingTrainingStopsWithAMessageNamingTheEpoch() throws IOException {
        Recipe recipe = recipe("train.optimizer", "sgd", "train.momentum", "0", "train.learning_rate", "9",
                "train.schedule", "constant", "train.weight_decay", "0", "train.fast_path", "false");
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> train(recipe, "diverged", false));
        assertTrue(e.getMessage().contains("diverged in epoch 1") && e.getMessage().contains("learning_rate"),
                e.getMessage());
        TrainingState state = TrainingState.read(tmp.resolve("diverged").resolve(RunFolder.STATE));
        assertEquals(0, state.epochsDone(), "only the baseline is saved");
        assertFalse(state.finished());
        assertEquals(1, metrics(tmp.resolve("diverged")).size());
    }
}
