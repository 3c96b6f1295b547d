package org.heartsounds.evaluation.cv;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.core.io.AtomicFiles;
import org.heartsounds.data.dataset.Split;
import org.heartsounds.evaluation.Aggregation;
import org.heartsounds.evaluation.CrossValidationSummary;
import org.heartsounds.evaluation.EvaluationLevels;
import org.heartsounds.evaluation.MetricsOptions;
import org.heartsounds.evaluation.MetricsReport;
import org.heartsounds.evaluation.model.AveragedClassifier;
import org.heartsounds.evaluation.model.ClassifierModel;
import org.heartsounds.evaluation.model.TimeShiftAveraging;
import org.heartsounds.evaluation.model.Dl4jClassifier;
import org.heartsounds.evaluation.model.ModelLoader;
import org.heartsounds.evaluation.multilabel.MultiLabelCrossValidation;
import org.heartsounds.evaluation.multilabel.MultiLabelEvaluation;
import org.heartsounds.evaluation.multilabel.MultiLabelPredictions;
import org.heartsounds.evaluation.multilabel.MultiLabelReport;
import org.heartsounds.evaluation.report.EvaluationWriter;
import org.heartsounds.evaluation.run.DatasetMatch;
import org.heartsounds.evaluation.run.EvaluationSummary;
import org.heartsounds.evaluation.run.ModelEvaluation;
import org.heartsounds.evaluation.run.SplitEvaluation;
import org.heartsounds.trainer.data.ImageEntry;
import org.heartsounds.trainer.data.PreparedDataset;
import org.heartsounds.trainer.train.DecisionThresholds;

/**
 * Evaluates the fold models of a finished cross-validation run ({@code sweep.cv.CrossValidationRun}'s folder: folds.csv and
 * fold-K/model.zip) again, on any prepared dataset with the same recordings: every fold's model on that fold's
 * {@code split} part (per folds.csv), then all folds pooled ({@link CrossValidationSummary}), per window, per recording
 * and per patient. Layout of {@code out}:
 * <pre>
 * fold-K/, fold-K-recordings/, fold-K-patients/     each fold's report (metrics.json, metrics.txt, charts, report.html)
 * pooled/, pooled-recordings/, pooled-patients/     all folds' predictions together
 * summary.json, summary.txt            per fold, mean ± sd over folds (balanced accuracy, macro-F1, per-class
 *                                      sensitivity, accuracy) per level side by side, pooled
 * </pre>
 */
public final class CrossValidationEvaluation {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CrossValidationEvaluation() {
    }

    /** One fold's evaluation. */
    public record Fold(int fold, Path model, SplitEvaluation.Result result) {
    }

    /** Every fold's evaluation and the summaries per window, per recording and per patient. */
    public record Result(Split split, List<Fold> folds, CrossValidationSummary windows,
                         CrossValidationSummary recordings, CrossValidationSummary patients, Path out) {
        /** The three levels' summaries by name, finest first. */
        public Map<String, CrossValidationSummary> levels() {
            return CrossValidationSummary.levels(windows, recordings, patients);
        }
    }

    /** Whether {@code dir} is a cross-validation run folder (folds.csv and fold-0/). */
    public static boolean isCrossValidationFolder(Path dir) {
        return Files.isRegularFile(dir.resolve(FoldsCsv.FILE)) && Files.isDirectory(dir.resolve("fold-0"));
    }

    /** {@link #evaluate(Path, PreparedDataset, Split, Path, Recipe, Aggregation)} with the mean of probabilities. */
    public static Result evaluate(Path root, PreparedDataset data, Split split, Path out, Recipe fallback)
            throws IOException {
        return evaluate(root, data, split, out, fallback, Aggregation.MEAN);
    }

    /**
     * @param root        the cross-validation run folder
     * @param fallback    recipe for fold models that carry none (input size)
     * @param aggregation how windows are pooled into recordings and recordings into patients
     */
    public static Result evaluate(Path root, PreparedDataset data, Split split, Path out, Recipe fallback,
                                  Aggregation aggregation) throws IOException {
        return evaluate(root, List.of(), data, split, out, fallback, aggregation, TimeShiftAveraging.Spec.NONE);
    }

