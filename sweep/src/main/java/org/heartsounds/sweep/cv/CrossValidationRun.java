package org.heartsounds.sweep.cv;

import org.heartsounds.sweep.engine.TaskOutcome;
import org.heartsounds.sweep.engine.TrainingEngine;
import org.heartsounds.sweep.engine.TrainingEngines;
import org.heartsounds.trainer.train.TrainingState;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.core.config.SplitSpec;
import org.heartsounds.core.io.AtomicFiles;
import org.heartsounds.data.dataset.Split;
import org.heartsounds.data.group.GroupAssignment;
import org.heartsounds.data.split.DatasetSplitter;
import org.heartsounds.data.split.SplitAssignment;
import org.heartsounds.evaluation.CrossValidationSummary;
import org.heartsounds.evaluation.EvaluationLevels;
import org.heartsounds.evaluation.MetricsCsv;
import org.heartsounds.evaluation.MetricsOptions;
import org.heartsounds.evaluation.MetricsReport;
import org.heartsounds.evaluation.multilabel.MultiLabelCrossValidation;
import org.heartsounds.evaluation.multilabel.MultiLabelEvaluation;
import org.heartsounds.evaluation.multilabel.MultiLabelReport;
import org.heartsounds.evaluation.report.EvaluationWriter;
import org.heartsounds.evaluation.run.SplitEvaluation;
import org.heartsounds.trainer.data.ImageEntry;
import org.heartsounds.trainer.data.PreparedDataset;
import org.heartsounds.trainer.run.RunFolder;
import org.heartsounds.trainer.run.TrainingRun;
import org.heartsounds.trainer.train.DecisionThresholds;
import org.heartsounds.trainer.train.TrainingEvents;

/**
 * k-fold cross-validation: dataset-tools' {@link DatasetSplitter#folds} over the prepared recordings (grouped: shared
 * audio stays in one fold; file: every recording on its own, leaky, for comparison with published figures), one
 * {@link TrainingRun} per fold (early stopping on that fold's validation part, never its test part), and the best
 * network of each fold evaluated on its test part, per window, per recording and per patient (the prepared
 * manifest's group; windows pooled into recordings and recordings into patients by the mean of their probabilities,
 * {@link MetricsOptions#defaults()}). Layout:
 * <pre>
 * ROOT/folds.csv                 recording, group, and its split in every fold
 * ROOT/fold-K/                   a run folder (config, metrics.csv, model.zip, ...)
 * ROOT/fold-K/test/              metrics.json, metrics.txt, charts, report.html (windows)
 * ROOT/fold-K/test-recordings/   the same per recording
 * ROOT/fold-K/test-patients/     the same per patient
 * ROOT/pooled/, pooled-recordings/, pooled-patients/  all folds' test predictions together
 * ROOT/summary.json, summary.txt  per level mean ± sd over folds of balanced accuracy, macro-F1, per-class
 *                                sensitivity and accuracy; per fold; wall time
 * </pre>
 * A fold whose run finished is not trained again; an interrupted fold resumes from its checkpoint.
 */
public final class CrossValidationRun {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Recipe recipe;
    private final PreparedDataset data;
    private final Path root;
    private final boolean resume;
    private final TrainingEvents events;
    private final Function<String, Path> catalogue;

    public CrossValidationRun(Recipe recipe, PreparedDataset data, Path root, boolean resume, TrainingEvents events,
                              Function<String, Path> catalogue) {
        this.recipe = Objects.requireNonNull(recipe);
        this.data = Objects.requireNonNull(data);
        this.root = Objects.requireNonNull(root);
        this.resume = resume;
        this.events = Objects.requireNonNull(events);
        this.catalogue = Objects.requireNonNull(catalogue);
    }

    /** One fold's headline numbers. */
    public record FoldResult(int fold, int bestEpoch, int trainImages, int valImages, int testImages,
                             double windowAccuracy, Double windowMacroF1, double recordingAccuracy,
                             Double recordingMacroF1, double seconds, int testRecordings, int testPatients,
                             Double recordingBalancedAccuracy, Double patientBalancedAccuracy, Double patientMacroF1,
                             double patientAccuracy) {
    }

    /** The whole run: per-fold results and the summaries per window, per recording and per patient. */
    public record Result(String protocol, int folds, List<FoldResult> perFold, CrossValidationSummary windows,
                         CrossValidationSummary recordings, CrossValidationSummary patients, double seconds) {
        /** The three levels' summaries by name, finest first. */
        public Map<String, CrossValidationSummary> levels() {
            return CrossValidationSummary.levels(windows, recordings, patients);
        }
    }

