package org.heartsounds.trainer.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.transferlearning.TransferLearningHelper;
import org.deeplearning4j.util.ModelSerializer;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.Provenance;
import org.heartsounds.core.config.ClassWeights;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.core.config.TrainSpec;
import org.heartsounds.core.io.AtomicFiles;
import org.heartsounds.core.io.Sha256;
import org.heartsounds.data.dataset.Split;
import org.heartsounds.data.layout.JetsonLayout;
import org.heartsounds.trainer.backend.OneDnnHelpers;
import org.heartsounds.trainer.optim.FusedAdamUpdater;
import org.heartsounds.trainer.data.EpochBatches;
import org.heartsounds.trainer.data.ImageEntry;
import org.heartsounds.trainer.data.ImageTensors;
import org.heartsounds.trainer.data.PreparedDataset;
import org.heartsounds.trainer.data.SpectrogramAugmenter;
import org.heartsounds.trainer.model.ResNet18;
import org.heartsounds.trainer.train.EpochResult;
import org.heartsounds.trainer.train.DecisionThresholds;
import org.heartsounds.trainer.train.Inference;
import org.heartsounds.trainer.train.LossWeights;
import org.heartsounds.trainer.train.TrainingEvents;
import org.heartsounds.trainer.train.TrainingLoop;
import org.heartsounds.trainer.train.TrainingOutcome;
import org.heartsounds.trainer.train.TrainingState;
import org.heartsounds.trainer.transfer.FreezePoint;
import org.heartsounds.trainer.transfer.NetworkFactory;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.heartsounds.core.config.AudioSpec;

/**
 * One training run into a {@link RunFolder}: loads the prepared images, builds the network
 * ({@link NetworkFactory}), computes frozen features once when only the head trains, runs the {@link TrainingLoop}
 * and leaves the best network on validation in model.zip. The loss weights of {@code train.class_weights}
 * ({@link LossWeights}, counted over the training images) are printed when the loss is weighted and always recorded
 * in provenance.json ({@code extra.class_weights}). With {@code optResume(true)} a run folder left by a killed
 * run continues from its last checkpoint; without it, a folder that already holds a run is refused.
 */
public final class TrainingRun {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Recipe recipe;
    private final PreparedDataset data;
    private final List<ImageEntry> trainImages;
    private final List<ImageEntry> valImages;
    private final RunFolder folder;
    private final boolean resume;
    private final TrainingEvents events;
    private final Function<String, Path> catalogue;

