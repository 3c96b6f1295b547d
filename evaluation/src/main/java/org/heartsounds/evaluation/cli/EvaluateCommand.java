package org.heartsounds.evaluation.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.heartsounds.core.ExitCodes;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.data.dataset.Split;
import org.heartsounds.data.layout.JetsonLayout;
import org.heartsounds.evaluation.Aggregation;
import org.heartsounds.evaluation.options.AggregationFlag;
import org.heartsounds.evaluation.cv.CrossValidationEvaluation;
import org.heartsounds.evaluation.model.AveragedClassifier;
import org.heartsounds.evaluation.model.ClassifierModel;
import org.heartsounds.evaluation.model.TimeShiftAveraging;
import org.heartsounds.evaluation.multilabel.MultiLabelCrossValidation;
import org.heartsounds.evaluation.multilabel.MultiLabelMetrics;
import org.heartsounds.evaluation.multilabel.MultiLabelReport;
import org.heartsounds.evaluation.multilabel.MultiLabelSummary;
import org.heartsounds.evaluation.model.Dl4jClassifier;
import org.heartsounds.evaluation.model.ModelLoader;
import org.heartsounds.evaluation.run.EvaluationInputs;
import org.heartsounds.evaluation.run.EvaluationSummary;
import org.heartsounds.evaluation.run.ModelEvaluation;
import org.heartsounds.evaluation.run.SplitEvaluation;
import org.heartsounds.trainer.data.PreparedDataset;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code heartsounds evaluate}: the full evaluation report of a trained model on a prepared dataset split. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate a trained model (DL4J or ONNX) on a split of a prepared dataset",
            "with the model's classes and preprocessing: metrics.json, metrics.txt,",
            "charts/ and report.html per window (<out>), per recording",
            "(<out>-recordings) and per patient (<out>-patients: the manifest's group),",
            "each showing the three levels side by side. Balanced accuracy, macro-F1",
            "and per-class sensitivity come first; confidence intervals resample",
            "patients. A cross-validation folder (folds.csv, fold-K/) is",
            "evaluated fold by fold on each fold's part, then pooled",
            "(<out>/fold-K, <out>/pooled, <out>/summary.txt)."})
