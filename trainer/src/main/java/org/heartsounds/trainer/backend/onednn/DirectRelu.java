package org.heartsounds.trainer.backend.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;

import java.util.HashMap;
import java.util.Map;
import org.bytedeco.dnnl.eltwise_backward;
import org.bytedeco.dnnl.eltwise_forward;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ReLU forward ({@code max(x, 0)}) and backward ({@code x > 0 ? dy : 0}) as oneDNN's vectorised eltwise primitives,
 * for one layer: libnd4j's ReLU gradient op evaluates a {@code std::function} per element. An element-wise op does not
 * care about layout, so every array is described as one flat run of floats; primitives are kept per length. Not
 * thread-safe (one per layer, like the other direct helpers).
 */
public final class DirectRelu {
    private final Dnnl dnnl;
    private final Map<Long, Plan> plans = new HashMap<>();

    private DirectRelu(Dnnl dnnl) {
        this.dnnl = dnnl;
    }

    /** A ReLU for one layer, or null when oneDNN is not available. */
    public static DirectRelu create() {
        return Dnnl.available() ? new DirectRelu(Dnnl.get()) : null;
    }

    /**
     * Whether {@code a} is DL4J's ReLU without a maximum, threshold or negative slope (what ReLU layers, the fused
     * inference post-ops and this class compute); the one test every fast path uses.
     */
    public static boolean isPlain(org.nd4j.linalg.activations.IActivation a) {
        return a != null && a.getClass() == org.nd4j.linalg.activations.impl.ActivationReLU.class
                && a.equals(new org.nd4j.linalg.activations.impl.ActivationReLU());
    }

    /** Whether these arrays can be handed to oneDNN as they are: dense float, same length. */
    public static boolean covers(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (!Dnnl.dense(a) || a.length() != arrays[0].length()) {
                return false;
            }
        }
        return true;
    }

    /** {@code out = max(x, 0)}. */
    public void forward(INDArray x, INDArray out) {
        Plan p = plan(x.length());
        try (Dnnl.Args args = new Dnnl.Args()) {
            args.bind(DNNL_ARG_SRC, p.src, x).bind(DNNL_ARG_DST, p.dst, out);
            p.forward.execute(dnnl.stream, args.map);
        }
    }

    /** {@code out = x > 0 ? dy : 0} (the gradient with respect to the ReLU's input {@code x}). */
    public void backward(INDArray x, INDArray dy, INDArray out) {
        Plan p = plan(x.length());
        try (Dnnl.Args args = new Dnnl.Args()) {
            args.bind(DNNL_ARG_SRC, p.src, x).bind(DNNL_ARG_DIFF_DST, p.diffDst, dy)
                    .bind(DNNL_ARG_DIFF_SRC, p.diffSrc, out);
            p.backward.execute(dnnl.stream, args.map);
        }
    }

    private Plan plan(long length) {
        return plans.computeIfAbsent(length, n -> new Plan(dnnl, n));
    }

    private static final class Plan {
        final eltwise_forward forward;
        final eltwise_backward backward;
        final memory src;
        final memory dst;
        final memory diffDst;
        final memory diffSrc;

        Plan(Dnnl dnnl, long length) {
            memory.desc flat = Dnnl.desc(new long[] {length}, memory.format_tag.a);
            int relu = algorithm.eltwise_relu.value;
            eltwise_forward.primitive_desc fpd = new eltwise_forward.primitive_desc(new eltwise_forward.desc(
                    prop_kind.forward_training.value, relu, flat, 0f, 0f), dnnl.engine);
            forward = new eltwise_forward(fpd);
            backward = new eltwise_backward(new eltwise_backward.primitive_desc(
                    new eltwise_backward.desc(relu, flat, flat, 0f, 0f), dnnl.engine, fpd));
            src = dnnl.user(flat);
            dst = dnnl.user(flat);
            diffDst = dnnl.user(flat);
            diffSrc = dnnl.user(flat);
        }
    }
}
