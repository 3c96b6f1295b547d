package org.heartsounds.bench.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.data.options.RecipeFlags;
import org.heartsounds.data.options.WorkerThreads;
import org.heartsounds.data.prepare.DatasetPreparer;
import org.heartsounds.data.prepare.PrepareResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code heartsounds bench prepare}: clips per second of a full {@code data prepare} into a fresh temporary folder
 * (a warm-up run first, then timed runs), with the time per stage.
 */
@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = {"Time `data prepare` end to end on a dataset (into a temporary folder, deleted afterwards):",
            "clips per second and seconds per stage (decode, resample, overlap, stft/mel, png)."})
public class BenchPrepareCommand implements Callable<Integer> {
    @Mixin
    RecipeFlags flags;

    @Option(names = "--runs", description = "Timed runs after one warm-up (default: ${DEFAULT-VALUE}).")
    int runs = 3;

    @Mixin
    WorkerThreads workerThreads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        int threads = workerThreads.value(spec.commandLine());
        BenchChecks.notNegative(spec.commandLine(), "--runs", runs);
        Recipe base = flags.resolve();
        out.printf(Locale.ROOT, "bench prepare: %s, %d threads, %d cores, %s%n", base.data().dir() != null
                ? base.data().dir() : base.data().manifest(), threads, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        out.printf(Locale.ROOT, "%-8s %8s %8s %8s %9s %9s %9s %9s %9s%n", "run", "clips", "images", "wall s",
                "clips/s", "decode", "resample", "stft/mel", "png");
        for (int run = 0; run <= runs; run++) {
            Path tmp = Files.createTempDirectory("heartsounds-bench-");
            try {
                Recipe recipe = base.withData(new org.heartsounds.core.config.DataSpec(base.data().dir(),
                        base.data().manifest(), tmp.resolve("out").toString(), base.data().classes()));
                PrepareResult r = DatasetPreparer.builder().setRecipe(recipe).optThreads(threads).build().prepare();
                Map<String, Double> s = r.stageSeconds();
                out.printf(Locale.ROOT, "%-8s %8d %8d %8.2f %9.1f %9.2f %9.2f %9.2f %9.2f%n",
                        run == 0 ? "warm-up" : "run " + run, r.recordings(), r.images(), r.seconds(),
                        r.recordings() / r.seconds(), s.get("decode"), s.get("resample"), s.get("stft/mel"),
                        s.get("png"));
                out.flush();
            } finally {
                org.heartsounds.core.io.Folders.deleteRecursively(tmp);
            }
        }
        out.println("stage columns: seconds summed over worker threads; overlap detection is in wall time only.");
        return 0;
    }

}
