package org.heartsounds.bench.infer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heartsounds.core.BadInputException;
import org.heartsounds.evaluation.model.OrtModel;
import org.heartsounds.trainer.backend.OneDnnHelpers;
import org.heartsounds.trainer.imports.ImportedOnnxGraph;
import org.heartsounds.trainer.imports.OnnxGraphImporter;
import org.heartsounds.trainer.inference.InferenceGraphOptimizer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch-1 latency of one ONNX model in three engines (and optionally DL4J variants) on the same seeded
 * standard-normal input: ONNX Runtime, DL4J on
 * the graph imported with {@link OnnxGraphImporter} ("plain": {@code outputSingle} with DL4J's defaults), and DL4J on
 * that graph after {@link InferenceGraphOptimizer} ("tuned"). Warm-up calls first, then the timed calls interleaved
 * (each round calls every engine once, in a rotating order) so that a change in machine load affects all engines
 * alike. Before timing, the outputs are compared: DL4J against ONNX Runtime and tuned against plain.
 */
public final class ModelLatencyBenchmark {
    private ModelLatencyBenchmark() {
    }

    /**
     * What to measure. {@code threads}: DL4J's native threads as set by the caller, and ORT's intra-op threads.
     * {@code variants}: also time the DL4J settings the tuning was chosen from (see {@link #run}).
     */
    public record Settings(Path model, int size, int warmup, int runs, int threads, boolean helpers, long seed,
                           boolean variants) {
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

    /** One engine's latency. */
    public record Timing(String engine, LatencyStats stats) {
    }

    /**
     * Latencies and agreement.
     *
     * @param timings        ONNX Runtime, DL4J plain, DL4J tuned, then the variants if asked for
     * @param outputs        values in the model's output
     * @param plainVsOrt     max |DL4J plain - ORT| over the output
     * @param tunedVsPlain   max |DL4J tuned - DL4J plain|
     * @param variantsVsPlain max |variant - DL4J plain| over all variants (0 without variants)
     * @param tuning         what the optimiser changed ({@link InferenceGraphOptimizer.Optimized#summary()})
     * @param coverage       oneDNN helper coverage of the plain graph
     * @param backend        {@link OneDnnHelpers#describe()} while the graphs were built
     */
    public record Result(Settings settings, List<Timing> timings, long outputs, double plainVsOrt,
                         double tunedVsPlain, double variantsVsPlain, String tuning, String coverage, String backend,
                         String ortVersion) {
        public Result {
            timings = List.copyOf(timings);
        }

        public LatencyStats ort() {
            return timings.get(0).stats();
        }

        public LatencyStats plain() {
            return timings.get(1).stats();
        }

        public LatencyStats tuned() {
            return timings.get(2).stats();
        }
    }

    /**
     * The model's fixed square input side, or empty when its height and width are dynamic; bad input unless the input
     * is a square NCHW image.
     */
    public static OptionalInt fixedInputSide(Path file) throws OrtException {
        long[] shape;
        try (OrtModel ort = OrtModel.open(file, 1)) {
            shape = ort.inputShape();
        }
        if (shape.length != 4) {
            throw new BadInputException(file, "input has rank " + shape.length + "; an NCHW image input is needed");
        }
        boolean fixed = shape[2] > 0 && shape[3] > 0;
        if (fixed && shape[2] != shape[3]) {
            throw new BadInputException(file, "input is " + shape[2] + "x" + shape[3] + "; only square inputs");
        }
        return fixed ? OptionalInt.of((int) shape[2]) : OptionalInt.empty();
    }

    /** ONNX operators whose output shape follows the input's height and width without a stored constant. */
    static final java.util.Set<String> SIZE_FREE_OPS = java.util.Set.of("Conv", "BatchNormalization", "Relu",
            "MaxPool", "Add", "GlobalAveragePool", "GlobalMaxPool", "Flatten", "Gemm", "Softmax", "Sigmoid",
            "Identity");

    /**
     * The model with its fixed square input changed to {@code size} x {@code size}, for ONNX Runtime, when every
     * operator's output follows the input size (a CNN ending in global pooling, as ResNet-18 does); the stored
     * intermediate shapes are dropped so that ONNX Runtime infers them again. Bad input naming the operator otherwise.
     */
    public static byte[] resized(Path model, int size) throws IOException {
        onnx.Onnx.ModelProto m = onnx.Onnx.ModelProto.parseFrom(Files.readAllBytes(model));
        for (onnx.Onnx.NodeProto n : m.getGraph().getNodeList()) {
            if (!SIZE_FREE_OPS.contains(n.getOpType())) {
                throw new BadInputException(model, "its fixed input size cannot be changed: operator "
                        + n.getOpType() + " (" + n.getName() + ") may depend on it");
            }
        }
        onnx.Onnx.GraphProto.Builder g = m.getGraph().toBuilder().clearValueInfo();
        onnx.Onnx.TensorShapeProto.Builder shape = g.getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder()
                .getShapeBuilder();
        if (shape.getDimCount() != 4) {
            throw new BadInputException(model, "input has rank " + shape.getDimCount() + "; NCHW needed");
        }
        shape.getDimBuilder(2).setDimValue(size);
        shape.getDimBuilder(3).setDimValue(size);
        return m.toBuilder().setGraph(g).build().toByteArray();
    }

    /**
     * Imports the model into DL4J, opens it in ORT, checks agreement and times the engines. The variants, each one
     * change from plain: oneDNN helpers switched the other way, inference workspaces off, {@code output()} instead of
     * {@code outputSingle()}, {@code clearLayersStates()} after each call, the input in Fortran order, the input in
     * double precision, and BatchNorm folded but NCHW kept.
     */
    public static Result run(Settings s) throws OrtException {
        String[] backend = new String[1];
        ImportedOnnxGraph[] imported = new ImportedOnnxGraph[1];
        ComputationGraph plain = OneDnnHelpers.build(s.helpers(), () -> {
            backend[0] = OneDnnHelpers.describe();
            imported[0] = importer(s).importGraph(s.model());
            return imported[0].graph();
        });
        InferenceGraphOptimizer.Optimized tuned = InferenceGraphOptimizer.optimize(plain, s.helpers());
        long[] shape = {1, imported[0].inputShape().get(0), s.size(), s.size()};
        float[] values = gaussian(shape, s.seed());
        INDArray x = Nd4j.create(values, shape, DataType.FLOAT);

        OptionalInt fixed = fixedInputSide(s.model());
        byte[] bytes;
        try {
            bytes = fixed.isPresent() && fixed.getAsInt() != s.size() ? resized(s.model(), s.size()) : null;
        } catch (IOException e) {
            throw new BadInputException(s.model(), "cannot be read: " + e.getMessage(), e);
        }
        try (OrtModel ort = OrtModel.open(s.model(), bytes, s.threads());
             OnnxTensor tensor = ort.tensor(values, shape)) {
            Map<String, Call> engines = new LinkedHashMap<>();
            engines.put("ONNX Runtime", () -> ort.run(tensor));
            engines.put("DL4J", () -> plain.outputSingle(false, x).data().asFloat());
            engines.put("DL4J tuned", () -> tuned.output(x).data().asFloat());
            if (s.variants()) {
                addVariants(engines, s, plain, x);
            }
            Map<String, float[]> outputs = new LinkedHashMap<>();
            for (Map.Entry<String, Call> e : engines.entrySet()) {
                outputs.put(e.getKey(), e.getValue().run());
            }
            float[] p = outputs.get("DL4J");
            double variants = 0;
            for (Map.Entry<String, float[]> e : outputs.entrySet()) {
                if (e.getValue().length != p.length) {
                    throw new IllegalStateException("output sizes differ: " + e.getKey() + " " + e.getValue().length
                            + ", DL4J " + p.length);
                }
                if (!List.of("ONNX Runtime", "DL4J", "DL4J tuned").contains(e.getKey())) {
                    variants = Math.max(variants, maxAbsDiff(e.getValue(), p));
                }
            }
            List<LatencyStats> stats = interleave(List.copyOf(engines.values()), s.warmup(), s.runs());
            List<Timing> timings = new ArrayList<>();
            int i = 0;
            for (String name : engines.keySet()) {
                timings.add(new Timing(name, stats.get(i++)));
            }
            return new Result(s, timings, p.length, maxAbsDiff(p, outputs.get("ONNX Runtime")),
                    maxAbsDiff(outputs.get("DL4J tuned"), p), variants, tuned.summary(),
                    OneDnnHelpers.active(plain).summary(), backend[0], ort.version());
        }
    }

    private static OnnxGraphImporter importer(Settings s) {
        return OnnxGraphImporter.builder().optInputSize(s.size(), s.size()).build();
    }

    private static void addVariants(Map<String, Call> engines, Settings s, ComputationGraph plain, INDArray x) {
        ComputationGraph otherHelpers = OneDnnHelpers.build(!s.helpers(), () -> importer(s).importGraph(s.model())
                .graph());
        ComputationGraph noWorkspaces = OneDnnHelpers.build(s.helpers(), plain::clone);
        noWorkspaces.getConfiguration().setInferenceWorkspaceMode(WorkspaceMode.NONE);
        InferenceGraphOptimizer.Optimized foldedNchw = InferenceGraphOptimizer.optimize(plain, s.helpers(), false);
        INDArray fortran = x.dup('f');
        INDArray doubles = x.castTo(DataType.DOUBLE);
        engines.put("DL4J helpers " + (s.helpers() ? "off" : "on"),
                () -> otherHelpers.outputSingle(false, x).data().asFloat());
        engines.put("DL4J workspaces off", () -> noWorkspaces.outputSingle(false, x).data().asFloat());
        engines.put("DL4J output()", () -> plain.output(false, x)[0].data().asFloat());
        engines.put("DL4J + clearLayersStates", () -> {
            float[] out = plain.outputSingle(false, x).data().asFloat();
            plain.clearLayersStates();
            return out;
        });
        engines.put("DL4J f-order input", () -> plain.outputSingle(false, fortran).data().asFloat());
        engines.put("DL4J double input", () -> plain.outputSingle(false, doubles).data().asFloat());
        engines.put("DL4J BN folded, NCHW", () -> foldedNchw.output(x).data().asFloat());
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
