package org.heartsounds.bench.cli;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.heartsounds.bench.infer.ModelLatencyBenchmark;
import org.heartsounds.bench.infer.PredictLatencyBenchmark;
import org.heartsounds.core.BadInputException;
import org.heartsounds.trainer.inference.InferenceGraphOptimizer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code heartsounds bench infer}: batch-1 latency of one ONNX model in ONNX Runtime and in DL4J (imported, plain and
 * tuned by {@link InferenceGraphOptimizer}), side by side in one run on the same input, then the end-to-end time to
 * predict one WAV (decode, windows, spectrogram, model) on real recordings.
 */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = {"Inference speed at batch 1, one run, same model and input: ONNX Runtime,",
            "DL4J on the imported graph, and DL4J tuned (BatchNorm folded into the",
            "convolutions, ReLU fused); median and p95 latency of interleaved calls.",
            "Then the time to predict one WAV end to end (decode -> windows ->",
            "spectrogram -> tuned DL4J model) per input size, split by stage."})
public class BenchInferCommand implements Callable<Integer> {
    static final String DEFAULT_MODEL = "resnet18-torchvision-random.onnx";
    private static final long SEED = 42;

    @Option(names = "--model", paramLabel = "FILE.onnx", description = "The model (default: " + DEFAULT_MODEL
            + " in $HEARTSOUNDS_MODELS_DIR, else ../shared/models).")
    Path model;

    @Option(names = "--size", paramLabel = "PX", description = "Square input side for the latency table (default: "
            + "the model's own, else 224).")
    Integer size;

    @Option(names = "--warmup", description = "Untimed calls per engine first (default: ${DEFAULT-VALUE}).")
    int warmup = 10;

    @Option(names = "--runs", description = "Timed calls per engine (default: ${DEFAULT-VALUE}).")
    int runs = 50;

    @Mixin
    BenchThreads threads;

    @Option(names = "--helpers", paramLabel = "on|off", description = "DL4J's oneDNN layer helpers "
            + "(default: ${DEFAULT-VALUE}).")
    String helpers = "on";

    @Option(names = "--wavs", paramLabel = "DIR", description = "Recordings for the end-to-end time (default: "
            + "$HEARTSOUNDS_DATA_DIR/yaseen2018, else ../shared/datasets/yaseen2018).")
    Path wavs;

    @Option(names = "--wav-count", description = "WAVs used, spread over the sorted list (default: ${DEFAULT-VALUE}).")
    int wavCount = 10;

    @Option(names = "--predict-sizes", split = ",", paramLabel = "PX", defaultValue = "224,96",
            description = "Input sides for the end-to-end time (default: ${DEFAULT-VALUE}, the default recipe's "
                    + "and the Yaseen scratch recipe's).")
    List<Integer> predictSizes;

    @Option(names = "--passes", description = "Timed passes over the WAVs, after one warm-up pass "
            + "(default: ${DEFAULT-VALUE}).")
    int passes = 5;

    @Option(names = "--no-predict", description = "Skip the end-to-end time.")
    boolean noPredict;

