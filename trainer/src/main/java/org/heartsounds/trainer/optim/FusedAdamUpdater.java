package org.heartsounds.trainer.optim;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.api.Trainable;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.heartsounds.trainer.backend.NativeThreads;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

/**
 * A {@link ComputationGraphUpdater} that computes DL4J's Adam update (minibatch division, Adam, weight decay) in one
 * pass over the parameters ({@link AdamKernel}) instead of DL4J's several whole-array operations per updater block,
 * split over the native thread count. It is the updater DL4J's own solver calls; the network stays a plain
 * {@link ComputationGraph} with DL4J's {@code Adam} configuration and updater state (same layout, saved and restored
 * by {@code ModelSerializer}), and the parameters are still updated by DL4J's step function.
 *
 * <p>Only what it computes exactly like DL4J is fused: every updater block {@code Adam} or {@code NoOp}, no gradient
 * normalisation, no regularisation other than {@code WeightDecay}, float parameters on the CPU backend. For any other
 * network (or an external gradient) it hands the call to DL4J's own {@link ComputationGraphUpdater#update}; {@link
 * #install} says which.
 */
public final class FusedAdamUpdater extends ComputationGraphUpdater {
    /** System property that, set to {@code false}, keeps DL4J's own updater. */
    public static final String PROPERTY = "heartsounds.fused.adam";
    private static final int CHUNK = 1 << 15;
    private static ForkJoinPool pool;

    private final Plan plan;

    /** A run of parameters of one variable: where its gradient, parameters and Adam moments lie. */
    private record Run(int gradient, int length, Adam adam, int first, int second, boolean divide,
                       List<WeightDecay> decays) {
        boolean adamRun() {
            return adam != null;
        }
    }

    /** A slice of a run, the unit of work of one thread. */
    private record Chunk(int run, int from, int to) {
    }

    private record Plan(List<Run> runs, List<Chunk> chunks, String refusal) {
    }

    private FusedAdamUpdater(ComputationGraph graph, INDArray state) {
        super(graph, state);
        this.plan = plan();
    }

