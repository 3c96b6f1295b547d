package org.heartsounds.bench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.heartsounds.bench.torch.TorchTimeToAccuracy;
import org.heartsounds.bench.train.TimeToAccuracy;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.trainer.data.PreparedData;
import org.heartsounds.trainer.data.PreparedDataset;
import org.heartsounds.trainer.options.TrainFlags;
import org.heartsounds.trainer.run.TrainingRun;
import org.heartsounds.trainer.train.TrainingEvents;
import org.heartsounds.trainer.weights.WeightsLookup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code heartsounds bench time-to-accuracy}: wall time until the validation split reaches an accuracy, for a
 * heartsounds recipe trained in DL4J and, in the same run on the same prepared data and split, for PyTorch recipes
 * ({@value TorchTimeToAccuracy#SCRIPT}: jetson-inference's train.py recipe and an Adam recipe). Each PyTorch run gets
 * {@code --torch-factor} times the DL4J time (or {@code --torch-max-seconds}); one that does not reach the target in
 * that time shows that DL4J was at least that many times faster.
 */
@Command(name = "time-to-accuracy", mixinStandardHelpOptions = true,
        description = {"Wall time until the validation accuracy reaches --target: the heartsounds recipe in DL4J, then",
            "PyTorch recipes (jetson-inference's train.py recipe, an Adam recipe) on the same prepared data and",
            "split (bench/scripts/time_to_accuracy_torch.py). A PyTorch run stops at --torch-factor x the DL4J time."})
public class BenchTimeToAccuracyCommand implements Callable<Integer> {
    private static final String DEFAULT_OUT = "runs/bench/time-to-accuracy";

    @Mixin
    TrainFlags flags;

    @Option(names = "--target", description = "Validation accuracy to reach (default: ${DEFAULT-VALUE}).")
    double target = 0.97;

    @Option(names = "--reuse", description = "If the run folder already holds a finished run (metrics.csv), read "
            + "its time instead of training again.")
    boolean reuse;

    @Option(names = "--recipes", split = ",", paramLabel = "jetson,adam",
            description = "PyTorch recipes to run (default: ${DEFAULT-VALUE}).")
    List<String> recipes = new ArrayList<>(List.of("jetson", "adam"));

    @Option(names = "--torch-size", paramLabel = "PX",
            description = "PyTorch input side (both recipes stretch the PNGs to it; default: ${DEFAULT-VALUE}).")
    int torchSize = 224;

    @Option(names = "--torch-factor", description = "Each PyTorch run stops after this many times the DL4J time "
            + "(default: ${DEFAULT-VALUE}).")
    double torchFactor = 5;

    @Option(names = "--torch-max-seconds", description = "Fixed PyTorch time limit instead of --torch-factor.")
    Double torchMaxSeconds;

    @Mixin
    BenchThreads threads;

    @Mixin
    TorchFlags torchFlags;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        validate();
        int nativeThreads = threads.apply();
        PrintWriter out = spec.commandLine().getOut();
        Recipe recipe = flags.resolve();
        if (flags.outOrNull() == null) {
            recipe = recipe.withTrain(recipe.train().withOut(DEFAULT_OUT));
        }
        PreparedDataset data = PreparedData.ensure(recipe, TrainingEvents.printing(out)::line);
        Path runFolder = Path.of(recipe.train().out());
        Path metrics = runFolder.resolve("metrics.csv");
        out.printf(Locale.ROOT, "bench time-to-accuracy: val acc >= %.3f on %s, %d threads, %d cores%n", target,
                data.root(), nativeThreads, Runtime.getRuntime().availableProcessors());
        out.flush();
        if (!(reuse && Files.isRegularFile(metrics))) {
            TrainingRun.builder().setRecipe(recipe).setData(data).optCatalogue(WeightsLookup.catalogue())
                    .optEvents(TrainingEvents.printing(out)).build().run();
        }
        TimeToAccuracy dl4j = TimeToAccuracy.fromMetrics(metrics, target);

        TorchFlags.Side<TorchTimeToAccuracy> torch = torchFlags.side(TorchTimeToAccuracy.SCRIPT,
                (python, script) -> new TorchTimeToAccuracy(python, script, Duration.ofHours(6)),
                TorchTimeToAccuracy::check);
        double budget = torchMaxSeconds != null ? torchMaxSeconds : torchFactor * dl4j.seconds();
        List<TorchTimeToAccuracy.Result> results = new ArrayList<>();
        String failure = null;
        if (torch.reference() != null) {
            for (String r : recipes) {
                out.printf(Locale.ROOT, "PyTorch %s recipe, %d px, at most %.0f s ...%n", r, torchSize, budget);
                out.flush();
                try {
                    results.add(torch.reference().run(data.root(), r, target, torchSize, budget, nativeThreads));
                } catch (IOException e) {
                    failure = "PyTorch " + r + " failed: " + e.getMessage();
                    break;
                }
            }
        }
        print(out, recipe, dl4j, results);
        out.println("PyTorch: " + torch.description() + (results.isEmpty() ? ""
                : String.format(Locale.ROOT, ", %d threads (%s)", results.get(0).threads(), torchFlags.python)));
        if (failure != null) {
            out.println(failure);
        }
        out.flush();
        return failure == null ? 0 : 1;
    }

    static void print(PrintWriter out, Recipe recipe, TimeToAccuracy dl4j, List<TorchTimeToAccuracy.Result> torch) {
        out.println(String.format(Locale.ROOT, "%-34s %8s %10s %7s %13s %12s", "side", "reached", "seconds",
                "epochs", "best val acc", "DL4J faster"));
        out.println(String.format(Locale.ROOT, "%-34s %8s %10.1f %7d %13.4f %12s",
                "DL4J " + recipeName(recipe) + " (" + recipe.spectrogram().width() + " px, batch "
                        + recipe.train().batchSize() + ")",
                dl4j.reached() ? "yes" : "no", dl4j.seconds(), dl4j.epoch(), dl4j.bestValAcc(), "-"));
        for (TorchTimeToAccuracy.Result t : torch) {
            String speedup = !dl4j.reached() ? "-"
                    : String.format(Locale.ROOT, "%s%.2fx", t.reached() ? "" : ">", t.seconds() / dl4j.seconds());
            out.println(String.format(Locale.ROOT, "%-34s %8s %10s %7d %13.4f %12s",
                    "PyTorch " + t.recipe() + " (" + t.size() + " px, batch " + t.batch() + ")",
                    t.reached() ? "yes" : "no", (t.reached() ? "" : ">") + String.format(Locale.ROOT, "%.1f",
                            t.seconds()), t.epochs(), t.bestValAcc(), speedup));
        }
        out.println("seconds: wall time of training and per-epoch validation until the first epoch at or above the "
                + "target ('>': stopped without reaching it); DL4J's from its metrics.csv, the evaluation before "
                + "fitting included.");
    }

    private static String recipeName(Recipe recipe) {
        return recipe.train().optimizer().toString().toLowerCase(Locale.ROOT);
    }

    private void validate() {
        CommandLine cl = spec.commandLine();
        if (!(target > 0 && target <= 1)) {
            throw new CommandLine.ParameterException(cl, "--target must be in (0, 1], got " + target);
        }
        for (String r : recipes) {
            if (!r.equals("jetson") && !r.equals("adam")) {
                throw new CommandLine.ParameterException(cl, "--recipes: unknown recipe '" + r
                        + "' (jetson, adam)");
            }
        }
        if (!(torchFactor > 0) || torchMaxSeconds != null && !(torchMaxSeconds > 0)) {
            throw new CommandLine.ParameterException(cl, "--torch-factor and --torch-max-seconds must be > 0");
        }
        if (torchSize < 32 || torchSize > 4096) {
            throw new CommandLine.ParameterException(cl, "--torch-size must be in [32, 4096], got " + torchSize);
        }
        threads.check(cl);
    }
}