    private TrainingRun(Builder b) {
        this.recipe = b.recipe;
        this.data = b.data;
        this.trainImages = b.trainImages != null ? b.trainImages : b.data.images(Split.TRAIN);
        this.valImages = b.valImages != null ? b.valImages : b.data.images(Split.VAL);
        this.folder = new RunFolder(b.runDir != null ? b.runDir : Path.of(b.recipe.train().out()));
        this.resume = b.resume;
        this.events = b.events;
        this.catalogue = b.catalogue;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder: {@code setRecipe} and {@code setData} are required; the rest is optional. */
    public static final class Builder {
        private Recipe recipe;
        private PreparedDataset data;
        private List<ImageEntry> trainImages;
        private List<ImageEntry> valImages;
        private Path runDir;
        private boolean resume;
        private TrainingEvents events = TrainingEvents.NONE;
        private Function<String, Path> catalogue = name -> {
            throw new BadInputException(name, "unknown pretrained weights name");
        };

        public Builder setRecipe(Recipe recipe) {
            this.recipe = recipe;
            return this;
        }

        public Builder setData(PreparedDataset data) {
            this.data = data;
            return this;
        }

        /** Train / validation images other than the prepared split (cross-validation folds). */
        public Builder optImages(List<ImageEntry> train, List<ImageEntry> val) {
            this.trainImages = List.copyOf(train);
            this.valImages = List.copyOf(val);
            return this;
        }

        /** The run folder (default: {@code train.out}). */
        public Builder optRunDir(Path dir) {
            this.runDir = dir;
            return this;
        }

        /**
         * Continue the run in {@code train.out} from its last checkpoint (a run folder is refused without it); with
         * nothing there yet, the first line says so and training starts from the beginning.
         */
        public Builder optResume(boolean resume) {
            this.resume = resume;
            return this;
        }

        public Builder optEvents(TrainingEvents events) {
            this.events = Objects.requireNonNull(events);
            return this;
        }

        /** Resolves catalogue names of {@code train.pretrained} (e.g. {@code resnet18-imagenet}) to files. */
        public Builder optCatalogue(Function<String, Path> catalogue) {
            this.catalogue = Objects.requireNonNull(catalogue);
            return this;
        }

        public TrainingRun build() {
            Objects.requireNonNull(recipe, "setRecipe(...) is required");
            Objects.requireNonNull(data, "setData(...) is required");
            List<String> keys = org.heartsounds.trainer.data.PreparedData.imageDifferences(data.recipe(), recipe);
            if (!keys.isEmpty()) {
                throw new BadInputException(data.root(), "was prepared with other audio / spectrogram settings than "
                        + "this recipe (differing keys: " + String.join(", ", keys) + "); prepare it again or "
                        + "point data.out elsewhere");
            }
            TrainingRun run = new TrainingRun(this);
            if (run.trainImages.isEmpty()) {
                throw new BadInputException(data.root(), "has no training images for this run");
            }
            if (run.valImages.isEmpty()) {
                throw new BadInputException(data.root(), "has no validation images for this run: early stopping "
                        + "and model selection need them (split.val > 0, then prepare again)");
            }
            return run;
        }
    }

    /** What a finished run leaves: its folder, the epoch history and the best network with its labels. */
    public record Result(RunFolder folder, TrainingOutcome outcome, ComputationGraph bestModel, List<String> labels) {
    }

    public Result run() throws IOException {
        TrainSpec spec = recipe.train();
        String recipeYaml = ConfigLoader.toYaml(recipe);
        String configSha = Sha256.of(recipeYaml);
        if (trainImages.isEmpty() || valImages.isEmpty()) {
            throw new BadInputException(data.root(), "has " + trainImages.size() + " training and "
                    + valImages.size() + " validation images; training needs both (early stopping and model "
                    + "selection use validation data only): add recordings or raise split.val");
        }
        List<String> labels = data.labels();
        LossWeights lossWeights = LossWeights.resolve(spec.classWeights(), spec.multilabel()
                        ? LossWeights.countLabelWindows(trainImages, labels.size())
                        : LossWeights.countWindows(trainImages, labels.size()), labels,
                data.root().resolve(JetsonLayout.LABELS).toString());
        TrainingState state = claim(configSha);
        if (state == null && resume) {
            events.line("nothing to resume in " + folder.root() + " (no " + RunFolder.STATE
                    + " yet): training from the start");
        }
        if (lossWeights.weighted()) {
            events.line("class weights of the loss (" + ClassWeights.KEY + "): " + lossWeights.describe(labels));
        }
        String quality = data.qualityNote(trainImages, "training", "are trained on");
        if (quality != null) {
            events.line(quality);
        }
        OneDnnHelpers.enable(spec.fastPath());
        int height = recipe.spectrogram().height();
        int width = recipe.spectrogram().width();

        ImageTensors train = spec.multilabel() ? ImageTensors.loadMultiHot(trainImages, labels, height, width)
                : ImageTensors.load(trainImages, labels, height, width);
        ImageTensors val = spec.multilabel() ? ImageTensors.loadMultiHot(valImages, labels, height, width)
                : ImageTensors.load(valImages, labels, height, width);
        int copies = data.copies();
        if (copies > 0) {
            List<INDArray> blocks = new ArrayList<>(List.of(train.features()));
            for (int c = 1; c <= copies; c++) {
                List<ImageEntry> variants = data.variants(trainImages, c);
                blocks.add(spec.multilabel() ? ImageTensors.loadMultiHot(variants, labels, height, width).features()
                        : ImageTensors.load(variants, labels, height, width).features());
            }
            train = new ImageTensors(Nd4j.concat(0, blocks.toArray(INDArray[]::new)), train.labels(),
                    train.entries(), train.classNames());
            events.line(String.format(Locale.ROOT, "waveform variants (audio.augment): %d per training window "
                    + "(%s); each epoch draws one of the %d versions per window", copies,
                    describe(data.recipe().audio().augment()), copies + 1));
        }
        SpectrogramAugmenter augmenter = spec.augment().enabled() ? new SpectrogramAugmenter(spec.augment()) : null;
        int batchesPerEpoch = new EpochBatches(train.features(), train.labels(), spec.batchSize(), recipe.seed(),
                null, copies).batchesPerEpoch();
        NetworkFactory.Network network = new NetworkFactory(spec, labels.size(), height, width, recipe.seed(),
                catalogue).withClassWeights(lossWeights.weights()).create(batchesPerEpoch);
        ComputationGraph full = network.graph();

        boolean featurize = FreezePoint.allBelowHead(spec.freeze()) && augmenter == null && copies == 0;
        ComputationGraph trainable = full;
        INDArray trainX = train.features();
        INDArray valX = val.features();
        TransferLearningHelper helper = null;
        if (featurize) {
            events.line("all layers below the head are frozen: computing their features once");
            helper = new TransferLearningHelper(full);
            trainX = helper.featurize(new DataSet(train.features(), train.labels())).getFeatures();
            valX = helper.featurize(new DataSet(val.features(), val.labels())).getFeatures();
            trainable = helper.unfrozenGraph();
        }
        List<EpochResult> history = List.of();
        if (state != null) {
            trainable = ModelSerializer.restoreComputationGraph(folder.checkpoint().toFile(), true);
            history = readHistory(folder.metrics());
            events.line(String.format(Locale.ROOT, "resuming %s after epoch %d", folder.root(), state.epochsDone()));
        } else {
            writeRunFiles(recipeYaml, configSha, labels, network, lossWeights);
        }
        OneDnnHelpers.tune(full);
        OneDnnHelpers.tune(trainable);
        if (spec.fastPath()) {
            events.line(OneDnnHelpers.active(trainable).summary());
            events.line(FusedAdamUpdater.install(trainable));
        }
        String provenanceJson = artifactProvenance(folder.provenance());
        ComputationGraph model = trainable;
        Function<Void, ComputationGraph> fullOf = v -> featurize ? copyInto(model, full) : model;
        RunFolderStore store = new RunFolderStore(folder, () -> fullOf.apply(null), labels,
                artifactRecipe(recipeYaml), provenanceJson);
        EpochBatches batches = new EpochBatches(trainX, train.labels(), spec.batchSize(), recipe.seed(), augmenter,
                copies);
        String headInput = trainable.getConfiguration().getVertexInputs().get(ResNet18.HEAD).get(0);
        TrainingLoop loop = TrainingLoop.builder().setGraph(trainable, ResNet18.HEAD, headInput)
                .setTrainBatches(batches).setValidation(valX, val.labels()).setSpec(spec).setStore(store)
                .optEvents(events).optConfigSha256(configSha).build();
        TrainingOutcome outcome = state == null ? loop.run() : loop.resume(history, state);
        ModelArchive.Loaded best = ModelArchive.read(folder.model());
        if (spec.multilabel()) {
            DecisionThresholds thresholds = DecisionThresholds.youden(Inference.probabilities(best.graph(),
                    val.features(), spec.evalBatchSize()), val.labels(), labels);
            AtomicFiles.writeString(folder.thresholds(), thresholds.toJson());
            ModelArchive.putThresholds(folder.model(), thresholds.toJson());
            events.line("decision thresholds (" + thresholds.rule() + ", on " + thresholds.windows()
                    + " validation windows): " + describe(thresholds));
        }
        TrainSpec.EarlyStopping.Metric metric = spec.earlyStopping().metric();
        String selected = metric == TrainSpec.EarlyStopping.Metric.VAL_LOSS
                || metric == TrainSpec.EarlyStopping.Metric.VAL_ACC ? ""
                : String.format(Locale.ROOT, "%s %.4f, ", metric.key(), outcome.best().value(metric));
        events.line(String.format(Locale.ROOT, "best epoch %d (%sval loss %.4f, val acc %.4f); %s; model: %s",
                outcome.bestEpoch(), selected, outcome.best().valLoss(), outcome.best().valAcc(),
                outcome.stopReason(), folder.model()));
        return new Result(folder, outcome, best.graph(), labels);
    }

    private static String describe(AudioSpec.Augment a) {
        List<String> parts = new ArrayList<>();
        if (a.speed() > 0) {
            parts.add(String.format(Locale.ROOT, "speed x[%.2f, %.2f]", 1 - a.speed(), 1 + a.speed()));
        }
        if (a.noise()) {
            parts.add(String.format(Locale.ROOT, "white noise at %.0f-%.0f dB SNR", a.snrMinDb(), a.snrMaxDb()));
        }
        return String.join(", ", parts);
    }

    private static String describe(DecisionThresholds t) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < t.labels().size(); k++) {
            sb.append(k == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.3f (sens %.2f spec %.2f)",
                    t.labels().get(k), t.thresholds()[k], t.sensitivity()[k], t.specificity()[k]));
        }
        return sb.toString();
    }

    /** Checks the run folder: a fresh folder gives null, a resumable one its state; anything else is refused. */
    private TrainingState claim(String configSha) throws IOException {
        if (Files.exists(folder.state())) {
            TrainingState state = TrainingState.read(folder.state());
            if (!resume) {
                throw new BadInputException(folder.root(), "already holds a run (" + state.epochsDone() + " of "
                        + recipe.train().epochs() + " epochs" + (state.finished() ? ", finished" : "")
                        + "); pass --resume to continue it or choose another --out");
            }
            if (!configSha.equals(state.configSha256()) && !startedByAnOlderVersion(state)) {
                throw new BadInputException(folder.config(), "the run was started with another recipe; resume it "
                        + "with --config " + folder.config());
            }
            if (!Files.isRegularFile(folder.checkpoint()) || !Files.isRegularFile(folder.metrics())) {
                throw new BadInputException(folder.root(), "state.json says epoch " + state.epochsDone()
                        + " but checkpoint.zip or metrics.csv is missing");
            }
            deleteLeftoverTempFiles();
            return state;
        }
        org.heartsounds.core.OutputFolder.create(folder.root(), "train.out (--out)");
        deleteLeftoverTempFiles();
        return null;
    }

    /**
     * Whether the run was started with this recipe by a version that knew fewer recipe keys: its config.yaml is the
     * file the state's hash was taken of, and read with today's defaults it is this recipe. (The hash of today's
     * resolved YAML differs, because it spells out the keys added since, such as {@code train.class_weights}.)
     */
    private boolean startedByAnOlderVersion(TrainingState state) {
        try {
            String stored = Files.readString(folder.config(), StandardCharsets.UTF_8);
            return Sha256.of(stored).equals(state.configSha256()) && recipe.equals(ConfigLoader.loadText(
                    Recipe.class, Recipe.defaults(), stored, folder.config().toString()));
        } catch (IOException | BadInputException e) {
            return false;
        }
    }

    /** Removes the temporary files of atomic writes a killed run left behind (a checkpoint's is ~100 MB). */
    private void deleteLeftoverTempFiles() throws IOException {
        try (var files = Files.list(folder.root())) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(AtomicFiles.TEMP_SUFFIX)).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void writeRunFiles(String recipeYaml, String configSha, List<String> labels,
                               NetworkFactory.Network network, LossWeights lossWeights) throws IOException {
        AtomicFiles.writeString(folder.config(), recipeYaml);
        AtomicFiles.writeString(folder.labels(), JetsonLayout.formatLabels(labels));
        Provenance p = Provenance.capture(recipe.seed(), configSha, data.manifestSha256())
                .withExtra("dataset", data.root().toAbsolutePath().normalize().toString())
                .withExtra("deeplearning4j", Provenance.libraryVersion("org.deeplearning4j", "deeplearning4j-nn"))
                .withExtra("nd4j", Provenance.libraryVersion("org.nd4j", "nd4j-api"))
                .withExtra("backend", OneDnnHelpers.describe())
                .withExtra("weights", network.source())
                .withExtra("frozen_at", String.valueOf(network.frozenAt()))
                .withExtra("class_weights", lossWeights.describe(labels))
                .withExtra("train_images", Integer.toString(trainImages.size()))
                .withExtra("val_images", Integer.toString(valImages.size()));
        AtomicFiles.writeString(folder.provenance(), JSON.writeValueAsString(p) + "\n");
    }

    /**
     * The provenance model.zip carries: the run's provenance.json without when and where it ran
     * ({@link Provenance#forArtifact}), so that identical runs write identical model.zip bytes.
     */
    private static String artifactProvenance(Path provenanceFile) throws IOException {
        Provenance p = JSON.readValue(provenanceFile.toFile(), Provenance.class);
        return JSON.writeValueAsString(p.forArtifact()) + "\n";
    }

    /**
     * The recipe model.zip carries: the run's config.yaml without {@code train.out}, the one key that names the run
     * folder (read back, it takes the default); everything that turns a WAV into the network's input stays.
     */
    static String artifactRecipe(String recipeYaml) throws IOException {
        JsonNode tree = ConfigLoader.yamlMapper().readTree(recipeYaml);
        if (tree.get("train") instanceof ObjectNode train) {
            train.remove("out");
        }
        return ConfigLoader.yamlMapper().writeValueAsString(tree);
    }

    private static ComputationGraph copyInto(ComputationGraph trained, ComputationGraph full) {
        for (GraphVertex v : trained.getVertices()) {
            if (v.hasLayer() && v.getLayer().numParams() > 0) {
                full.getLayer(v.getVertexName()).setParams(v.getLayer().params());
            }
        }
        return full;
    }

    static List<EpochResult> readHistory(Path metrics) {
        List<EpochResult> rows = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(metrics, StandardCharsets.UTF_8);
            for (String line : lines.subList(1, lines.size())) {
                if (!line.isBlank()) {
                    rows.add(EpochResult.parse(line));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(metrics, "cannot read the epoch history: " + e.getMessage(), e);
        }
        return rows;
    }
}
