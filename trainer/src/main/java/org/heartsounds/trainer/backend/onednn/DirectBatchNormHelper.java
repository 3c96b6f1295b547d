package org.heartsounds.trainer.backend.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_MEAN;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_VARIANCE;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.dnnl.batch_normalization_backward;
import org.bytedeco.dnnl.batch_normalization_forward;
import org.bytedeco.dnnl.global.dnnl.normalization_flags;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.common.primitives.Pair;

/**
 * A DL4J batch-normalisation helper that calls oneDNN directly: in training, one oneDNN pass computes the batch mean
 * and (biased) variance and normalises; the backward pass is oneDNN's, with the full batch-statistics gradient.
 *
 * <p>DL4J's own oneDNN helper ({@link MKLDNNBatchNormHelper}) computes the batch mean and variance with two ND4J
 * reductions over the batch and spatial axes and then calls oneDNN with those as fixed statistics; the reductions
 * alone cost more than the whole normalisation. This helper keeps DL4J's contract: {@link #getMeanCache} and
 * {@link #getVarCache} return the batch statistics of the last training forward pass, from which the layer updates
 * its running mean and variance exactly as before. It covers NCHW (and rank-2, as N×C×1×1) float input with gamma and
 * beta; everything else goes to DL4J's helper.
 */
public final class DirectBatchNormHelper extends MKLDNNBatchNormHelper {
    private final Map<Key, Plan> plans = new HashMap<>();
    private INDArray mean;
    private INDArray var;
    private boolean ownStatistics;

    public DirectBatchNormHelper(DataType dataType) {
        super(dataType);
    }