    /**
     * Gives {@code graph} a fused updater holding its current updater state (the same array, not a copy), unless
     * {@value #PROPERTY} is {@code false}, the backend is not the CPU or the network has something it does not fuse.
     * Returns one line saying which.
     */
    public static String install(ComputationGraph graph) {
        Objects.requireNonNull(graph, "graph");
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"))) {
            return "updater: DL4J's (" + PROPERTY + "=false)";
        }
        if (!Nd4j.getBackend().getClass().getSimpleName().startsWith("Cpu")) {
            return "updater: DL4J's (the fused Adam runs on the CPU backend only)";
        }
        ComputationGraphUpdater current = graph.getUpdater(true);
        if (current instanceof FusedAdamUpdater fused) {
            return fused.describe();
        }
        FusedAdamUpdater fused = new FusedAdamUpdater(graph, current == null ? null : current.getStateViewArray());
        if (fused.plan.refusal() != null) {
            return fused.describe();
        }
        graph.setUpdater(fused);
        return fused.describe();
    }

    /** Whether {@link #update} fuses this network's update; otherwise {@link #describe()} says why not. */
    public boolean fused() {
        return plan.refusal() == null;
    }

    /** One line: fused over how many parameters, or why DL4J's updater is kept. */
    public String describe() {
        if (plan.refusal() != null) {
            return "updater: DL4J's (" + plan.refusal() + ")";
        }
        long adam = plan.runs().stream().filter(Run::adamRun).mapToLong(Run::length).sum();
        return String.format(Locale.ROOT, "updater: fused Adam over %d parameters in %d runs", adam,
                plan.runs().stream().filter(Run::adamRun).count());
    }

    @Override
    public synchronized void update(Gradient gradient, int iteration, int epoch, int batchSize,
                                    LayerWorkspaceMgr workspaceMgr) {
        INDArray view = getFlattenedGradientsView();
        if (plan.refusal() != null || !sameMemory(gradient.gradient(), view)) {
            super.update(gradient, iteration, epoch, batchSize, workspaceMgr);
            return;
        }
        FloatBuffer g = floats(view);
        FloatBuffer p = floats(getParams());
        FloatBuffer state = updaterStateViewArray == null ? null : floats(updaterStateViewArray);
        List<Run> runs = plan.runs();
        AdamKernel.Step[] steps = new AdamKernel.Step[runs.size()];
        float divisor = isMiniBatch() ? batchSize : 1f;
        for (int i = 0; i < steps.length; i++) {
            Run r = runs.get(i);
            float d = r.divide() ? divisor : 1f;
            if (r.adamRun()) {
                Adam a = r.adam();
                double lr = a.getLearningRate(iteration, epoch);
                float decay = 0f;
                for (WeightDecay wd : r.decays()) { // DL4J applies each in turn: update += scale * param
                    double scale = wd.getCoeff().valueAt(iteration, epoch);
                    decay += (float) (wd.isApplyLR() ? scale * lr : scale);
                }
                steps[i] = AdamKernel.Step.of(lr, a.getBeta1(), a.getBeta2(), a.getEpsilon(), iteration, d, decay);
            } else {
                steps[i] = new AdamKernel.Step(d, 0, 0, 0, 0, 0);
            }
        }
        Runnable all = () -> IntStream.range(0, plan.chunks().size()).parallel().forEach(c -> {
            Chunk chunk = plan.chunks().get(c);
            Run r = runs.get(chunk.run());
            AdamKernel.Step s = steps[chunk.run()];
            if (r.adamRun()) {
                AdamKernel.apply(s, g, r.gradient(), p, r.gradient(), state, r.first(), state, r.second(),
                        chunk.from(), chunk.to());
            } else {
                AdamKernel.divide(g, r.gradient(), s.divisor(), chunk.from(), chunk.to());
            }
        });
        pool(NativeThreads.current()).submit(all).join();
    }

    /**
     * Whether {@code g} is the network's flattened gradient, possibly reshaped: DL4J M2.1's ComputationGraph hands the
     * updater a reshaped view, which DL4J's own updater then treats as an external gradient.
     */
    private static boolean sameMemory(INDArray g, INDArray view) {
        return g != null && view != null && (g == view || (g.data().address() == view.data().address()
                && g.offset() == view.offset() && g.length() == view.length() && g.elementWiseStride() == 1
                && view.elementWiseStride() == 1));
    }

    /** The runs to compute, or the reason this network is left to DL4J. */
    private Plan plan() {
        List<Run> runs = new ArrayList<>();
        INDArray params = getParams();
        if (params == null || params.dataType() != DataType.FLOAT || getFlattenedGradientsView() == null
                || getFlattenedGradientsView().dataType() != DataType.FLOAT) {
            return new Plan(List.of(), List.of(), "parameters are not float");
        }
        for (Trainable t : getOrderedLayers()) {
            GradientNormalization n = t.getConfig() == null ? null : t.getConfig().getGradientNormalization();
            if (t.numParams() > 0 && n != null && n != GradientNormalization.None) {
                return new Plan(List.of(), List.of(), "gradient normalisation " + n + " on "
                        + t.getConfig().getLayerName());
            }
        }
        for (UpdaterBlock block : updaterBlocks) {
            IUpdater config = block.getGradientUpdater().getConfig();
            boolean adam = config.getClass() == Adam.class;
            if (!adam && config.getClass() != NoOp.class) {
                return new Plan(List.of(), List.of(), "updater " + config.getClass().getSimpleName());
            }
            int blockLength = block.getParamOffsetEnd() - block.getParamOffsetStart();
            for (UpdaterBlock.ParamState ps : block.getLayersAndVariablesInBlock()) {
                Trainable layer = ps.getLayer();
                String name = ps.getParamName();
                List<WeightDecay> decays = new ArrayList<>();
                List<Regularization> regs = layer.getConfig().getRegularizationByParam(name);
                for (Regularization reg : regs == null ? List.<Regularization>of() : regs) {
                    if (!(reg instanceof WeightDecay wd) || !adam) {
                        return new Plan(List.of(), List.of(), "regularisation " + reg.getClass().getSimpleName()
                                + " on " + layer.getConfig().getLayerName() + "_" + name);
                    }
                    decays.add(wd);
                }
                int length = ps.getParamOffsetEnd() - ps.getParamOffsetStart();
                int within = ps.getParamOffsetStart() - block.getParamOffsetStart();
                boolean divide = isMiniBatch() && layer.updaterDivideByMinibatch(name);
                if (length == 0 || (!adam && !divide)) {
                    continue;
                }
                int first = adam ? block.getUpdaterViewOffsetStart() + within : 0;
                int second = adam ? block.getUpdaterViewOffsetStart() + blockLength + within : 0;
                runs.add(new Run(ps.getParamOffsetStart(), length, adam ? (Adam) config : null, first, second,
                        divide, List.copyOf(decays)));
            }
        }
        List<Chunk> chunks = new ArrayList<>();
        for (int r = 0; r < runs.size(); r++) {
            for (int from = 0; from < runs.get(r).length(); from += CHUNK) {
                chunks.add(new Chunk(r, from, Math.min(runs.get(r).length(), from + CHUNK)));
            }
        }
        return new Plan(List.copyOf(runs), List.copyOf(chunks), null);
    }

    /** The array's elements as a float buffer starting at its first element (contiguous arrays only). */
    private static FloatBuffer floats(INDArray a) {
        if (a.elementWiseStride() != 1 && a.length() > 1) {
            throw new IllegalStateException("updater arrays must be contiguous");
        }
        FloatPointer pointer = new FloatPointer(a.data().addressPointer());
        long n = a.offset() + a.length();
        return pointer.position(0).limit(n).capacity(n).asBuffer().position((int) a.offset()).slice();
    }

    private static synchronized ForkJoinPool pool(int threads) {
        int size = Math.max(1, threads);
        if (pool == null || pool.getParallelism() != size) {
            pool = new ForkJoinPool(size);
        }
        return pool;
    }
}
