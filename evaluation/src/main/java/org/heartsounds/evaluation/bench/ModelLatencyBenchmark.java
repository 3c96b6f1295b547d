package org.heartsounds.evaluation.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heartsounds.trainer.backend.OneDnnHelpers;
import org.heartsounds.trainer.imports.ImportedOnnxGraph;
import org.heartsounds.trainer.imports.OnnxGraphImporter;
import org.heartsounds.trainer.inference.InferenceGraphOptimizer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch-1 latency of one ONNX model in three engines on the same seeded standard-normal input: ONNX Runtime, DL4J on
 * the graph imported with {@link OnnxGraphImporter} ("plain": {@code outputSingle} with DL4J's defaults), and DL4J on
 * that graph after {@link InferenceGraphOptimizer} ("tuned"). Warm-up calls first, then the timed calls interleaved
 * (each round calls every engine once, in a rotating order) so that a change in machine load affects all engines
 * alike. Before timing, the outputs are compared: DL4J against ONNX Runtime and tuned against plain.
 */
public final class ModelLatencyBenchmark {
    private ModelLatencyBenchmark() {
    }

    /** What to measure. {@code threads}: DL4J's native threads as set by the caller, and ORT's intra-op threads. */
    public record Settings(Path model, int size, int warmup, int runs, int threads, boolean helpers, long seed) {
        public Settings {
            if (size < 8 || size > 4096) {
                throw new IllegalArgumentException("size must be in [8, 4096], got " + size);
            }
            if (warmup < 0 || runs < 1 || threads < 1) {
                throw new IllegalArgumentException("need warmup >= 0, runs >= 1, threads >= 1; got " + warmup + ", "
                        + runs + ", " + threads);
            }
        }
    }

    /**
     * Latencies and agreement.
     *
     * @param outputs        values in the model's output
     * @param plainVsOrt     max |DL4J plain - ORT| over the output
     * @param tunedVsPlain   max |DL4J tuned - DL4J plain|
     * @param tuning         what the optimiser changed ({@link InferenceGraphOptimizer.Optimized#summary()})
     * @param coverage       oneDNN helper coverage of the plain graph
     * @param backend        {@link OneDnnHelpers#describe()} while the graphs were built
     */
    public record Result(Settings settings, LatencyStats ort, LatencyStats plain, LatencyStats tuned, long outputs,
                         double plainVsOrt, double tunedVsPlain, String tuning, String coverage, String backend,
                         String ortVersion) {
    }

    /** Imports the model into DL4J, opens it in ORT, checks agreement and times the three engines. */
    public static Result run(Settings s) throws OrtException {
        String[] backend = new String[1];
        ImportedOnnxGraph[] imported = new ImportedOnnxGraph[1];
        ComputationGraph plain = OneDnnHelpers.build(s.helpers(), () -> {
            backend[0] = OneDnnHelpers.describe();
            imported[0] = OnnxGraphImporter.builder().optInputSize(s.size(), s.size()).build()
                    .importGraph(s.model());
            return imported[0].graph();
        });
        InferenceGraphOptimizer.Optimized tuned = InferenceGraphOptimizer.optimize(plain, s.helpers());
        long[] shape = {1, imported[0].inputShape().get(0), s.size(), s.size()};
        float[] values = gaussian(shape, s.seed());
        INDArray x = Nd4j.create(values, shape, DataType.FLOAT);

        try (OrtModel ort = OrtModel.open(s.model(), s.threads()); OnnxTensor tensor = ort.tensor(values, shape)) {
            List<Call> engines = List.of(
                    () -> ort.run(tensor),
                    () -> plain.outputSingle(false, x).data().asFloat(),
                    () -> tuned.output(x).data().asFloat());
            float[] o = engines.get(0).run();
            float[] p = engines.get(1).run();
            float[] t = engines.get(2).run();
            if (o.length != p.length || p.length != t.length) {
                throw new IllegalStateException("output sizes differ: ORT " + o.length + ", DL4J " + p.length
                        + ", tuned " + t.length);
            }
            List<LatencyStats> stats = interleave(engines, s.warmup(), s.runs());
            return new Result(s, stats.get(0), stats.get(1), stats.get(2), p.length, maxAbsDiff(p, o),
                    maxAbsDiff(t, p), tuned.summary(), OneDnnHelpers.active(plain).summary(), backend[0],
                    ort.version());
        }
    }

    /** Warm-up rounds, then timed rounds calling each engine once in a rotating order. */
    static List<LatencyStats> interleave(List<Call> engines, int warmup, int runs) throws OrtException {
        int n = engines.size();
        for (int i = 0; i < warmup; i++) {
            for (Call e : engines) {
                e.run();
            }
        }
        long[][] nanos = new long[n][runs];
        for (int round = 0; round < runs; round++) {
            for (int k = 0; k < n; k++) {
                int e = (round + k) % n;
                long start = System.nanoTime();
                engines.get(e).run();
                nanos[e][round] = System.nanoTime() - start;
            }
        }
        List<LatencyStats> out = new ArrayList<>();
        for (long[] t : nanos) {
            out.add(LatencyStats.ofNanos(t));
        }
        return out;
    }

    /** Standard-normal float32 values for {@code shape}, the same for every engine. */
    static float[] gaussian(long[] shape, long seed) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        Random rng = new Random(seed);
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return v;
    }

    static double maxAbsDiff(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }

    /** One engine's batch-1 call, returning the output values (ONNX Runtime may throw). */
    @FunctionalInterface
    interface Call {
        float[] run() throws OrtException;
    }
}