    /** {@code dims}: logical NCHW; {@code nhwc}: whether DL4J's arrays are channels-last. */
    private record Key(long[] dims, float eps, boolean nhwc) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(dims, k.dims) && eps == k.eps && nhwc == k.nhwc;
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(dims) + Float.hashCode(eps) + (nhwc ? 1 : 0);
        }
    }

    private static boolean covers(INDArray x, INDArray gamma, INDArray beta, CNN2DFormat format) {
        return x.dataType() == DataType.FLOAT && gamma != null && beta != null
                && (x.rank() == 4 || x.rank() == 2)
                && Dnnl.dense(gamma) && Dnnl.dense(beta);
    }

    private static Key key(INDArray x, double eps, CNN2DFormat format) {
        boolean nhwc = x.rank() == 4 && format == CNN2DFormat.NHWC;
        long[] s = x.shape();
        long[] dims = x.rank() == 2 ? new long[] {s[0], s[1], 1, 1} : nhwc ? new long[] {s[0], s[3], s[1], s[2]} : s;
        return new Key(dims, (float) eps, nhwc);
    }

    @Override
    public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta,
                              INDArray globalMean, INDArray globalVar, double decay, double eps, CNN2DFormat format,
                              LayerWorkspaceMgr workspaceMgr) {
        if (!covers(x, gamma, beta, format) || !Dnnl.dense(globalMean) || !Dnnl.dense(globalVar)) {
            ownStatistics = false;
            return super.preOutput(x, training, shape, gamma, beta, globalMean, globalVar, decay, eps, format,
                    workspaceMgr);
        }
        x = Dnnl.dense(x) ? x : x.dup('c');
        Plan plan = plans.computeIfAbsent(key(x, eps, format), k -> new Plan(Dnnl.get(), k));
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, x.shape());
        if (training) {
            long c = plan.channels;
            if (mean == null || mean.length() != c) {
                try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                    mean = Nd4j.createUninitialized(DataType.FLOAT, c);
                    var = Nd4j.createUninitialized(DataType.FLOAT, c);
                }
            }
            plan.forwardTraining(x, gamma, beta, mean, var, out);
            ownStatistics = true;
        } else {
            plan.forwardInference(x, gamma, beta, globalMean, globalVar, out);
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma,
                                                     INDArray beta, INDArray dGammaView, INDArray dBetaView,
                                                     double eps, CNN2DFormat format,
                                                     LayerWorkspaceMgr workspaceMgr) {
        if (!ownStatistics || !covers(input, gamma, beta, format) || dGammaView == null
                || !Dnnl.dense(dGammaView) || !Dnnl.dense(dBetaView)) {
            return super.backpropGradient(input, epsilon, shape, gamma, beta, dGammaView, dBetaView, eps, format,
                    workspaceMgr);
        }
        input = Dnnl.dense(input) ? input : input.dup('c');
        epsilon = Dnnl.dense(epsilon) ? epsilon : epsilon.dup('c');
        Plan plan = plans.computeIfAbsent(key(input, eps, format), k -> new Plan(Dnnl.get(), k));
        INDArray epsAtInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT,
                input.shape());
        plan.backward(input, epsilon, gamma, beta, mean, var, epsAtInput, dGammaView, dBetaView);
        Gradient g = new DefaultGradient();
        g.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
        g.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
        return new Pair<>(g, epsAtInput);
    }

    @Override
    public INDArray getMeanCache(DataType dataType) {
        return ownStatistics ? mean : super.getMeanCache(dataType);
    }

    @Override
    public INDArray getVarCache(DataType dataType) {
        return ownStatistics ? var : super.getVarCache(dataType);
    }

    /** The primitives for one input shape: forward training, forward inference, backward. */
    private static final class Plan {
        private final Dnnl dnnl;
        final long channels;
        private final batch_normalization_forward training;
        private final batch_normalization_forward inference;
        private final batch_normalization_backward backward;
        private final memory src;
        private final memory dst;
        private final memory diffDst;
        private final memory diffSrc;
        private final memory mean;
        private final memory var;
        private final memory scale;
        private final memory shift;
        private final memory diffScale;
        private final memory diffShift;

        Plan(Dnnl dnnl, Key k) {
            this.dnnl = dnnl;
            channels = k.dims()[1];
            memory.desc data = Dnnl.desc(k.dims(), k.nhwc() ? memory.format_tag.nhwc : memory.format_tag.nchw);
            memory.desc perChannel = Dnnl.desc(new long[] {k.dims()[1]}, memory.format_tag.a);
            int scaleShift = normalization_flags.use_scale.value | normalization_flags.use_shift.value;
            var tpd = new batch_normalization_forward.primitive_desc(new batch_normalization_forward.desc(
                    prop_kind.forward_training.value, data, k.eps(), scaleShift), dnnl.engine);
            training = new batch_normalization_forward(tpd);
            var ipd = new batch_normalization_forward.primitive_desc(new batch_normalization_forward.desc(
                    prop_kind.forward_inference.value, data, k.eps(),
                    scaleShift | normalization_flags.use_global_stats.value), dnnl.engine);
            inference = new batch_normalization_forward(ipd);
            var bpd = new batch_normalization_backward.primitive_desc(new batch_normalization_backward.desc(
                    prop_kind.backward.value, data, data, k.eps(), scaleShift), dnnl.engine, tpd);
            backward = new batch_normalization_backward(bpd);
            src = dnnl.user(data);
            dst = dnnl.user(data);
            diffDst = dnnl.user(data);
            diffSrc = dnnl.user(data);
            mean = dnnl.user(perChannel);
            var = dnnl.user(perChannel);
            scale = dnnl.user(perChannel);
            shift = dnnl.user(perChannel);
            diffScale = dnnl.user(perChannel);
            diffShift = dnnl.user(perChannel);
        }

        void forwardTraining(INDArray x, INDArray gamma, INDArray beta, INDArray m, INDArray v, INDArray out) {
            run(training, x, gamma, beta, m, v, out);
        }

        void forwardInference(INDArray x, INDArray gamma, INDArray beta, INDArray m, INDArray v, INDArray out) {
            run(inference, x, gamma, beta, m, v, out);
        }

        private void run(batch_normalization_forward p, INDArray x, INDArray gamma, INDArray beta, INDArray m,
                         INDArray v, INDArray out) {
            try (Dnnl.Args args = new Dnnl.Args()) {
                args.bind(DNNL_ARG_SRC, src, x).bind(DNNL_ARG_DST, dst, out).bind(DNNL_ARG_MEAN, mean, m)
                        .bind(DNNL_ARG_VARIANCE, var, v).bind(DNNL_ARG_SCALE, scale, gamma)
                        .bind(DNNL_ARG_SHIFT, shift, beta);
                p.execute(dnnl.stream, args.map);
            }
        }

        /** oneDNN 2.5 rejects the call (status 2) unless the shift is passed too, although the gradient ignores it. */
        void backward(INDArray x, INDArray epsilon, INDArray gamma, INDArray beta, INDArray m, INDArray v,
                      INDArray epsAtInput, INDArray dGamma, INDArray dBeta) {
            try (Dnnl.Args args = new Dnnl.Args()) {
                args.bind(DNNL_ARG_SRC, src, x).bind(DNNL_ARG_DIFF_DST, diffDst, epsilon).bind(DNNL_ARG_MEAN, mean, m)
                        .bind(DNNL_ARG_VARIANCE, var, v).bind(DNNL_ARG_SCALE, scale, gamma)
                        .bind(DNNL_ARG_SHIFT, shift, beta).bind(DNNL_ARG_DIFF_SRC, diffSrc, epsAtInput)
                        .bind(DNNL_ARG_DIFF_SCALE, diffScale, dGamma).bind(DNNL_ARG_DIFF_SHIFT, diffShift, dBeta);
                backward.execute(dnnl.stream, args.map);
            }
        }
    }
}
