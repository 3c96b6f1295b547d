package org.heartsounds.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.DataSpec;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.core.io.Folders;
import org.heartsounds.data.dataset.Split;
import org.heartsounds.data.prepare.DataSources;
import org.heartsounds.data.prepare.DatasetPreparer;
import org.heartsounds.data.prepare.PrepareListener;
import org.heartsounds.data.prepare.PrepareResult;
import org.heartsounds.data.synth.SyntheticHeartSounds;
import org.heartsounds.evaluation.MetricsCsv;
import org.heartsounds.evaluation.MetricsOptions;
import org.heartsounds.evaluation.explain.Gallery;
import org.heartsounds.evaluation.explain.SpectrogramAxes;
import org.heartsounds.evaluation.model.Dl4jClassifier;
import org.heartsounds.evaluation.run.SplitEvaluation;
import org.heartsounds.export.ExportSource;
import org.heartsounds.export.OnnxExport;
import org.heartsounds.export.jetson.JetsonBundle;
import org.heartsounds.trainer.data.PreparedDataset;
import org.heartsounds.trainer.run.RunFolder;
import org.heartsounds.trainer.run.TrainingRun;
import org.heartsounds.trainer.train.TrainingEvents;
import org.heartsounds.trainer.weights.WeightsLookup;

/**
 * The main job: every stage that exists, on one dataset, in one folder — the synthetic dataset when no data is given
 * ({@link SyntheticHeartSounds}), then inspect and prepare ({@link DatasetPreparer}), train ({@link TrainingRun},
 * resumable), evaluate the best model on the test split ({@link SplitEvaluation}) and export for jetson-inference
 * ({@link JetsonBundle}, checked with ONNX Runtime). Progress goes to {@link TrainingEvents#line}, one stage header
 * ({@code [k/6] ...}) and the stages' own lines.
 *
 * <pre>
 * MainJob.Result r = MainJob.builder().setRecipe(recipe).setOut(Path.of("runs/main")).build().run();
 * </pre>
 */
public final class MainJob {
    /** The Jetson bundle's model name. */
    public static final String NAME = "heartsounds";

    private final Recipe recipe;
    private final Path out;
    private final Path data;
    private final int perClass;
    private final int epochs;
    private final TrainingEvents events;
    private final PrepareListener prepareListener;

