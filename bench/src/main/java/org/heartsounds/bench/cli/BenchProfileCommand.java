package org.heartsounds.bench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.heartsounds.bench.torch.TorchProfileReference;
import org.heartsounds.bench.train.LayerProfiler;
import org.heartsounds.trainer.model.ResNet18;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code heartsounds bench profile}: where one ResNet-18 training step spends its time in DL4J
 * ({@link LayerProfiler}, vertex by vertex), part by part next to PyTorch's self CPU time under torch.profiler
 * ({@value TorchProfileReference#SCRIPT}), then the whole steps and DL4J's ten slowest vertices.
 */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = {"Profiles one ResNet-18 training step: forward and backward time per part (conv, BatchNorm,",
            "ReLU, residual add, pooling, fc+loss), the Adam update and the rest, in DL4J (each vertex timed on its",
            "own) next to PyTorch (torch.profiler, bench/scripts/resnet18_torch_profile.py). Milliseconds per step."})
public class BenchProfileCommand implements Callable<Integer> {
    private static final Duration TORCH_TIMEOUT = Duration.ofMinutes(30);
    private static final int CLASSES = 5;
    private static final int TOP = 10;
    private static final String LABEL = "%-18s";
    private static final String CELL = " %11s";

    @Option(names = "--size", paramLabel = "PX", description = "Square input side (default: ${DEFAULT-VALUE}).")
    int size = 224;

    @Mixin
    BenchBatch batchOption;

    private int batch;

    @Option(names = "--steps", description = "Timed whole steps, repeats per vertex and profiled PyTorch steps "
            + "(default: ${DEFAULT-VALUE}).")
    int steps = 5;

    @Option(names = "--warmup", description = "Untimed whole steps first (default: ${DEFAULT-VALUE}).")
    int warmup = 2;

    @Mixin
    BenchThreads threads;

    @Option(names = "--helpers", paramLabel = "on|off",
            description = "DL4J's oneDNN layer helpers (default: ${DEFAULT-VALUE}).")
    String helpers = "on";

    @Mixin
    TorchFlags torchFlags;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        boolean on = validate();
        int nativeThreads = threads.apply();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "bench profile: ResNet-18, %d classes, %d px, batch %d, oneDNN helpers %s, "
                + "%d warm-up + %d timed steps, %d threads, %d cores%n", CLASSES, size, batch, on ? "on" : "off",
                warmup, steps, nativeThreads, Runtime.getRuntime().availableProcessors());
        out.flush();

        LayerProfiler.Profile dl4j = LayerProfiler.run(new LayerProfiler.Settings(size, batch, CLASSES, warmup,
                steps, on));
        TorchFlags.Side<TorchProfileReference> torch = torchFlags.side(TorchProfileReference.SCRIPT,
                (python, script) -> new TorchProfileReference(python, script, TORCH_TIMEOUT),
                TorchProfileReference::check);
        TorchProfileReference.Result reference = null;
        String failure = null;
        if (torch.reference() != null) {
            try {
                reference = torch.reference().run(size, batch, steps, warmup, nativeThreads, CLASSES);
            } catch (IOException e) {
                failure = "PyTorch failed: " + e.getMessage();
            }
        }
        print(out, dl4j, reference);
        out.println("DL4J:    " + dl4j.backend() + (on ? "; " + dl4j.coverage().summary() : ""));
        out.println("PyTorch: " + (reference == null ? torch.description()
                : String.format(Locale.ROOT, "%s, %d threads (%s)", torch.description(), reference.threads(),
                        torchFlags.python)));
        if (failure != null) {
            out.println(failure);
        }
        out.flush();
        return failure == null ? 0 : 1;
    }

    /**
     * The part table (a ratio only where both sides measure the same thing: not for "rest of step", nor for a part
     * DL4J's graph has no vertex of), the whole steps, the notes on what the numbers are, and DL4J's slowest vertices.
     */
    static void print(PrintWriter out, LayerProfiler.Profile p, TorchProfileReference.Result t) {
        out.println(header());
        for (LayerProfiler.PartTime part : p.parts()) {
            TorchProfileReference.PartTime tp = t == null ? null : t.parts().get(part.part());
            out.println(row(part.part().label(), ms(part.forwardMs()), ms(part.backwardMs()), part.totalMs(),
                    tp == null ? "-" : ms(tp.forwardMs()), tp == null ? "-" : ms(tp.backwardMs()),
                    tp == null ? null : tp.totalMs(), part.vertices() > 0));
        }
        out.println(row("updater (Adam)", "-", "-", p.updaterMs(), "-", "-", t == null ? null : t.updaterMs(),
                true));
        out.println(row("rest of step", "-", "-", p.restMs(), "-", "-", t == null ? null : t.restMs(), false));
        out.println(row("whole step", "-", "-", p.stepMs(), "-", "-", t == null ? null : t.stepMs(), true));
        out.printf(Locale.ROOT, "images/s: DL4J %.1f, PyTorch %s%s%n", p.imagesPerSecond(),
                t == null ? "-" : String.format(Locale.ROOT, "%.1f", t.imagesPerSecond()),
                t == null ? "" : String.format(Locale.ROOT, ", DL4J/PyTorch %.2f",
                        p.imagesPerSecond() / t.imagesPerSecond()));
        out.println("ms per step. DL4J: each vertex driven on its own in training mode, median of "
                + p.settings().steps() + " (in a workspace, as in fit); updater = Adam update + parameter step; "
                + "rest = whole step - parts - updater (workspaces, score, gradient bookkeeping, listeners).");
        if (t != null) {
            out.printf(Locale.ROOT, "PyTorch: self CPU time under torch.profiler (a profiled step took %.1f ms, "
                    + "%.1f ms of it outside forward/backward/optimizer); rest = unprofiled step - parts - updater "
                    + "(Python, autograd engine, zero_grad).%n", t.profiledStepMs(), t.outsideMs());
        }
        out.println("DL4J top " + TOP + " vertices (ms):");
        out.println(String.format(Locale.ROOT, "%-22s %-20s %9s %9s %9s", "vertex", "layer", "fwd", "bwd",
                "total"));
        for (LayerProfiler.VertexTime v : p.top(TOP)) {
            out.println(String.format(Locale.ROOT, "%-22s %-20s %9.2f %9.2f %9.2f", v.name(), v.kind(),
                    v.forwardMs(), v.backwardMs(), v.totalMs()));
        }
    }

    public static String header() {
        return String.format(Locale.ROOT, LABEL + CELL.repeat(7), "part", "DL4J fwd", "DL4J bwd", "DL4J total",
                "torch fwd", "torch bwd", "torch total", "DL4J/torch");
    }

    private static String row(String label, String fwd, String bwd, double total, String torchFwd, String torchBwd,
                              Double torchTotal, boolean withRatio) {
        String ratio = !withRatio || torchTotal == null || !(torchTotal > 0) || total < 0 ? "-"
                : String.format(Locale.ROOT, "%.2f", total / torchTotal);
        return String.format(Locale.ROOT, LABEL + CELL.repeat(7), label, fwd, bwd, ms(total), torchFwd, torchBwd,
                torchTotal == null ? "-" : ms(torchTotal), ratio);
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** Bad options are bad input (exit 2); returns whether the helpers are on. */
    private boolean validate() {
        CommandLine cl = spec.commandLine();
        if (size < ResNet18.MIN_INPUT_SIZE || size > ResNet18.MAX_INPUT_SIZE) {
            throw new CommandLine.ParameterException(cl, "--size: " + size + " is outside ["
                    + ResNet18.MIN_INPUT_SIZE + ", " + ResNet18.MAX_INPUT_SIZE + "]");
        }
        batch = batchOption.value(cl);
        BenchChecks.positive(cl, "--steps", steps);
        BenchChecks.notNegative(cl, "--warmup", warmup);
        threads.check(cl);
        return BenchChecks.helpersOn(cl, helpers);
    }
}
