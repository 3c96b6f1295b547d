package org.heartsounds.bench.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.ElementWiseVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.heartsounds.trainer.backend.OneDnnHelpers;
import org.heartsounds.trainer.model.ResNet18;
import org.heartsounds.trainer.optim.FusedAdamUpdater;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Where one DL4J training step of the project's ResNet-18 spends its time, vertex by vertex, forward and backward.
 *
 * <p>Written by hand: DL4J has no per-layer profiler. The whole step is {@code graph.fit} on one random batch
 * (median of {@code steps} after warm-up). Each vertex is then driven on its own, in topological order, with the
 * inputs that {@code graph.feedForward(x, true)} computed for it: forward is {@code doForward(true)} (training mode:
 * BatchNorm on batch statistics), backward is {@code doBackward} after an untimed forward, with a random epsilon
 * shaped like the vertex's output (the cost does not depend on its values). The output layer's backward is the
 * loss gradient (softmax + cross-entropy) and the fully connected layer's backward. The Adam update (updater plus
 * subtracting the update from the parameters) is timed on its own. Every vertex time is the median of
 * {@code steps} repeats after one warm-up, each repeat inside a workspace that learnt its size in the warm-up, as
 * {@code fit} allocates from workspaces (without them, allocating and zeroing outputs made ReLU and the residual add
 * look several times slower than they are: measured at 128 px, the vertices then summed to twice the step).
 * "Rest" = step − vertices − updater is what the step spends elsewhere (workspace bookkeeping, score, gradient
 * flattening, listeners); it can come out negative when the machine is busy.
 */
