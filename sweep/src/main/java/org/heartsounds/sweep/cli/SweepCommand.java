package org.heartsounds.sweep.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.ExitCodes;
import org.heartsounds.core.config.DataSpec;
import org.heartsounds.core.options.RecipeOptions;
import org.heartsounds.sweep.config.SweepConfig;
import org.heartsounds.sweep.run.BestCandidate;
import org.heartsounds.sweep.run.SweepRun;
import org.heartsounds.trainer.train.TrainingEvents;
import org.heartsounds.trainer.weights.WeightsLookup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code heartsounds sweep}: an Arbiter hyperparameter sweep over training and spectrogram parameters. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Hyperparameter sweep with Arbiter over recipe keys (training and",
            "spectrogram parameters). --config FILE is a recipe (the base values)",
            "plus a sweep: section: out, candidates, generator random|grid,",
            "grid_points, seed, score val_acc|val_loss, max_minutes, and",
            "parameters: KEY: {log_uniform|uniform|int: [low, high]} or",
            "{choice: [a, b, ...]}.",
            "Candidates are ranked on the validation split only; the best one is",
            "then evaluated on the test split, for reporting. Candidates with the",
            "same preparation share one prepared dataset (OUT/data/HASH/). A",
            "failing candidate is recorded as failed and the sweep goes on.",
            "Results in OUT: sweep.csv, candidates/I/, best.txt, best-val/,",
            "best-test/, summary.json, report.html. A killed sweep continues",
            "with --resume; finished candidates are not run again.",
            "--engine spark runs each candidate as a Spark task (engine.spark.master;",
            "none: an embedded local[N]); the driver keeps sweep.csv."})
public class SweepCommand implements Callable<Integer> {
    @Mixin
    RecipeOptions recipe;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder with one sub-folder of WAVs per class "
            + "(data.dir).")
    Path data;

    @Option(names = "--out", paramLabel = "DIR", description = "Sweep folder (sweep.out).")
    Path out;

    @Option(names = "--seed", description = "Recipe seed (and the candidates' seed unless sweep.seed is set).")
    Long seed;

    @Option(names = "--candidates", paramLabel = "N", description = "Number of candidates (sweep.candidates).")
    Integer candidates;

    @Option(names = "--resume", description = "Continue the sweep in sweep.out: finished candidates are not run "
            + "again.")
    boolean resume;

    @Option(names = "--prepare-threads", paramLabel = "N", hidden = true,
            description = "Threads of dataset preparation (0 = default).")
    int prepareThreads;

    @picocli.CommandLine.Mixin
    org.heartsounds.trainer.options.ThreadsFlag threads;

    @Mixin
    org.heartsounds.core.options.EngineFlag engine;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        threads.apply(spec.commandLine());
        if (recipe.configFile() == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--config FILE is required: a recipe with a "
                    + "sweep: section (see configs/yaseen2018-sweep.yaml)");
        }
        if (prepareThreads < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--prepare-threads must be >= 0 (0: all "
                    + "cores), got " + prepareThreads);
        }
        PrintWriter pw = spec.commandLine().getOut();
        SweepConfig config = SweepConfig.load(recipe.configFile(), overrides());
        requireDataSource(config);
        SweepRun.Result r = SweepRun.builder().setConfig(config).optResume(resume)
                .optEvents(TrainingEvents.printing(pw)).optCatalogue(WeightsLookup.catalogue())
                .optPrepareThreads(prepareThreads).build().run();
        Path root = r.root().toAbsolutePath().normalize();
        if (r.best() == null) {
            spec.commandLine().getErr().println("error: no candidate finished (" + r.failed() + " failed); reasons "
                    + "in " + root.resolve("sweep.csv"));
            spec.commandLine().getErr().flush();
            return ExitCodes.FAILURE;
        }
        pw.printf(Locale.ROOT, "best: candidate %d, %s %.4f -> %s%n", r.best().index(),
                config.sweep().score().key(), r.best().score(), root.resolve(r.best().runDir()));
        if (r.evaluation().multilabel()) {
            pw.printf(Locale.ROOT, "  validation macro AUROC %.4f (windows), test macro AUROC %s (after selection)%n",
                    r.evaluation().multiLabelValidation().level("windows").macro().auroc(),
                    r.evaluation().multiLabelTest() == null ? "-" : String.format(Locale.ROOT, "%.4f",
                            r.evaluation().multiLabelTest().level("windows").macro().auroc()));
        } else {
            pw.printf(Locale.ROOT, "  validation accuracy %.4f (windows), test accuracy %s (after selection)%n",
                    r.evaluation().validation().windows().summary().accuracy(), r.evaluation().test() == null ? "-"
                            : String.format(Locale.ROOT, "%.4f", r.evaluation().test().windows().summary()
                            .accuracy()));
        }
        pw.println("results: " + root + " (sweep.csv, report.html, summary.json, best.txt, "
                + BestCandidate.VALIDATION + "/, " + BestCandidate.TEST + "/)");
        pw.flush();
        return ExitCodes.OK;
    }

    private Map<String, String> overrides() {
        Map<String, String> o = recipe.overrides();
        Map<String, String> flags = new LinkedHashMap<>();
        if (data != null) {
            flags.put("data.dir", RecipeOptions.yamlString(data.toString()));
            flags.put("data.manifest", "null");
        }
        if (out != null) {
            flags.put("sweep.out", RecipeOptions.yamlString(out.toString()));
        }
        if (seed != null) {
            flags.put("seed", seed.toString());
        }
        if (candidates != null) {
            flags.put("sweep.candidates", candidates.toString());
        }
        engine.addTo(flags);
        o.putAll(flags);
        return o;
    }

    private static void requireDataSource(SweepConfig config) {
        DataSpec d = config.base().data();
        if (d.dir() == null && d.manifest() == null) {
            throw new BadInputException("data", "the sweep names no data.dir or data.manifest to prepare candidates "
                    + "from (--data DIR)");
        }
        Path source = Path.of(d.dir() != null ? d.dir() : d.manifest());
        if (!Files.exists(source)) {
            throw new BadInputException(source, "not found (data." + (d.dir() != null ? "dir" : "manifest") + ")");
        }
    }
}
