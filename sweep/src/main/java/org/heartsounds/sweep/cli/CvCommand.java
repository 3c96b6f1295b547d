package org.heartsounds.sweep.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.heartsounds.core.ExitCodes;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.core.config.SplitSpec;
import org.heartsounds.sweep.cv.CrossValidationRun;
import org.heartsounds.sweep.cv.CrossValidationText;
import org.heartsounds.trainer.data.PreparedData;
import org.heartsounds.trainer.data.PreparedDataset;
import org.heartsounds.trainer.options.TrainFlags;
import org.heartsounds.trainer.train.TrainingEvents;
import org.heartsounds.trainer.weights.WeightsLookup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code heartsounds cv}: k-fold cross-validation of a recipe, per fold and pooled. */
@Command(name = "cv", mixinStandardHelpOptions = true,
        description = {"k-fold cross-validation: one training run per fold (early stopping on",
            "the fold's validation part), each fold's best network evaluated on its test",
            "part per window, per recording and per patient; summary.txt / summary.json",
            "give mean ± sd of balanced accuracy, macro-F1, per-class sensitivity and",
            "accuracy. --out defaults to <train.out>-cv-<split>.",
            "--engine spark trains the folds as Spark tasks, engine.spark.master's",
            "executors (none: an embedded local[N]) reading and writing --out."})
public class CvCommand implements Callable<Integer> {
    @Mixin
    TrainFlags flags;

    @Option(names = "--folds", description = "Number of folds (split.folds).")
    Integer folds;

    @Option(names = "--split", paramLabel = "grouped|file",
            description = "grouped: shared audio stays in one fold (leak-free); file: every recording on its own.")
    String split;

    @Option(names = "--resume", description = "Continue the cross-validation run in --out.")
    boolean resume;

    @picocli.CommandLine.Mixin
    org.heartsounds.trainer.options.ThreadsFlag threads;

    @Mixin
    org.heartsounds.core.options.EngineFlag engine;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        threads.apply(spec.commandLine());
        PrintWriter out = spec.commandLine().getOut();
        java.util.Map<String, String> more = new java.util.LinkedHashMap<>();
        engine.addTo(more);
        Recipe recipe = flags.resolve(more);
        SplitSpec s = recipe.split();
        SplitSpec.Mode mode = split == null ? s.mode() : parseMode(split);
        try {
            recipe = recipe.withSplit(new SplitSpec(mode, s.train(), s.val(), s.test(),
                    folds == null ? s.folds() : folds, s.overlap(), s.seed()));
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--folds: " + e.getMessage());
        }
        Path root = flags.outOrNull() != null ? flags.outOrNull()
                : Path.of(recipe.train().out() + "-cv-" + mode.name().toLowerCase(Locale.ROOT));
        PreparedDataset data = PreparedData.ensure(recipe, TrainingEvents.printing(out)::line);
        CrossValidationRun cv = new CrossValidationRun(recipe, data, root, resume, TrainingEvents.printing(out),
                WeightsLookup.catalogue());
        if (recipe.train().multilabel()) {
            out.print(cv.runMultiLabel().text());
        } else {
            out.print(CrossValidationText.format(cv.run()));
        }
        out.println("results: " + root.toAbsolutePath().normalize() + " (summary.txt, summary.json, fold-K/, "
                + "pooled/)");
        out.flush();
        return ExitCodes.OK;
    }

    private SplitSpec.Mode parseMode(String value) {
        return switch (value) {
            case "grouped" -> SplitSpec.Mode.GROUPED;
            case "file" -> SplitSpec.Mode.FILE;
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--split must be grouped or file, got '" + value + "'");
        };
    }
}
