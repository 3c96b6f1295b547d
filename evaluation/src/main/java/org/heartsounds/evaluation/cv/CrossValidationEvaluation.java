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
import org.heartsounds.evaluation.CrossValidationSummary;
import org.heartsounds.evaluation.MetricsOptions;
import org.heartsounds.evaluation.MetricsReport;
import org.heartsounds.evaluation.model.ClassifierModel;
import org.heartsounds.evaluation.model.Dl4jClassifier;
import org.heartsounds.evaluation.model.ModelLoader;
import org.heartsounds.evaluation.report.EvaluationWriter;
import org.heartsounds.evaluation.run.DatasetMatch;
import org.heartsounds.evaluation.run.EvaluationSummary;
import org.heartsounds.evaluation.run.ModelEvaluation;
import org.heartsounds.evaluation.run.SplitEvaluation;
import org.heartsounds.trainer.data.ImageEntry;
import org.heartsounds.trainer.data.PreparedDataset;

/**
 * Evaluates the fold models of a finished cross-validation run ({@code sweep.cv.CrossValidationRun}'s folder: folds.csv and
 * fold-K/model.zip) again, on any prepared dataset with the same recordings: every fold's model on that fold's
 * {@code split} part (per folds.csv), then all folds pooled ({@link CrossValidationSummary}). Layout of {@code out}:
 * <pre>
 * fold-K/, fold-K-recordings/          each fold's report (metrics.json, metrics.txt, charts, report.html)
 * pooled/, pooled-recordings/          all folds' predictions together
 * summary.json, summary.txt            per fold, mean ± sd over folds, pooled
 * </pre>
 */
public final class CrossValidationEvaluation {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CrossValidationEvaluation() {
    }

    /** One fold's evaluation. */
    public record Fold(int fold, Path model, SplitEvaluation.Result result) {
    }

    /** Every fold's evaluation and the summaries per window and per recording. */
    public record Result(Split split, List<Fold> folds, CrossValidationSummary windows,
                         CrossValidationSummary recordings, Path out) {
    }

    /** Whether {@code dir} is a cross-validation run folder (folds.csv and fold-0/). */
    public static boolean isCrossValidationFolder(Path dir) {
        return Files.isRegularFile(dir.resolve(FoldsCsv.FILE)) && Files.isDirectory(dir.resolve("fold-0"));
    }

    /**
     * @param root     the cross-validation run folder
     * @param fallback recipe for fold models that carry none (input size)
     */
    public static Result evaluate(Path root, PreparedDataset data, Split split, Path out, Recipe fallback)
            throws IOException {
        FoldsCsv folds = FoldsCsv.read(root.resolve(FoldsCsv.FILE));
        Map<String, Integer> index = recordingIndex(folds, data, root.resolve(FoldsCsv.FILE));
        List<Fold> results = new ArrayList<>();
        List<MetricsReport> windowReports = new ArrayList<>();
        List<MetricsReport> recordingReports = new ArrayList<>();
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
            try (ClassifierModel loaded = ModelLoader.load(foldDir, fallback)) {
                ClassifierModel model = loaded instanceof Dl4jClassifier d ? d.tunedForInference() : loaded;
                DatasetMatch.check(model, data);
                if (options == null) {
                    options = ModelEvaluation.options(model);
                    recipeYaml = model.recipe().map(ConfigLoader::toYaml).orElse(null);
                }
                Map<String, String> provenance = ModelEvaluation.provenance(model, data, split);
                provenance.put("fold", Integer.toString(k));
                SplitEvaluation.Result r = SplitEvaluation.run(model, images, data.labels(), options,
                        out.resolve("fold-" + k), null, recipeYaml, provenance, "fold " + k + " "
                                + split.folderName());
                results.add(new Fold(k, model.source(), r));
                windowReports.add(r.windows());
                recordingReports.add(r.recordings());
            }
        }
        CrossValidationSummary ws = CrossValidationSummary.of(windowReports, options);
        CrossValidationSummary rs = CrossValidationSummary.of(recordingReports, options);
        EvaluationWriter.write(out.resolve("pooled"), ws.pooled(), null, recipeYaml, null,
                "cross-validation, all folds' " + split.folderName() + " windows");
        EvaluationWriter.write(out.resolve("pooled-recordings"), rs.pooled(), null, recipeYaml, null,
                "cross-validation, all folds' " + split.folderName() + " recordings");
        Result result = new Result(split, results, ws, rs, out);
        AtomicFiles.writeString(out.resolve("summary.json"), JSON.writeValueAsString(summaryJson(result)) + "\n");
        AtomicFiles.writeString(out.resolve("summary.txt"), summaryText(result));
        return result;
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
        List<Map<String, Object>> perFold = new ArrayList<>();
        for (Fold f : r.folds()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fold", f.fold());
            m.put("model", String.valueOf(f.model()));
            m.put("windows", f.result().windows().count());
            m.put("recordings", f.result().recordings().count());
            m.put("window_accuracy", f.result().windows().summary().accuracy());
            m.put("window_macro_f1", f.result().windows().summary().macroF1());
            m.put("recording_accuracy", f.result().recordings().summary().accuracy());
            m.put("recording_macro_f1", f.result().recordings().summary().macroF1());
            perFold.add(m);
        }
        json.put("per_fold", perFold);
        json.put("windows", level(r.windows()));
        json.put("recordings", level(r.recordings()));
        return json;
    }

    private static Map<String, Object> level(CrossValidationSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accuracy_mean", s.accuracy().mean());
        m.put("accuracy_sd", s.accuracy().standardDeviation());
        m.put("macro_f1_mean", s.macroF1().mean());
        m.put("macro_f1_sd", s.macroF1().standardDeviation());
        m.put("pooled_count", s.pooled().count());
        m.put("pooled_accuracy", s.pooled().summary().accuracy());
        m.put("pooled_macro_f1", s.pooled().summary().macroF1());
        return m;
    }

    /** summary.txt: each fold's two headline lines, mean ± sd over folds, and the pooled lines. */
    public static String summaryText(Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%d folds, %s part of each fold\n", r.folds().size(),
                r.split().folderName()));
        for (Fold f : r.folds()) {
            sb.append("fold ").append(f.fold()).append('\n');
            sb.append("  ").append(EvaluationSummary.line("windows", f.result().windows())).append('\n');
            sb.append("  ").append(EvaluationSummary.line("recordings", f.result().recordings()))
                    .append('\n');
        }
        sb.append(spread("windows", r.windows())).append(spread("recordings", r.recordings()));
        sb.append("pooled").append('\n');
        sb.append("  ").append(EvaluationSummary.line("windows", r.windows().pooled())).append('\n');
        sb.append("  ").append(EvaluationSummary.line("recordings", r.recordings().pooled()))
                .append('\n');
        return sb.toString();
    }

    private static String spread(String level, CrossValidationSummary s) {
        return String.format(Locale.ROOT, "mean over folds, %-10s accuracy %.4f ± %.4f   macro-F1 %.4f ± %.4f\n",
                level, s.accuracy().mean(), s.accuracy().standardDeviation(), s.macroF1().mean(),
                s.macroF1().standardDeviation());
    }
}