    /**
     * As {@link #evaluate(Path, PreparedDataset, Split, Path, Recipe, Aggregation)}, each fold's model averaged with
     * the same fold's models of {@code others} ({@link AveragedClassifier}; every other run must hold the same folds,
     * so each member was trained without that fold's test recordings) and with time-shift averaging.
     */
    public static Result evaluate(Path root, List<Path> others, PreparedDataset data, Split split, Path out,
                                  Recipe fallback, Aggregation aggregation, TimeShiftAveraging.Spec tta) throws IOException {
        FoldsCsv folds = FoldsCsv.read(root.resolve(FoldsCsv.FILE));
        for (Path other : others) {
            if (!isCrossValidationFolder(other)) {
                throw new BadInputException(other, "is not a cross-validation folder (folds.csv, fold-0/)");
            }
            String diff = folds.foldDifference(FoldsCsv.read(other.resolve(FoldsCsv.FILE)));
            if (diff != null) {
                throw new BadInputException(other.resolve(FoldsCsv.FILE), "holds other folds than "
                        + root.resolve(FoldsCsv.FILE) + " (" + diff + "); an ensemble of fold models needs the "
                        + "same folds, or a member has seen the test recordings");
            }
        }
        Map<String, Integer> index = recordingIndex(folds, data, root.resolve(FoldsCsv.FILE));
        List<Fold> results = new ArrayList<>();
        List<MetricsReport> windowReports = new ArrayList<>();
        List<MetricsReport> recordingReports = new ArrayList<>();
        List<MetricsReport> patientReports = new ArrayList<>();
        MetricsOptions options = null;
        String recipeYaml = null;
        for (int k = 0; k < folds.folds(); k++) {
            Path foldDir = root.resolve("fold-" + k);
            List<Integer> recordings = folds.recordingsIn(k, split).stream().map(index::get).toList();
            List<ImageEntry> images = data.imagesOf(recordings);
            if (images.isEmpty()) {
                throw new BadInputException(root.resolve(FoldsCsv.FILE), "fold " + k + " has no "
                        + split.folderName() + " recordings");
            }
            if (!Files.isDirectory(foldDir)) {
                throw new BadInputException(foldDir, "is missing: folds.csv lists " + folds.folds() + " folds");
            }
            try (ClassifierModel model = tta.apply(foldModel(foldDir, others, k, fallback))) {
                DatasetMatch.check(model, data);
                if (options == null) {
                    options = ModelEvaluation.options(model).withAggregation(aggregation);
                    recipeYaml = model.recipe().map(ConfigLoader::toYaml).orElse(null);
                }
                Map<String, String> provenance = ModelEvaluation.provenance(model, data, split);
                provenance.put("fold", Integer.toString(k));
                if (!others.isEmpty()) {
                    provenance.put("ensemble", "mean of the fold-" + k + " models of " + root + " and "
                            + others.stream().map(Path::toString).collect(java.util.stream.Collectors.joining(", ")));
                }
                if (tta.shifts() > 0) {
                    provenance.put("time-shift averaging", String.format(Locale.ROOT, "%d rolls up to %.2f of the "
                            + "width", 2 * tta.shifts() + 1, tta.maxShift()));
                }
                SplitEvaluation.Result r = SplitEvaluation.run(model, images, data.labels(), options,
                        out.resolve("fold-" + k), null, recipeYaml, provenance, "fold " + k + " "
                                + split.folderName());
                results.add(new Fold(k, model.source(), r));
                windowReports.add(r.windows());
                recordingReports.add(r.recordings());
                patientReports.add(r.patients());
            }
        }
        CrossValidationSummary ws = CrossValidationSummary.of(windowReports, options);
        CrossValidationSummary rs = CrossValidationSummary.of(recordingReports, options);
        CrossValidationSummary ps = CrossValidationSummary.of(patientReports, options);
        EvaluationLevels pooled = EvaluationLevels.withComparison(ws.pooled(), rs.pooled(), ps.pooled(),
                aggregation, true);
        EvaluationWriter.write(out.resolve("pooled"), pooled.windows(), null, recipeYaml, null,
                "cross-validation, all folds' " + split.folderName() + " windows");
        EvaluationWriter.write(out.resolve("pooled-recordings"), pooled.recordings(), null, recipeYaml, null,
                "cross-validation, all folds' " + split.folderName() + " recordings");
        EvaluationWriter.write(out.resolve("pooled-patients"), pooled.patients(), null, recipeYaml, null,
                "cross-validation, all folds' " + split.folderName() + " patients");
        Result result = new Result(split, results, ws.withPooled(pooled.windows()),
                rs.withPooled(pooled.recordings()), ps.withPooled(pooled.patients()), out);
        AtomicFiles.writeString(out.resolve("summary.json"), JSON.writeValueAsString(summaryJson(result)) + "\n");
        AtomicFiles.writeString(out.resolve("summary.txt"), summaryText(result));
        return result;
    }

