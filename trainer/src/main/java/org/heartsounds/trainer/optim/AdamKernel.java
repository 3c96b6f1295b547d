package org.heartsounds.trainer.optim;

import java.nio.FloatBuffer;

/**
 * One fused pass of DL4J's Adam over a range of parameters, written by hand because neither ND4J nor libnd4j has it:
 * DL4J runs the same arithmetic as four or more separate whole-array operations (gradient divided by the minibatch,
 * the {@code adam_updater} op per updater block, weight decay as an {@code axpy} per parameter, and the parameters
 * minus the update), each reading and writing the arrays again. Here each element is read once and written once:
 *
 * <pre>
 *   g = gradient / batch                      (only where DL4J divides by the minibatch)
 *   m = beta1 * m + g * (1 - beta1)
 *   v = beta2 * v + g * g * (1 - beta2)
 *   u = m * alphaT / (sqrt(v) + epsilon)      alphaT = lr * sqrt(1 - beta2^t) / (1 - beta1^t), t = iteration + 1
 *   u = decay * param + u                     (WeightDecay, decay = coefficient [* lr])
 *   gradient = u                              (DL4J's step then subtracts it from the parameters)
 * </pre>
 *
 * in {@code float}, in the order libnd4j's {@code adam_updater} and DL4J's {@code WeightDecay} compute it.
 */
final class AdamKernel {
    private AdamKernel() {
    }

    /** The constants of one step for one run of parameters. */
    record Step(float divisor, float beta1, float beta2, float alphaT, float epsilon, float decay) {
        /**
         * libnd4j's constants for iteration {@code iteration} (0-based); {@code alphaT} falls back to epsilon when it
         * is not finite or zero, as libnd4j does.
         */
        static Step of(double learningRate, double beta1, double beta2, double epsilon, int iteration, float divisor,
                       float decay) {
            float b1 = (float) beta1;
            float b2 = (float) beta2;
            float eps = epsilon == 0 ? 1e-7f : (float) epsilon;
            float t = (float) iteration + 1f;
            float b1t = (float) Math.pow(b1, t);
            float b2t = (float) Math.pow(b2, t);
            float alphaT = (float) ((float) learningRate * (float) Math.sqrt(1.0 - b2t) / (1.0 - b1t));
            if (Float.isNaN(alphaT) || Float.isInfinite(alphaT) || alphaT == 0f) {
                alphaT = eps;
            }
            return new Step(divisor, b1, b2, alphaT, eps, decay);
        }
    }

    /** Elements per pass of the vectorised loop: four such float arrays fit a core's L2 cache with room to spare. */
    static final int TILE = 4096;
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[4][TILE]);

    /**
     * Elements {@code [from, to)} of one run: gradient, parameters, first and second moments at their own offsets
     * ({@code g[gradient + i]}, {@code p[param + i]}, {@code m[first + i]}, {@code v[second + i]}). The native
     * buffers are copied tile by tile into heap arrays (bulk copies) so that HotSpot's C2 compiles the arithmetic
     * into SIMD instructions, which it does for array loops but not for buffer accesses.
     */
    static void apply(Step s, FloatBuffer g, int gradient, FloatBuffer p, int param, FloatBuffer m, int first,
                      FloatBuffer v, int second, int from, int to) {
        float[][] scratch = SCRATCH.get();
        float[] gs = scratch[0];
        float[] ms = scratch[1];
        float[] vs = scratch[2];
        float[] ps = scratch[3];
        boolean decayed = s.decay() != 0f;
        for (int start = from; start < to; start += TILE) {
            int n = Math.min(TILE, to - start);
            g.get(gradient + start, gs, 0, n);
            m.get(first + start, ms, 0, n);
            v.get(second + start, vs, 0, n);
            if (decayed) {
                p.get(param + start, ps, 0, n);
            }
            tile(s, gs, ms, vs, ps, n, decayed);
            g.put(gradient + start, gs, 0, n);
            m.put(first + start, ms, 0, n);
            v.put(second + start, vs, 0, n);
        }
    }

    /** The arithmetic on one tile, in place: {@code gs} becomes the update, {@code ms} and {@code vs} the moments. */
    static void tile(Step s, float[] gs, float[] ms, float[] vs, float[] ps, int n, boolean decayed) {
        final float b1 = s.beta1();
        final float b2 = s.beta2();
        final float c1 = 1f - b1;
        final float c2 = 1f - b2;
        final float alpha = s.alphaT();
        final float eps = s.epsilon();
        final float divisor = s.divisor();
        final float decay = s.decay();
        if (divisor != 1f) {
            for (int i = 0; i < n; i++) {
                gs[i] = gs[i] / divisor;
            }
        }
        for (int i = 0; i < n; i++) {
            float gi = gs[i];
            float mi = b1 * ms[i] + gi * c1;
            float vi = b2 * vs[i] + gi * gi * c2;
            ms[i] = mi;
            vs[i] = vi;
            gs[i] = (mi * alpha) / ((float) Math.sqrt(vi) + eps);
        }
        if (decayed) {
            for (int i = 0; i < n; i++) {
                gs[i] = decay * ps[i] + gs[i];
            }
        }
    }

    /** {@code g[gradient + i] /= divisor} for {@code i} in {@code [from, to)}: a run DL4J divides but does not Adam. */
    static void divide(FloatBuffer g, int gradient, float divisor, int from, int to) {
        for (int i = from; i < to; i++) {
            g.put(gradient + i, g.get(gradient + i) / divisor);
        }
    }
}
