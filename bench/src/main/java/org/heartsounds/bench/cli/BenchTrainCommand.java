package org.heartsounds.bench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.heartsounds.bench.torch.TorchReference;
import org.heartsounds.bench.train.TrainingBenchmark;
import org.heartsounds.trainer.model.ResNet18;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code heartsounds bench train}: ResNet-18 training and inference images per second in DL4J, with the oneDNN
 * helpers on and/or off, side by side with the same steps in PyTorch ({@value TorchReference#SCRIPT}).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"ResNet-18 training and inference speed (images/s) in DL4J on a fixed random batch, next to",
            "the same steps in PyTorch (bench/scripts/resnet18_torch.py: torchvision resnet18, Adam 1e-3).",
            "Without a usable Python/torch it prints the DL4J numbers and says why."})
public class BenchTrainCommand implements Callable<Integer> {
    private static final Duration TORCH_TIMEOUT = Duration.ofMinutes(30);

    @Option(names = "--sizes", split = ",", paramLabel = "PX", defaultValue = "224,128",
            description = "Square input sides (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Mixin
    BenchBatch batchOption;

    private int batch;

    @Option(names = "--iterations", description = "Timed steps per measurement (default: ${DEFAULT-VALUE}).")
    int iterations = 10;

    @Option(names = "--warmup", description = "Untimed steps before each measurement (default: ${DEFAULT-VALUE}).")
    int warmup = 3;

    @Mixin
    BenchThreads threads;

    @Option(names = "--helpers", paramLabel = "on|off|both",
            description = "DL4J's oneDNN layer helpers (default: ${DEFAULT-VALUE}).")
    String helpers = "on";

    @Option(names = "--classes", description = "Output classes (default: ${DEFAULT-VALUE}).")
    int classes = 5;

    @Mixin
    TorchFlags torchFlags;

    @Option(names = "--no-channels-last", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also run PyTorch with the model and batch in channels-last memory format (its faster "
                    + "setting on many CPUs) and compare DL4J with the faster of the two (default: on).")
    boolean channelsLast;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<Boolean> modes = validate();
        int nativeThreads = threads.apply();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "bench train: ResNet-18, %d classes, batch %d, %d warm-up + %d timed steps, "
                + "%d threads, %d cores%n", classes, batch, warmup, iterations, nativeThreads,
                Runtime.getRuntime().availableProcessors());
        TorchFlags.Side<TorchReference> torch = torchFlags.side(TorchReference.SCRIPT,
                (python, script) -> new TorchReference(python, script, TORCH_TIMEOUT), TorchReference::check);
        out.println(header());
        out.flush();

        List<String> notes = new ArrayList<>();
        String backend = null;
        String coverage = null;
        Integer torchThreads = null;
        for (int size : sizes) {
            List<TrainingBenchmark.Result> dl4j = new ArrayList<>();
            for (boolean on : modes) {
                dl4j.add(TrainingBenchmark.run(new TrainingBenchmark.Settings(size, batch, classes, warmup,
                        iterations, on)));
            }
            TorchReference.Result reference = null;
            TorchReference.Result referenceCl = null;
            if (torch.reference() != null) {
                try {
                    reference = torch.reference().run(size, batch, iterations, warmup, nativeThreads, classes,
                            false);
                    torchThreads = reference.threads();
                    if (channelsLast) {
                        referenceCl = torch.reference().run(size, batch, iterations, warmup, nativeThreads, classes,
                                true);
                    }
                } catch (IOException e) {
                    notes.add("PyTorch failed at " + size + " px: " + e.getMessage());
                }
            }
            for (TrainingBenchmark.Result r : dl4j) {
                out.println(row(r, reference, referenceCl));
                backend = backend == null || r.settings().helpers() ? r.backend() : backend;
                coverage = r.settings().helpers() ? r.coverage().summary() : coverage;
            }
            out.flush();
        }
        out.println("images per second; torch: NCHW, CL: channels-last memory format; ratio = DL4J / the faster "
                + "PyTorch; infer: the model as trained, in inference mode; folded / fused: BatchNorm folded into the "
                + "convolutions (DL4J: InferenceGraphOptimizer, as predict runs it; PyTorch: "
                + "torch.fx.experimental.optimization.fuse, the faster layout)");
        out.println("DL4J:    " + backend + (coverage != null ? "; " + coverage : ""));
        out.println("PyTorch: " + (torch.reference() == null ? torch.description()
                : String.format(Locale.ROOT, "%s, %d threads (%s)", torch.description(),
                        torchThreads != null ? torchThreads : nativeThreads, torchFlags.python)));
        notes.forEach(out::println);
        out.flush();
        return notes.isEmpty() ? 0 : 1;
    }

