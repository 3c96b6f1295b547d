package org.heartsounds.bench.infer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.trainer.backend.OneDnnHelpers;
import org.heartsounds.trainer.imports.OnnxGraphImporter;
import org.heartsounds.trainer.inference.InferenceGraphOptimizer;

import org.heartsounds.data.audio.AudioClip;
import org.heartsounds.data.audio.AudioWindow;
import org.heartsounds.data.audio.WavReader;
import org.heartsounds.data.datavec.InputPipeline;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Time to predict one WAV end to end, as {@code predict} does it, split by stage: decode (read and parse the WAV),
 * windows (resample, DC removal, optional band-pass, normalisation, cutting into windows), spectrogram (log-mel image
 * of every window as ImageNet-normalised NCHW pixels, {@link InputPipeline#networkInput(List)}), and model (one
 * forward pass over all windows of the recording as one batch, then the mean of their outputs). Warm-up passes over
 * every WAV first, then timed passes; each WAV of each pass is one sample.
 */
public final class PredictLatencyBenchmark {
    /** WAV files listed at most, before the evenly spread sample is taken. */
    public static final int MAX_WAVS_LISTED = 100_000;

    private PredictLatencyBenchmark() {
    }

    /**
     * Per-WAV statistics.
     *
     * @param size        the spectrogram's (and model's) square input side
     * @param wavs        distinct WAV files
     * @param meanWindows windows per WAV, on average
     */
    public record Result(int size, int wavs, double meanWindows, LatencyStats total, LatencyStats decode,
                         LatencyStats windows, LatencyStats spectrogram, LatencyStats model) {
    }

    /**
     * Times {@code onnx} imported into DL4J at {@code px} x {@code px} and inference-optimised (oneDNN helpers
     * {@code helpers}), fed by the default recipe's preprocessing at that size.
     */
    public static Result run(Path onnx, int px, boolean helpers, List<Path> wavs, int warmupPasses, int passes)
            throws IOException {
        ComputationGraph plain = OneDnnHelpers.build(helpers, () -> OnnxGraphImporter.builder().optInputSize(px, px)
                .build().importGraph(onnx).graph());
        InferenceGraphOptimizer.Optimized tuned = InferenceGraphOptimizer.optimize(plain, helpers);
        return run(tuned::output, pipeline(px), wavs, warmupPasses, passes);
    }

    /** The default recipe's preprocessing with a {@code px} x {@code px} spectrogram. */
    public static InputPipeline pipeline(int px) {
        Recipe recipe = Recipe.defaults();
        return new InputPipeline(recipe.audio(), recipe.spectrogram().withSize(px, px));
    }

    /**
     * Up to {@code count} WAV files (by name, case-insensitive) spread evenly over the sorted list of those under
     * {@code dir} (four levels deep, at most {@link #MAX_WAVS_LISTED}); empty when there are none.
     */
    public static List<Path> wavSample(Path dir, int count) throws IOException {
        List<Path> all;
        try (Stream<Path> files = Files.walk(dir, 4)) {
            all = files.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wav"))
                    .filter(Files::isRegularFile).limit(MAX_WAVS_LISTED).sorted().toList();
        }
        int n = Math.min(count, all.size());
        List<Path> picked = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            picked.add(all.get((int) ((long) i * all.size() / n)));
        }
        return picked;
    }

    /**
     * Times {@code passes} passes over {@code wavs} after {@code warmupPasses} untimed ones; {@code model} maps the
     * pipeline's NCHW input batch to the network's output (e.g. {@code InferenceGraphOptimizer.Optimized::output}).
     */
    public static Result run(UnaryOperator<INDArray> model, InputPipeline pipeline, List<Path> wavs, int warmupPasses,
                             int passes) throws IOException {
        if (wavs.isEmpty() || warmupPasses < 0 || passes < 1) {
            throw new IllegalArgumentException("need WAVs, warmupPasses >= 0 and passes >= 1; got " + wavs.size()
                    + ", " + warmupPasses + ", " + passes);
        }
        for (int p = 0; p < warmupPasses; p++) {
            for (Path wav : wavs) {
                predict(model, pipeline, wav);
            }
        }
        int n = passes * wavs.size();
        long[][] t = new long[5][n];
        long windowCount = 0;
        int i = 0;
        for (int p = 0; p < passes; p++) {
            for (Path wav : wavs) {
                Stages s = predict(model, pipeline, wav);
                t[0][i] = s.total();
                t[1][i] = s.decode;
                t[2][i] = s.windows;
                t[3][i] = s.spectrogram;
                t[4][i] = s.model;
                windowCount += s.windowCount;
                i++;
            }
        }
        return new Result(pipeline.width(), wavs.size(), (double) windowCount / n, LatencyStats.ofNanos(t[0]),
                LatencyStats.ofNanos(t[1]), LatencyStats.ofNanos(t[2]), LatencyStats.ofNanos(t[3]),
                LatencyStats.ofNanos(t[4]));
    }

    /** Nanoseconds per stage of one prediction. */
    private record Stages(long decode, long windows, long spectrogram, long model, int windowCount) {
        long total() {
            return decode + windows + spectrogram + model;
        }
    }

    private static Stages predict(UnaryOperator<INDArray> model, InputPipeline pipeline, Path wav) throws IOException {
        long t0 = System.nanoTime();
        AudioClip clip = WavReader.read(wav);
        long t1 = System.nanoTime();
        List<AudioWindow> windows = pipeline.windows(clip);
        long t2 = System.nanoTime();
        INDArray input = pipeline.networkInput(windows);
        long t3 = System.nanoTime();
        INDArray probabilities = model.apply(input).mean(0);
        if (probabilities.length() == 0) {
            throw new IllegalStateException("the model gave no output for " + wav);
        }
        long t4 = System.nanoTime();
        return new Stages(t1 - t0, t2 - t1, t3 - t2, t4 - t3, windows.size());
    }
}