    public Result run() throws IOException {
        if (recipe.train().multilabel()) {
            throw new IllegalStateException("a multilabel recipe runs through runMultiLabel()");
        }
        long t0 = System.nanoTime();
        SplitSpec split = recipe.split();
        List<SplitAssignment> folds = start();
        trainOnEngine(folds);
        MetricsOptions options = MetricsOptions.defaults().withSeed(recipe.seed());
        List<FoldResult> results = new ArrayList<>();
        List<MetricsReport> windowReports = new ArrayList<>();
        List<MetricsReport> recordingReports = new ArrayList<>();
        List<MetricsReport> patientReports = new ArrayList<>();
        for (SplitAssignment fold : folds) {
            long f0 = System.nanoTime();
            int k = fold.fold();
            events.line(String.format(Locale.ROOT, "fold %d/%d (%s)", k + 1, folds.size(),
                    split.mode().name().toLowerCase(Locale.ROOT)));
            FoldRun f = train(fold);
            List<ImageEntry> train = f.train();
            List<ImageEntry> val = f.val();
            List<ImageEntry> test = f.test();
            Path dir = f.dir();
            TrainingRun.Result run = f.run();
            SplitEvaluation.Result eval = SplitEvaluation.run(run.bestModel(), test, data.labels(),
                    recipe.spectrogram().height(), recipe.spectrogram().width(), recipe.train().evalBatchSize(),
                    options, dir.resolve("test"), MetricsCsv.read(run.folder().metrics()), ConfigLoader.toYaml(recipe),
                    provenance(k), "fold " + k + " test");
            MetricsReport wr = eval.windows();
            MetricsReport rr = eval.recordings();
            MetricsReport pr = eval.patients();
            windowReports.add(wr);
            recordingReports.add(rr);
            patientReports.add(pr);
            FoldResult fr = new FoldResult(k, run.outcome().bestEpoch(), train.size(), val.size(), test.size(),
                    wr.summary().accuracy(), wr.summary().macroF1(), rr.summary().accuracy(),
                    rr.summary().macroF1(), (System.nanoTime() - f0) / 1e9, rr.count(), pr.count(),
                    rr.summary().balancedAccuracy(), pr.summary().balancedAccuracy(), pr.summary().macroF1(),
                    pr.summary().accuracy());
            results.add(fr);
            events.line(String.format(Locale.ROOT, "fold %d test: %d recordings: balanced accuracy %.4f, macro-F1 "
                    + "%.4f, accuracy %.4f; %d patients: balanced accuracy %.4f, macro-F1 %.4f; %d windows: accuracy "
                    + "%.4f; best epoch %d; %.0f s", k, rr.count(), nan(fr.recordingBalancedAccuracy()),
                    nan(fr.recordingMacroF1()), fr.recordingAccuracy(), pr.count(),
                    nan(fr.patientBalancedAccuracy()), nan(fr.patientMacroF1()), test.size(), fr.windowAccuracy(),
                    fr.bestEpoch(), fr.seconds()));
        }
        CrossValidationSummary ws = CrossValidationSummary.of(windowReports, options);
        CrossValidationSummary rs = CrossValidationSummary.of(recordingReports, options);
        CrossValidationSummary ps = CrossValidationSummary.of(patientReports, options);
        EvaluationLevels pooled = EvaluationLevels.withComparison(ws.pooled(), rs.pooled(), ps.pooled(),
                options.aggregation(), true);
        EvaluationWriter.write(root.resolve("pooled"), pooled.windows(), null, ConfigLoader.toYaml(recipe), null,
                "cross-validation, all folds' test windows");
        EvaluationWriter.write(root.resolve("pooled-recordings"), pooled.recordings(), null,
                ConfigLoader.toYaml(recipe), null, "cross-validation, all folds' test recordings");
        EvaluationWriter.write(root.resolve("pooled-patients"), pooled.patients(), null, ConfigLoader.toYaml(recipe),
                null, "cross-validation, all folds' test patients");
        Result result = new Result(split.mode().name().toLowerCase(Locale.ROOT), folds.size(), results,
                ws.withPooled(pooled.windows()), rs.withPooled(pooled.recordings()), ps.withPooled(pooled.patients()),
                (System.nanoTime() - t0) / 1e9);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("protocol", result.protocol());
        json.put("folds", result.folds());
        json.put("seconds", result.seconds());
        json.put("aggregation", options.aggregation().key());
        json.put("per_fold", results);
        result.levels().forEach((name, s) -> json.put(name, summaryJson(s)));
        json.put("note", pooled.comparison().note());
        AtomicFiles.writeString(root.resolve("summary.json"), JSON.writeValueAsString(json) + "\n");
        AtomicFiles.writeString(root.resolve("summary.txt"), CrossValidationText.format(result));
        return result;
    }