public final class LayerProfiler {
    private static final long SEED = 42;
    private static final String FORWARD_WORKSPACE = "LayerProfiler-forward";
    private static final String BACKWARD_WORKSPACE = "LayerProfiler-backward";
    /** Learns its size in the first (warm-up) run, then reuses one block, as {@code fit}'s workspaces do. */
    private static final WorkspaceConfiguration WORKSPACE = WorkspaceConfiguration.builder()
            .initialSize(0).overallocationLimit(0.05).policyAllocation(AllocationPolicy.OVERALLOCATE)
            .policyLearning(LearningPolicy.FIRST_LOOP).policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE).build();
    private static final LayerWorkspaceMgr FORWARD_MGR = allIn(FORWARD_WORKSPACE);
    private static final LayerWorkspaceMgr BACKWARD_MGR = allIn(BACKWARD_WORKSPACE);

    private LayerProfiler() {
    }

    /** The parts a step is split into, named as in the profile table. */
    public enum Part {
        CONV("conv"), BATCH_NORM("BatchNorm"), RELU("ReLU"), ADD("residual add"), MAX_POOL("max pool"),
        AVG_POOL("global avg pool"), FC_LOSS("fc+softmax+loss"), OTHER("other vertices");

        private final String label;

        Part(String label) {
            this.label = label;
        }

        /** The name printed in the table. */
        public String label() {
            return label;
        }
    }

    /** What to profile; {@code steps} is both the number of timed whole steps and of repeats per vertex. */
    public record Settings(int size, int batch, int classes, int warmup, int steps, boolean helpers) {
        public Settings {
            if (size < ResNet18.MIN_INPUT_SIZE || size > ResNet18.MAX_INPUT_SIZE) {
                throw new IllegalArgumentException("size must be in [" + ResNet18.MIN_INPUT_SIZE + ", "
                        + ResNet18.MAX_INPUT_SIZE + "], got " + size);
            }
            if (batch < 1 || classes < 2 || warmup < 0 || steps < 1) {
                throw new IllegalArgumentException("need batch >= 1, classes >= 2, warmup >= 0, steps >= 1; got "
                        + batch + ", " + classes + ", " + warmup + ", " + steps);
            }
        }
    }

    /** One vertex: its name, kind (layer or vertex class), part, and median forward and backward milliseconds. */
    public record VertexTime(String name, String kind, Part part, double forwardMs, double backwardMs) {
        /** Forward plus backward. */
        public double totalMs() {
            return forwardMs + backwardMs;
        }
    }

    /** The vertices of one part summed. */
    public record PartTime(Part part, int vertices, double forwardMs, double backwardMs) {
        /** Forward plus backward. */
        public double totalMs() {
            return forwardMs + backwardMs;
        }
    }

    /**
     * A measured profile: the median whole step, the median Adam update, each vertex (topological order), the helper
     * coverage and the backend description.
     */
    public record Profile(Settings settings, double stepMs, double updaterMs, List<VertexTime> vertices,
                          OneDnnHelpers.Coverage coverage, String backend) {
        public Profile {
            vertices = List.copyOf(vertices);
        }

        /** Every part, in {@link Part} order, with the sum of its vertices (zero when it has none). */
        public List<PartTime> parts() {
            Map<Part, double[]> sums = new EnumMap<>(Part.class);
            for (Part p : Part.values()) {
                sums.put(p, new double[3]);
            }
            for (VertexTime v : vertices) {
                double[] s = sums.get(v.part());
                s[0]++;
                s[1] += v.forwardMs();
                s[2] += v.backwardMs();
            }
            List<PartTime> parts = new ArrayList<>();
            sums.forEach((p, s) -> parts.add(new PartTime(p, (int) s[0], s[1], s[2])));
            return parts;
        }

        /** Sum over all vertices of forward plus backward. */
        public double vertexTotalMs() {
            return vertices.stream().mapToDouble(VertexTime::totalMs).sum();
        }

        /** Whole step minus vertices minus updater (see the class comment; can be negative). */
        public double restMs() {
            return stepMs - vertexTotalMs() - updaterMs;
        }

        /** Images per second of the whole step. */
        public double imagesPerSecond() {
            return settings.batch() * 1000.0 / stepMs;
        }

        /** The {@code n} vertices with the largest forward plus backward time, largest first. */
        public List<VertexTime> top(int n) {
            return vertices.stream().sorted(Comparator.comparingDouble(VertexTime::totalMs).reversed())
                    .limit(n).toList();
        }
    }

    /** Builds ResNet-18 (Adam 1e-3) with the helpers as {@code s.helpers()} says and profiles it. */
    public static Profile run(Settings s) {
        String[] backend = new String[1];
        ComputationGraph graph = OneDnnHelpers.build(s.helpers(), () -> {
            backend[0] = OneDnnHelpers.describe();
            return ResNet18.builder().setNumClasses(s.classes()).optInputSize(s.size()).optSeed(SEED)
                    .optUpdater(new Adam(1e-3)).build();
        });
        if (s.helpers()) {
            FusedAdamUpdater.install(graph);
        }
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(SEED);
        INDArray x = Nd4j.rand(Nd4j.createUninitialized(DataType.FLOAT, s.batch(), 3, s.size(), s.size()), rng);
        INDArray y = oneHot(s.batch(), s.classes());
        return profile(graph, x, y, s, backend[0]);
    }

    /** Labels {@code i % classes} for example {@code i}, one-hot. */
    static INDArray oneHot(int batch, int classes) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, classes);
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, i % classes, 1.0);
        }
        return y;
    }

    /** Profiles {@code graph} (one input, one output) on the batch {@code x}, {@code y}. */
    static Profile profile(ComputationGraph graph, INDArray x, INDArray y, Settings s, String backend) {
        DataSet batch = new DataSet(x, y);
        for (int i = 0; i < s.warmup(); i++) {
            graph.fit(batch);
        }
        double[] steps = new double[s.steps()];
        for (int i = 0; i < steps.length; i++) {
            long start = System.nanoTime();
            graph.fit(batch);
            steps[i] = millisSince(start);
        }
        double updater = updaterMs(graph, x, y, s);

        Map<String, INDArray> activations = graph.feedForward(x, true);
        List<VertexTime> times = new ArrayList<>();
        for (int index : graph.topologicalSortOrder()) {
            GraphVertex v = graph.getVertices()[index];
            if (v.isInputVertex()) {
                continue;
            }
            INDArray[] inputs = inputsOf(graph, v, activations);
            if (v.isOutputVertex() && v.getLayer() instanceof IOutputLayer out) {
                out.setLabels(y);
            }
            double[] forward = new double[s.steps()];
            long[] shape = null;
            DataType type = null;
            for (int i = -1; i < forward.length; i++) { // i = -1: warm-up, and the workspace learns its size
                try (MemoryWorkspace ws = open(FORWARD_WORKSPACE)) {
                    long start = System.nanoTime();
                    INDArray output = forward(v, inputs, FORWARD_MGR);
                    if (i >= 0) {
                        forward[i] = millisSince(start);
                    }
                    shape = output.shape();
                    type = output.dataType();
                }
            }
            INDArray epsilon = Nd4j.rand(type, shape);
            double[] backward = new double[s.steps()];
            for (int i = -1; i < backward.length; i++) {
                try (MemoryWorkspace ws = open(BACKWARD_WORKSPACE)) {
                    forward(v, inputs, BACKWARD_MGR);
                    if (!v.isOutputVertex()) {
                        v.setEpsilon(epsilon);
                    }
                    long start = System.nanoTime();
                    v.doBackward(false, BACKWARD_MGR);
                    if (i >= 0) {
                        backward[i] = millisSince(start);
                    }
                }
            }
            destroy(FORWARD_WORKSPACE);
            destroy(BACKWARD_WORKSPACE);
            v.clear();
            times.add(new VertexTime(v.getVertexName(), kind(v), partOf(v), median(forward), median(backward)));
        }
        destroy(FORWARD_WORKSPACE);
        graph.clearLayersStates();
        return new Profile(s, median(steps), updater, times, OneDnnHelpers.active(graph), backend);
    }

    /**
     * Each non-input vertex driven on its own in training mode on the inputs {@code feedForward(x, true)} gave it:
     * its output by vertex name. Used to check that the per-vertex driving computes what the graph computes.
     */
    static Map<String, INDArray> vertexOutputs(ComputationGraph graph, INDArray x) {
        Map<String, INDArray> activations = graph.feedForward(x, true);
        Map<String, INDArray> outputs = new LinkedHashMap<>();
        for (int index : graph.topologicalSortOrder()) {
            GraphVertex v = graph.getVertices()[index];
            if (v.isInputVertex()) {
                continue;
            }
            try (MemoryWorkspace ws = open(FORWARD_WORKSPACE)) {
                outputs.put(v.getVertexName(), forward(v, inputsOf(graph, v, activations), FORWARD_MGR).detach());
            }
            v.clear();
        }
        return outputs;
    }

    /** A workspace manager that puts every kind of array into the workspace {@code id}. */
    private static LayerWorkspaceMgr allIn(String id) {
        LayerWorkspaceMgr.Builder b = LayerWorkspaceMgr.builder();
        for (ArrayType t : ArrayType.values()) {
            b.with(t, id, WORKSPACE);
        }
        return b.build();
    }

    private static MemoryWorkspace open(String id) {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, id);
    }

    private static void destroy(String id) {
        MemoryWorkspace ws = Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(WORKSPACE, id);
        Nd4j.getWorkspaceManager().destroyWorkspace(ws);
    }

    /**
     * One forward pass of {@code v} in training mode, as the graph runs it: a layer vertex first passes its input
     * through its preprocessor (if any) to its layer.
     */
    private static INDArray forward(GraphVertex v, INDArray[] inputs, LayerWorkspaceMgr mgr) {
        v.setInputs(inputs);
        if (v instanceof LayerVertex layer) {
            layer.applyPreprocessorAndSetInput(mgr);
        }
        return v.doForward(true, mgr);
    }

    /** Median milliseconds of an Adam update of all parameters: updater, then parameters minus the update. */
    private static double updaterMs(ComputationGraph graph, INDArray x, INDArray y, Settings s) {
        graph.setInputs(x);
        graph.setLabels(y);
        graph.computeGradientAndScore();
        Gradient gradient = graph.gradient();
        int iteration = graph.getConfiguration().getIterationCount();
        double[] times = new double[s.steps()];
        for (int i = -1; i < times.length; i++) {
            long start = System.nanoTime();
            graph.getUpdater().update(gradient, iteration, 0, s.batch(), LayerWorkspaceMgr.noWorkspaces());
            INDArray params = graph.params();
            params.subi(graph.getFlattenedGradients().reshape(params.shape()));
            if (i >= 0) {
                times[i] = millisSince(start);
            }
        }
        graph.clearLayersStates();
        return median(times);
    }

    private static INDArray[] inputsOf(ComputationGraph graph, GraphVertex v, Map<String, INDArray> activations) {
        List<String> names = graph.getConfiguration().getVertexInputs().get(v.getVertexName());
        INDArray[] inputs = new INDArray[names.size()];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = activations.get(names.get(i));
            if (inputs[i] == null) {
                throw new IllegalStateException("no activation for " + names.get(i) + ", input of "
                        + v.getVertexName());
            }
        }
        return inputs;
    }

    /** The layer configuration's class name, or the vertex's for vertices without a layer. */
    static String kind(GraphVertex v) {
        return v.hasLayer() ? v.getLayer().conf().getLayer().getClass().getSimpleName()
                : v.getClass().getSimpleName();
    }

    /** Which part a vertex belongs to, from its layer configuration or vertex class. */
    static Part partOf(GraphVertex v) {
        if (!v.hasLayer()) {
            return v instanceof ElementWiseVertex ? Part.ADD : Part.OTHER;
        }
        Layer conf = v.getLayer().conf().getLayer();
        if (conf instanceof ConvolutionLayer) {
            return Part.CONV;
        } else if (conf instanceof BatchNormalization) {
            return Part.BATCH_NORM;
        } else if (conf instanceof ActivationLayer) {
            return Part.RELU;
        } else if (conf instanceof SubsamplingLayer sub) {
            return sub.getPoolingType() == PoolingType.MAX ? Part.MAX_POOL : Part.OTHER;
        } else if (conf instanceof GlobalPoolingLayer global) {
            return global.getPoolingType() == PoolingType.AVG ? Part.AVG_POOL : Part.OTHER;
        } else if (conf instanceof BaseOutputLayer || conf instanceof DenseLayer) {
            return Part.FC_LOSS;
        }
        return Part.OTHER;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}