    /** Fold {@code k}'s model of {@code root}, averaged with fold {@code k}'s models of {@code others}. */
    private static ClassifierModel foldModel(Path foldDir, List<Path> others, int k, Recipe fallback) {
        List<Path> dirs = java.util.stream.Stream.concat(java.util.stream.Stream.of(foldDir),
                others.stream().map(o -> o.resolve("fold-" + k))).toList();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                throw new BadInputException(dir, "is missing");
            }
        }
        return AveragedClassifier.load(dirs, fallback);
    }

    /** Every recording of folds.csv must be in the dataset and vice versa (the same recordings, any order). */
    private static Map<String, Integer> recordingIndex(FoldsCsv folds, PreparedDataset data, Path file) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < data.recordings().size(); i++) {
            index.put(data.recordings().get(i).id(), i);
        }
        List<String> unknown = folds.recordings().stream().filter(id -> !index.containsKey(id)).toList();
        if (!unknown.isEmpty()) {
            throw new BadInputException(file, unknown.size() + " recordings are not in the dataset "
                    + data.root() + ", e.g. '" + unknown.get(0) + "'; pass the dataset the folds were made from");
        }
        if (folds.recordings().size() != index.size()) {
            throw new BadInputException(file, "lists " + folds.recordings().size() + " recordings but the dataset "
                    + data.root() + " has " + index.size() + "; pass the dataset the folds were made from");
        }
        return index;
    }

    private static Map<String, Object> summaryJson(Result r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("split", r.split().folderName());
        json.put("folds", r.folds().size());
        json.put("aggregation", r.windows().pooled().levels() == null ? null
                : r.windows().pooled().levels().aggregation());
        List<Map<String, Object>> perFold = new ArrayList<>();
        for (Fold f : r.folds()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fold", f.fold());
            m.put("model", String.valueOf(f.model()));
            m.put("windows", f.result().windows().count());
            m.put("recordings", f.result().recordings().count());
            m.put("patients", f.result().patients().count());
            m.put("window_accuracy", f.result().windows().summary().accuracy());
            m.put("window_macro_f1", f.result().windows().summary().macroF1());
            m.put("recording_accuracy", f.result().recordings().summary().accuracy());
            m.put("recording_macro_f1", f.result().recordings().summary().macroF1());
            m.put("recording_balanced_accuracy", f.result().recordings().summary().balancedAccuracy());
            m.put("patient_balanced_accuracy", f.result().patients().summary().balancedAccuracy());
            m.put("patient_macro_f1", f.result().patients().summary().macroF1());
            m.put("patient_accuracy", f.result().patients().summary().accuracy());
            perFold.add(m);
        }
        json.put("per_fold", perFold);
        r.levels().forEach((name, s) -> json.put(name, s.json()));
        json.put("note", r.patients().pooled().levels() == null ? null : r.patients().pooled().levels().note());
        return json;
    }

    /**
     * summary.txt: each fold's three headline lines, mean ± sd over folds of the three levels side by side, and the
     * pooled lines.
     */
    public static String summaryText(Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%d folds, %s part of each fold\n", r.folds().size(),
                r.split().folderName()));
        for (Fold f : r.folds()) {
            sb.append("fold ").append(f.fold()).append('\n');
            sb.append("  ").append(EvaluationSummary.line("windows", f.result().windows())).append('\n');
            sb.append("  ").append(EvaluationSummary.line("recordings", f.result().recordings()))
                    .append('\n');
            sb.append("  ").append(EvaluationSummary.line("patients", f.result().patients())).append('\n');
        }
        sb.append(CrossValidationSummary.table(r.levels()));
        sb.append("pooled").append('\n');
        r.levels().forEach((name, s) -> sb.append("  ").append(EvaluationSummary.line(name, s.pooled()))
                .append('\n'));
        if (r.patients().pooled().levels() != null) {
            sb.append("note: ").append(r.patients().pooled().levels().note()).append('\n');
        }
        return sb.toString();
    }

    /**
     * The fold models read as label scorers on multi-label data ({@code evaluate --run CV --per-label}): for every
     * fold, each class's probability is a score for that label, thresholds are chosen by Youden's index on the
     * fold's own validation part, and the fold's test part is scored per label, window, recording and patient
     * ({@link MultiLabelReport} in {@code out/fold-K-per-label/}). For a multi-class model trained on each
     * recording's first label, this shows what it says about the other labels, next to a multi-label model.
     */
    public static MultiLabelCrossValidation perLabel(Path root, PreparedDataset data, Path out, Recipe fallback)
            throws IOException {
        long t0 = System.nanoTime();
        FoldsCsv folds = FoldsCsv.read(root.resolve(FoldsCsv.FILE));
        Map<String, Integer> index = recordingIndex(folds, data, root.resolve(FoldsCsv.FILE));
        List<MultiLabelReport> reports = new ArrayList<>();
        for (int k = 0; k < folds.folds(); k++) {
            Path foldDir = root.resolve("fold-" + k);
            List<ImageEntry> val = data.imagesOf(folds.recordingsIn(k, Split.VAL).stream().map(index::get).toList());
            List<ImageEntry> test = data.imagesOf(folds.recordingsIn(k, Split.TEST).stream().map(index::get)
                    .toList());
            if (val.isEmpty() || test.isEmpty()) {
                throw new BadInputException(root.resolve(FoldsCsv.FILE), "fold " + k + " needs validation and test "
                        + "recordings to choose thresholds on one and score the other");
            }
            try (ClassifierModel loaded = ModelLoader.load(foldDir, fallback)) {
                ClassifierModel model = loaded instanceof Dl4jClassifier d ? d.tunedForInference() : loaded;
                DatasetMatch.check(model, data);
                MultiLabelPredictions v = MultiLabelEvaluation.labelScores(model, val, data.labels());
                DecisionThresholds t = DecisionThresholds.youden(v.probabilityMatrix(), v.truthMatrix(),
                        data.labels());
                MultiLabelPredictions w = MultiLabelEvaluation.labelScores(model, test, data.labels());
                MultiLabelReport r = MultiLabelReport.compute("fold " + k + " test, class probabilities as label "
                        + "scores", w, t, ModelEvaluation.options(model));
                r.write(out.resolve("fold-" + k + "-per-label"), w);
                reports.add(r);
            }
        }
        Path config = root.resolve("config.yaml");
        String protocol = Files.isRegularFile(config) ? ConfigLoader.load(Recipe.class, Recipe.defaults(), config)
                .split().mode().name().toLowerCase(Locale.ROOT) : "unknown";
        MultiLabelCrossValidation result = new MultiLabelCrossValidation(protocol + " (" + root.getFileName()
                + "'s class probabilities read as label scores)", reports, List.of(), (System.nanoTime() - t0) / 1e9);
        org.heartsounds.core.io.AtomicFiles.writeString(out.resolve("summary-per-label.txt"), result.text());
        return result;
    }
}