    private MainJob(Builder b) {
        this.recipe = b.recipe;
        this.out = b.out;
        this.data = b.data;
        this.perClass = b.perClass;
        this.epochs = b.epochs;
        this.events = b.events;
        this.prepareListener = b.prepareListener;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What the main job wrote; {@link #outputs()} names each result for people, in pipeline order. */
    public record Result(PrepareResult prepared, TrainingRun.Result training, SplitEvaluation.Result test,
                         JetsonBundle.Result jetson, Map<String, Path> outputs) {
    }

    /** Runs every stage; a finished training in {@code out/train} is resumed rather than repeated. */
    public Result run() throws IOException {
        DataSpec d = DataSources.expand(recipe.data());
        String dir = data != null ? data.toString() : d.dir();
        if (dir == null && d.manifest() == null) {
            Path synth = out.resolve("synthetic");
            if (!Files.isDirectory(synth)) {
                SyntheticHeartSounds.writeDataset(synth, SyntheticHeartSounds.Spec.mainJob(perClass, recipe.seed()));
            }
            events.line("[1/6] synthetic dataset: " + synth.toAbsolutePath().normalize());
            dir = synth.toString();
        } else {
            events.line("[1/6] dataset: " + (dir != null ? dir : d.manifest()));
        }
        Recipe resolved = recipe.withData(d.withLocations(dir, dir != null ? null : d.manifest(),
                out.resolve("data").toString()));
        DatasetPreparer preparer = DatasetPreparer.builder().setRecipe(resolved).optListener(prepareListener).build();
        events.line("[2/6] inspect");
        text(preparer.inspect().toText());
        events.line("[3/6] prepare");
        PrepareResult prepared = preparer.prepare();
        events.line(String.format("prepared %d recordings -> %d images in %.1f s", prepared.recordings(),
                prepared.images(), prepared.seconds()));
        events.line("[4/6] train");
        Recipe trainRecipe = resolved.withTrain(resolved.train().withOut(out.resolve("train").toString())
                .withEpochs(epochs));
        PreparedDataset dataset = PreparedDataset.open(prepared.out());
        boolean resume = new RunFolder(Path.of(trainRecipe.train().out())).isStarted();
        TrainingRun.Result run = TrainingRun.builder().setRecipe(trainRecipe).setData(dataset).optResume(resume)
                .optEvents(events).optCatalogue(WeightsLookup.catalogue()).build().run();
        events.line("[5/6] evaluate on the test split");
        Dl4jClassifier best = Dl4jClassifier.of(run.bestModel(), dataset.labels(), trainRecipe.spectrogram().height(),
                trainRecipe.spectrogram().width(), trainRecipe.train().evalBatchSize(), trainRecipe);
        Gallery.Request examples = new Gallery.Request(dataset.images(Split.TRAIN),
                SpectrogramAxes.of(trainRecipe.audio(), trainRecipe.spectrogram()), Gallery.Request.DEFAULT_PER_KIND);
        SplitEvaluation.Result eval = SplitEvaluation.run(best, dataset.images(Split.TEST), dataset.labels(),
                MetricsOptions.defaults().withSeed(trainRecipe.seed()), run.folder().root().resolve("test"),
                MetricsCsv.read(run.folder().metrics()), ConfigLoader.toYaml(trainRecipe),
                Map.of("dataset manifest sha256", dataset.manifestSha256()), "test split", examples);
        events.line(String.format(Locale.ROOT, "test accuracy %.4f (%d windows), %.4f (%d recordings)",
                eval.windows().summary().accuracy(), eval.windows().count(), eval.recordings().summary().accuracy(),
                eval.recordings().count()));
        events.line("[6/6] export for jetson-inference (ONNX, checked against DL4J with ONNX Runtime)");
        JetsonBundle.Result jetson = exportJetson(run.folder().root(), out.resolve("jetson"));
        events.line(jetson.export().report().summary());
        Map<String, Path> results = new LinkedHashMap<>();
        results.put("spectrogram dataset (jetson-inference layout)", prepared.out());
        results.put("labels", prepared.out().resolve("labels.txt"));
        results.put("manifest", prepared.out().resolve("manifest.csv"));
        results.put("groups of shared audio", prepared.out().resolve("groups.txt"));
        results.put("training run (config.yaml replays it, metrics.csv)", run.folder().root());
        results.put("best model on validation (DL4J zip + labels)", run.folder().model());
        results.put("test report (metrics, charts, HTML)", eval.windowsDir().resolve("report.html"));
        results.put("test report per recording", eval.recordingsDir().resolve("report.html"));
        results.put("ONNX for imagenet.py (+ labels.txt, README)", jetson.root().resolve(JetsonBundle.modelPath(NAME)));
        results.put("export check (ONNX Runtime vs DL4J)", jetson.export().checkFile());
        return new Result(prepared, run, eval, jetson, results);
    }

    /** A multi-line report as lines (its final newline is the last line's end). */
    private void text(String report) {
        events.line(report.endsWith("\n") ? report.substring(0, report.length() - 1) : report);
    }

    /**
     * {@code export jetson} of the run into {@code target}; a bundle the main job wrote before (it holds
     * {@code models/heartsounds/resnet18.onnx}) is replaced, anything else there is left alone and refused.
     */
    private static JetsonBundle.Result exportJetson(Path runDir, Path target) throws IOException {
        if (Files.isRegularFile(target.resolve(JetsonBundle.modelPath(NAME)))) {
            Folders.deleteRecursively(target);
        }
        return JetsonBundle.write(ExportSource.open(runDir, null), target, NAME, true,
                OnnxExport.builder().build());
    }

    /** Options of a {@link MainJob}: the recipe and the output folder are required. */
    public static final class Builder {
        private Recipe recipe;
        private Path out;
        private Path data;
        private int perClass = 40;
        private int epochs = 3;
        private TrainingEvents events = TrainingEvents.NONE;
        private PrepareListener prepareListener = PrepareListener.NONE;

        private Builder() {
        }

        /** The resolved recipe; its data source is used unless {@link #optData} names one. */
        public Builder setRecipe(Recipe recipe) {
            this.recipe = recipe;
            return this;
        }

        /** Where everything goes: {@code synthetic/}, {@code data/}, {@code train/}, {@code jetson/}. */
        public Builder setOut(Path out) {
            this.out = out;
            return this;
        }

        /** A folder with one sub-folder of WAVs per class, instead of the recipe's data source. */
        public Builder optData(Path data) {
            this.data = data;
            return this;
        }

        /** Synthetic recordings per class when no data is given (default 40). */
        public Builder optPerClass(int perClass) {
            this.perClass = perClass;
            return this;
        }

        /** Training epochs of the main job (default 3; the recipe's {@code train.epochs} is for {@code train}). */
        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Where the stage headers and the stages' lines go. */
        public Builder optEvents(TrainingEvents events) {
            this.events = Objects.requireNonNull(events, "events");
            return this;
        }

        /** Progress of inspect and prepare (e.g. console bars). */
        public Builder optPrepareListener(PrepareListener listener) {
            this.prepareListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public MainJob build() {
            Objects.requireNonNull(recipe, "setRecipe is required");
            Objects.requireNonNull(out, "setOut is required");
            if (perClass < 1) {
                throw new IllegalArgumentException("perClass must be >= 1, got " + perClass);
            }
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            }
            return new MainJob(this);
        }
    }
}