public class EvaluateCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    /** What to evaluate: exactly one of the two. */
    static class Target {
        @Option(names = "--run", paramLabel = "RUN", required = true,
                description = "A training run folder (model.zip) or a cross-validation folder (folds.csv, fold-K/).")
        Path run;

        @Option(names = "--model", paramLabel = "FILE", required = true,
                description = "A model: run folder, DL4J .zip written by heartsounds, or .onnx.")
        Path model;
    }

    @Option(names = "--split", paramLabel = "test|val", defaultValue = "test",
            description = "Which part to evaluate on (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Prepared dataset folder (default: data.out of the model's recipe).")
    Path data;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Report folder (default: RUN/eval-<split>, or <model>-eval-<split> next to a model file).")
    Path out;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Recipe for a model that carries none (an ONNX file without heartsounds metadata); "
                    + "default: the built-in defaults.")
    Path config;

    @Option(names = "--per-label",
            description = "On a cross-validation folder of multi-label data: read each fold model's class "
                    + "probabilities as label scores (thresholds by Youden on the fold's validation part) and report "
                    + "every label per window, recording and patient, mean ± sd over folds.")
    boolean perLabel;

    @Option(names = "--examples", paramLabel = "N", defaultValue = "3",
            description = "Report gallery: per class, the N correct windows with the highest and the lowest "
                    + "confidence and every misclassified window, each with its Grad-CAM overlay (DL4J models); "
                    + "0 for none (default: ${DEFAULT-VALUE}).")
    int examples;

    @picocli.CommandLine.Mixin
    org.heartsounds.evaluation.options.EnsembleFlags ensembleFlags;

    @picocli.CommandLine.Mixin
    AggregationFlag aggregationFlag;

    @picocli.CommandLine.Mixin
    org.heartsounds.trainer.options.ThreadsFlag threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        threads.apply(spec.commandLine());
        if (examples < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--examples must be 0 or more, got " + examples);
        }
        TimeShiftAveraging.Spec tta = ensembleFlags.tta(spec.commandLine());
        java.util.List<Path> ensemble = ensembleFlags.ensemble();
        Split part = parseSplit();
        Aggregation aggregation = aggregationFlag.resolve(spec.commandLine());
        Recipe fallback = ConfigLoader.load(Recipe.class, Recipe.defaults(), config);
        PrintWriter w = spec.commandLine().getOut();
        if (perLabel) {
            if (!ensemble.isEmpty() || tta.shifts() > 0) {
                throw new ParameterException(spec.commandLine(), "--per-label takes neither --ensemble nor "
                        + "--tta-shifts");
            }
            if (target.run == null || !CrossValidationEvaluation.isCrossValidationFolder(target.run)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--per-label needs --run naming a cross-validation folder");
            }
            PreparedDataset dataset = EvaluationInputs.dataset(data, cvRecipe(target.run), "the run's config.yaml");
            Path dir = out != null ? out : target.run.resolve("eval-per-label");
            MultiLabelCrossValidation r = CrossValidationEvaluation.perLabel(target.run, dataset, dir, fallback);
            w.print(r.text());
            w.println("written: " + dir.toAbsolutePath().normalize() + " (summary-per-label.txt, fold-K-per-label/)");
            w.flush();
            return ExitCodes.OK;
        }
        if (target.run != null && CrossValidationEvaluation.isCrossValidationFolder(target.run)) {
            return crossValidation(target.run, ensemble, part, fallback, aggregation, tta, w);
        }
        Path modelPath = target.run != null ? EvaluationInputs.modelOfRun(target.run) : target.model;
        java.util.List<Path> members = new java.util.ArrayList<>(java.util.List.of(modelPath));
        members.addAll(ensemble);
        try (ClassifierModel model = tta.apply(AveragedClassifier.load(members, fallback))) {
            PrintWriter err = spec.commandLine().getErr();
            model.warnings().forEach(warning -> err.println("warning: " + warning));
            err.flush();
            PreparedDataset dataset = EvaluationInputs.dataset(data, model.recipe().orElse(null), "the model's recipe");
            Path dir = out != null ? out : EvaluationInputs.defaultOut(modelPath, part);
            if (out == null && !suffix(ensemble, tta).isEmpty()) {
                dir = dir.resolveSibling(dir.getFileName() + suffix(ensemble, tta));
            }
            w.println("model: " + model.describe());
            w.printf(Locale.ROOT, "data:  %s (%s split)%n", dataset.root().toAbsolutePath().normalize(),
                    part.folderName());
            w.flush();
            if (model.multilabel()) {
                if (model.thresholds().isEmpty()) {
                    w.println("warning: the model carries no decision thresholds; every label is decided at 0.5");
                }
                MultiLabelReport ml = ModelEvaluation.evaluateMultiLabel(model, dataset, part, dir);
                for (MultiLabelMetrics level : ml.levels()) {
                    w.println(MultiLabelSummary.line(level));
                }
                w.println("written: " + dir.toAbsolutePath().normalize() + " (metrics.json, metrics.txt, "
                        + "report.html)");
                w.flush();
                return ExitCodes.OK;
            }
            SplitEvaluation.Result r = ModelEvaluation.evaluate(model, dataset, part, dir, aggregation,
                    examples);
            w.println(EvaluationSummary.line("windows", r.windows()));
            w.println(EvaluationSummary.line("recordings", r.recordings()));
            w.println(EvaluationSummary.line("patients", r.patients()));
            w.println("note: " + r.levels().note());
            String quality = dataset.qualityNote(dataset.images(part), part.folderName(),
                    "are evaluated like the others");
            if (quality != null) {
                w.println(quality);
            }
            w.println("written: " + r.windowsDir().toAbsolutePath().normalize() + " (metrics.json, metrics.txt, "
                    + "charts/, report.html)");
            w.println("         " + r.recordingsDir().toAbsolutePath().normalize());
            w.println("         " + r.patientsDir().toAbsolutePath().normalize());
            w.flush();
            return ExitCodes.OK;
        }
    }

    /** {@code -ensembleK} and {@code -ttaN} for the default report folder of an ensemble or averaged evaluation. */
    private static String suffix(java.util.List<Path> ensemble, TimeShiftAveraging.Spec tta) {
        return (ensemble.isEmpty() ? "" : "-ensemble" + (ensemble.size() + 1)) + tta.suffix();
    }

    private static Recipe cvRecipe(Path root) {
        Path config = root.resolve(JetsonLayout.CONFIG);
        return Files.isRegularFile(config) ? ConfigLoader.load(Recipe.class, Recipe.defaults(), config) : null;
    }

    private int crossValidation(Path root, java.util.List<Path> ensemble, Split part, Recipe fallback,
                                Aggregation aggregation, TimeShiftAveraging.Spec tta, PrintWriter w)
            throws IOException {
        Path config = root.resolve(JetsonLayout.CONFIG);
        Recipe recipe = Files.isRegularFile(config) ? ConfigLoader.load(Recipe.class, Recipe.defaults(), config)
                : null;
        if (recipe != null && recipe.train().multilabel()) {
            throw new org.heartsounds.core.BadInputException(root, "is a multi-label cross-validation: each fold's "
                    + "test/ already holds its multi-label report and summary.txt the mean ± sd over folds; "
                    + "evaluate one fold with --run " + root.resolve("fold-0"));
        }
        PreparedDataset dataset = EvaluationInputs.dataset(data, recipe, config.toString());
        Path dir = out != null ? out : root.resolve("eval-" + part.folderName() + suffix(ensemble, tta));
        w.printf(Locale.ROOT, "cross-validation: %s%ndata:  %s (%s part of each fold)%n",
                root.toAbsolutePath().normalize(), dataset.root().toAbsolutePath().normalize(), part.folderName());
        for (Path e : ensemble) {
            w.println("averaged with the same folds' models of " + e.toAbsolutePath().normalize());
        }
        if (tta.shifts() > 0) {
            w.printf(Locale.ROOT, "time-shift averaging: %d rolls up to %.2f of the width%n", 2 * tta.shifts() + 1,
                    tta.maxShift());
        }
        w.flush();
        CrossValidationEvaluation.Result r = CrossValidationEvaluation.evaluate(root, ensemble, dataset, part, dir,
                fallback, aggregation, tta);
        w.print(CrossValidationEvaluation.summaryText(r));
        w.println("written: " + dir.toAbsolutePath().normalize() + " (fold-K/, pooled/, summary.txt, summary.json)");
        w.flush();
        return ExitCodes.OK;
    }


    private Split parseSplit() {
        return switch (split) {
            case "test" -> Split.TEST;
            case "val" -> Split.VAL;
            default -> throw new ParameterException(spec.commandLine(),
                    "--split must be test or val, got '" + split + "'");
        };
    }
}