    /** Bad options are bad input (exit 2); returns the helper settings to measure, off first. */
    private List<Boolean> validate() {
        CommandLine cl = spec.commandLine();
        if (sizes.isEmpty()) {
            throw new CommandLine.ParameterException(cl, "--sizes: give at least one size");
        }
        for (int size : sizes) {
            if (size < ResNet18.MIN_INPUT_SIZE || size > ResNet18.MAX_INPUT_SIZE) {
                throw new CommandLine.ParameterException(cl, "--sizes: " + size + " is outside ["
                        + ResNet18.MIN_INPUT_SIZE + ", " + ResNet18.MAX_INPUT_SIZE + "]");
            }
        }
        batch = batchOption.value(cl);
        BenchChecks.positive(cl, "--iterations", iterations);
        BenchChecks.notNegative(cl, "--warmup", warmup);
        threads.check(cl);
        if (classes < 2) {
            throw new CommandLine.ParameterException(cl, "--classes must be >= 2, got " + classes);
        }
        return switch (helpers) {
            case "on" -> List.of(true);
            case "off" -> List.of(false);
            case "both" -> List.of(false, true);
            default -> throw new CommandLine.ParameterException(cl,
                    "--helpers must be on, off or both, got '" + helpers + "'");
        };
    }


    static String header() {
        return String.format(Locale.ROOT, "%6s %7s %11s %11s %8s %6s %11s %11s %8s %6s %11s %11s %6s", "size",
                "oneDNN", "DL4J train", "torch train", "CL train", "ratio", "DL4J infer", "torch infer", "CL infer",
                "ratio", "DL4J folded", "torch fused", "ratio");
    }

    /** One size's row; {@code cl} (channels-last PyTorch) may be null, {@code t} too (no PyTorch). */
    static String row(TrainingBenchmark.Result r, TorchReference.Result t, TorchReference.Result cl) {
        TorchReference.Result best = t == null ? null : t.best(cl);
        return String.format(Locale.ROOT, "%6d %7s %11.1f %11s %8s %6s %11.1f %11s %8s %6s %11.1f %11s %6s",
                r.settings().size(), r.settings().helpers() ? "on" : "off",
                r.trainImagesPerSecond(), t == null ? "-" : fmt(t.trainImagesPerSecond()),
                cl == null ? "-" : fmt(cl.trainImagesPerSecond()),
                best == null ? "-" : ratio(r.trainImagesPerSecond(), best.trainImagesPerSecond()),
                r.inferImagesPerSecond(), t == null ? "-" : fmt(t.inferImagesPerSecond()),
                cl == null ? "-" : fmt(cl.inferImagesPerSecond()),
                best == null ? "-" : ratio(r.inferImagesPerSecond(), best.inferImagesPerSecond()),
                r.tunedInferImagesPerSecond(), best == null ? "-" : fmt(best.fusedInferImagesPerSecond()),
                best == null ? "-" : ratio(r.tunedInferImagesPerSecond(), best.fusedInferImagesPerSecond()));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String ratio(double dl4j, double torch) {
        return String.format(Locale.ROOT, "%.2f", dl4j / torch);
    }
}