    /** One fold's parts and its finished (or resumed) training run. */
    private record FoldRun(List<ImageEntry> train, List<ImageEntry> val, List<ImageEntry> test, Path dir,
                           TrainingRun.Result run) {
    }

    /** Trains fold {@code fold} on its train part with early stopping on its validation part (resuming a run). */
    private FoldRun train(SplitAssignment fold) throws IOException {
        List<ImageEntry> train = data.imagesOf(fold.indices(Split.TRAIN));
        List<ImageEntry> val = data.imagesOf(fold.indices(Split.VAL));
        List<ImageEntry> test = data.imagesOf(fold.indices(Split.TEST));
        Path dir = root.resolve("fold-" + fold.fold());
        TrainingRun.Result run = TrainingRun.builder().setRecipe(recipe.withoutEngine()).setData(data)
                .optImages(train, val)
                .optRunDir(dir).optResume(new RunFolder(dir).isStarted()).optEvents(events).optCatalogue(catalogue)
                .build().run();
        return new FoldRun(train, val, test, dir, run);
    }

    /**
     * On an engine other than {@code local} ({@code engine.name}), trains the folds whose runs have not finished as
     * that engine's tasks, {@link TrainingEngine#slots()} at a time ({@link FoldTraining}); the evaluation that follows
     * then finds them finished. On {@code local} it does nothing: the folds train one after the other in
     * {@link #train}.
     */
    private void trainOnEngine(List<SplitAssignment> folds) throws IOException {
        if (recipe.engine().local()) {
            return;
        }
        List<FoldTraining> tasks = new ArrayList<>();
        for (SplitAssignment fold : folds) {
            Path dir = root.resolve("fold-" + fold.fold());
            RunFolder folder = new RunFolder(dir);
            if (folder.isStarted() && TrainingState.read(folder.state()).finished()) {
                continue;
            }
            tasks.add(new FoldTraining(fold.fold(), recipe.withoutEngine(), data.root(), fold.indices(Split.TRAIN),
                    fold.indices(Split.VAL), dir, catalogue));
        }
        if (tasks.isEmpty()) {
            return;
        }
        try (TrainingEngine engine = TrainingEngines.open(recipe.engine(), root, events)) {
            events.line("engine: " + engine.describe() + "; training " + tasks.size() + " folds");
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                    Math.min(engine.slots(), tasks.size()));
            try {
                List<java.util.concurrent.Future<TaskOutcome>> futures = new ArrayList<>();
                for (FoldTraining t : tasks) {
                    futures.add(pool.submit(() -> engine.run(t)));
                }
                for (int i = 0; i < tasks.size(); i++) {
                    TaskOutcome o = futures.get(i).get();
                    events.line(String.format(Locale.ROOT, "%s trained in %.1f s (attempt %d on %s)%s",
                            tasks.get(i).label(), o.seconds(), o.attempt(), o.executor(),
                            o.ok() ? "" : ": " + o.reason()));
                    if (o.status() == TaskOutcome.Status.ERROR) {
                        throw new IOException(tasks.get(i).label() + ": " + o.reason());
                    }
                    if (!o.ok()) {
                        throw new IllegalStateException(tasks.get(i).label() + " failed: " + o.reason());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException(e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** Claims the folder, makes the folds and writes folds.csv and config.yaml. */
    private List<SplitAssignment> start() throws IOException {
        SplitSpec split = recipe.split();
        if (Files.exists(root.resolve("folds.csv")) && !resume) {
            throw new BadInputException(root, "already holds a cross-validation run; pass --resume to continue it "
                    + "or choose another --out");
        }
        if (resume && !Files.exists(root.resolve("folds.csv"))) {
            events.line("nothing to resume in " + root + " (no folds.csv yet): starting the cross-validation");
        }
        org.heartsounds.core.OutputFolder.create(root, "--out");
        GroupAssignment groups = split.mode() == SplitSpec.Mode.FILE ? data.singletonGroups() : data.groups();
        List<SplitAssignment> folds = new DatasetSplitter(split, recipe.seed()).folds(data.recordings(),
                data.classes(), groups);
        AtomicFiles.writeString(root.resolve("folds.csv"), foldsCsv(folds, groups));
        AtomicFiles.writeString(root.resolve("config.yaml"), ConfigLoader.toYaml(recipe));
        return folds;
    }

    /**
     * The cross-validation of a multi-label recipe ({@code train.task: multilabel}): the same folds and fold runs,
     * each fold's best network evaluated on its test part with the thresholds it chose on its validation part
     * ({@link MultiLabelEvaluation}: {@code fold-K/test/} holds metrics.json, metrics.txt and report.html for the
     * three levels), and {@code summary.txt} / {@code summary.json} with mean ± sd over folds
     * ({@link MultiLabelCrossValidation}).
     */
    public MultiLabelCrossValidation runMultiLabel() throws IOException {
        if (!recipe.train().multilabel()) {
            throw new IllegalStateException("runMultiLabel() needs train.task: multilabel");
        }
        long t0 = System.nanoTime();
        List<SplitAssignment> folds = start();
        trainOnEngine(folds);
        MetricsOptions options = MetricsOptions.defaults().withSeed(recipe.seed());
        List<MultiLabelReport> reports = new ArrayList<>();
        List<Integer> epochs = new ArrayList<>();
        for (SplitAssignment fold : folds) {
            int k = fold.fold();
            events.line(String.format(Locale.ROOT, "fold %d/%d (%s, multilabel)", k + 1, folds.size(),
                    recipe.split().mode().name().toLowerCase(Locale.ROOT)));
            FoldRun f = train(fold);
            List<ImageEntry> test = f.test();
            Path dir = f.dir();
            TrainingRun.Result run = f.run();
            DecisionThresholds thresholds = DecisionThresholds.fromJson(Files.readString(run.folder().thresholds()),
                    run.folder().thresholds().toString());
            MultiLabelReport report = MultiLabelEvaluation.run(run.bestModel(), test, data.labels(),
                    recipe.spectrogram().height(), recipe.spectrogram().width(), recipe.train().evalBatchSize(),
                    thresholds, options, dir.resolve("test"), "fold " + k + " test (multi-label)");
            reports.add(report);
            epochs.add(run.outcome().bestEpoch());
            events.line(String.format(Locale.ROOT, "fold %d test: macro AUROC %.4f (windows), %.4f (recordings), "
                    + "%.4f (patients); best epoch %d", k, report.level("windows").macro().auroc(),
                    report.level("recordings").macro().auroc(), report.level("patients").macro().auroc(),
                    run.outcome().bestEpoch()));
        }
        MultiLabelCrossValidation result = new MultiLabelCrossValidation(
                recipe.split().mode().name().toLowerCase(Locale.ROOT), reports, epochs, (System.nanoTime() - t0) / 1e9);
        AtomicFiles.writeString(root.resolve("summary.json"), JSON.writeValueAsString(result.json()) + "\n");
        AtomicFiles.writeString(root.resolve("summary.txt"), result.text());
        return result;
    }

    private Map<String, String> provenance(int fold) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("fold", Integer.toString(fold));
        p.put("protocol", recipe.split().mode().name().toLowerCase(Locale.ROOT));
        p.put("dataset manifest sha256", data.manifestSha256());
        return p;
    }

    private static Map<String, Object> summaryJson(CrossValidationSummary s) {
        Map<String, Object> m = s.json();
        m.put("per_fold", s.folds());
        return m;
    }

    private static double nan(Double v) {
        return v == null ? Double.NaN : v;
    }

    private String foldsCsv(List<SplitAssignment> folds, GroupAssignment groups) {
        StringBuilder sb = new StringBuilder("recording,group");
        for (SplitAssignment f : folds) {
            sb.append(",fold").append(f.fold());
        }
        sb.append('\n');
        for (int i = 0; i < data.recordings().size(); i++) {
            sb.append(data.recordings().get(i).id()).append(',').append(groups.groupOf(i));
            for (SplitAssignment f : folds) {
                sb.append(',').append(f.splitOf(i).folderName());
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