    @Option(names = "--variants", description = "Also time the DL4J settings the tuning was chosen from: helpers "
            + "switched, workspaces off, output(), clearLayersStates(), f-order and double input, BN folded in NCHW.")
    boolean variants;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, OrtException {
        validate();
        Path modelFile = modelFile();
        OptionalInt fixed = ModelLatencyBenchmark.fixedInputSide(modelFile);
        int side = inputSide(modelFile, fixed);
        List<Path> files = noPredict ? List.of() : wavFiles();
        boolean on = helpers.equals("on");
        int nativeThreads = threads.apply();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "bench infer: %s%s, %d px, batch 1, %d warm-up + %d timed calls per engine "
                + "(interleaved), %d threads, %d cores%n", modelFile.getFileName(),
                fixed.isPresent() && fixed.getAsInt() != side ? " (input resized from " + fixed.getAsInt() + " px)"
                        : "", side, warmup, runs, nativeThreads, Runtime.getRuntime().availableProcessors());
        out.flush();
        ModelLatencyBenchmark.Result r = ModelLatencyBenchmark.run(new ModelLatencyBenchmark.Settings(modelFile,
                side, warmup, runs, nativeThreads, on, SEED, variants));
        printLatency(out, r);
        if (noPredict) {
            out.flush();
            return 0;
        }
        if (files.isEmpty()) {
            out.println("predict per WAV: not measured, no WAV files under " + wavsDir().toAbsolutePath()
                    + " (give --wavs DIR)");
            out.flush();
            return 0;
        }
        out.printf(Locale.ROOT, "predict per WAV (decode -> windows -> spectrogram -> DL4J tuned), %d WAVs from "
                + "%s, 1 warm-up + %d timed passes:%n", files.size(), wavsDir(), passes);
        out.println(predictHeader());
        out.flush();
        for (int px : predictSizes) {
            out.println(predictRow(PredictLatencyBenchmark.run(modelFile, px, on, files, 1, passes)));
            out.flush();
        }
        out.println("ms per WAV; stage columns are medians (they need not add up to the total's median)");
        out.flush();
        return 0;
    }

    private void validate() {
        CommandLine cl = spec.commandLine();
        if (size != null && (size < 8 || size > 4096)) {
            throw new CommandLine.ParameterException(cl, "--size must be in [8, 4096], got " + size);
        }
        BenchChecks.notNegative(cl, "--warmup", warmup);
        BenchChecks.positive(cl, "--runs", runs);
        BenchChecks.positive(cl, "--passes", passes);
        BenchChecks.positive(cl, "--wav-count", wavCount);
        threads.check(cl);
        BenchChecks.helpersOn(cl, helpers);
        if (!noPredict && predictSizes.isEmpty()) {
            throw new CommandLine.ParameterException(cl, "--predict-sizes: give at least one size");
        }
        for (int px : predictSizes) {
            if (px < 32 || px > 4096) {
                throw new CommandLine.ParameterException(cl, "--predict-sizes: " + px + " is outside [32, 4096]");
            }
        }
    }

    private Path modelFile() {
        if (model != null) {
            if (!Files.isRegularFile(model)) {
                throw new BadInputException(model, "model file does not exist");
            }
            return model;
        }
        String env = System.getenv("HEARTSOUNDS_MODELS_DIR");
        Path file = (env != null && !env.isBlank() ? Path.of(env) : Path.of("..", "shared", "models"))
                .resolve(DEFAULT_MODEL);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file, "default model not found; give --model FILE.onnx");
        }
        return file;
    }

    /**
     * --size, else the model's static square input side, else 224. A static side that differs is changed for ONNX
     * Runtime ({@link ModelLatencyBenchmark#resized}) when the model allows it, bad input naming the operator if not.
     */
    private int inputSide(Path file, OptionalInt fixed) throws IOException {
        if (size == null) {
            return fixed.orElse(224);
        }
        if (fixed.isPresent() && size != fixed.getAsInt()) {
            ModelLatencyBenchmark.resized(file, size); // bad input now, before anything is timed
        }
        return size;
    }

    private void printLatency(PrintWriter out, ModelLatencyBenchmark.Result r) {
        int width = r.timings().stream().mapToInt(t -> t.engine().length()).max().orElse(6);
        out.printf(Locale.ROOT, "%-" + width + "s %10s %10s %7s%n", "engine", "median ms", "p95 ms", "x ORT");
        for (ModelLatencyBenchmark.Timing t : r.timings()) {
            out.printf(Locale.ROOT, "%-" + width + "s %10.2f %10.2f %7.2f%n", t.engine(), t.stats().medianMs(),
                    t.stats().p95Ms(), t.stats().medianMs() / r.ort().medianMs());
        }
        out.printf(Locale.ROOT, "x ORT = median / ONNX Runtime's median; %d outputs, max |DL4J - ORT| %.1e, "
                + "max |tuned - DL4J| %.1e%s%n", r.outputs(), r.plainVsOrt(), r.tunedVsPlain(),
                variants ? String.format(Locale.ROOT, ", max |variant - DL4J| %.1e", r.variantsVsPlain()) : "");
        out.printf(Locale.ROOT, "ONNX Runtime %s: %d intra-op threads, all graph optimisations%n", r.ortVersion(),
                r.settings().threads());
        out.println("DL4J:  " + r.backend() + "; " + r.coverage());
        out.println("tuned: " + r.tuning());
    }

    static String predictHeader() {
        return String.format(Locale.ROOT, "%6s %8s %10s %8s %8s %8s %12s %8s", "size", "windows", "median ms",
                "p95 ms", "decode", "windows", "spectrogram", "model");
    }

    static String predictRow(PredictLatencyBenchmark.Result r) {
        return String.format(Locale.ROOT, "%6d %8.1f %10.2f %8.2f %8.2f %8.2f %12.2f %8.2f", r.size(),
                r.meanWindows(), r.total().medianMs(), r.total().p95Ms(), r.decode().medianMs(),
                r.windows().medianMs(), r.spectrogram().medianMs(), r.model().medianMs());
    }

    private Path wavsDir() {
        if (wavs != null) {
            return wavs;
        }
        String env = System.getenv("HEARTSOUNDS_DATA_DIR");
        return (env != null && !env.isBlank() ? Path.of(env) : Path.of("..", "shared", "datasets"))
                .resolve("yaseen2018");
    }

    /** Up to --wav-count WAVs spread evenly over the sorted list under the folder. */
    private List<Path> wavFiles() throws IOException {
        Path dir = wavsDir();
        if (!Files.isDirectory(dir)) {
            if (wavs != null) {
                throw new BadInputException(dir, "not a folder");
            }
            return List.of();
        }
        List<Path> picked = PredictLatencyBenchmark.wavSample(dir, wavCount);
        if (picked.isEmpty() && wavs != null) {
            throw new BadInputException(dir, "no .wav files in it");
        }
        return picked;
    }
}
