package org.heartsounds.trainer.backend.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.common.primitives.Pair;

/**
 * A DL4J convolution helper that calls oneDNN directly, for the layer's forward pass and both backward passes.
 *
 * <p>DL4J's own oneDNN helper ({@link MKLDNNConvHelper}) runs libnd4j's {@code conv2d} / {@code conv2d_bp} ops,
 * which ask oneDNN for {@code convolution_auto}: on AVX-512 machines oneDNN then picks Winograd for the backward
 * passes of 3×3 convolutions with many channels and small images, which is several times slower there than a direct
 * convolution (measured: 512→512 channels at 4×4, backward weights 32 ms Winograd vs about 8 ms direct), and every
 * call allocates and page-faults fresh buffers for the layout conversions. This helper asks for
 * {@code convolution_direct} (what PyTorch's oneDNN path uses), lets oneDNN choose its blocked layouts, and keeps
 * the primitives and the converted buffers per input shape for the life of the layer.
 *
 * <p>A layer that reads the network's input needs no gradient with respect to that input for training (PyTorch does
 * not compute it either: its input does not require a gradient). Built with {@code inputGradient} false, the helper
 * skips that pass, the most expensive part of ResNet-18's first convolution's backward pass (3 input channels, 7×7
 * kernel), and returns no input gradient (DL4J's graph then sets the input vertex's epsilon to null, which nothing
 * reads: {@code ComputationGraph} has no API that returns input gradients).
 *
 * <p>It extends {@link MKLDNNConvHelper} so that DL4J treats it as the oneDNN helper (no dummy bias gradient), and
 * hands everything it does not cover ({@code Same} mode, dilation, non-float types) to it. Channels-last (NHWC)
 * activations are read and written as they are, without conversion (oneDNN's jit kernels take NHWC).
 */
public final class DirectConvolutionHelper extends MKLDNNConvHelper {
    private final Map<Key, Plan> plans = new HashMap<>();
    private final boolean inputGradient;

    /** A helper that computes every gradient, the input's included. */
    public DirectConvolutionHelper(DataType dataType) {
        this(dataType, true);
    }

    /**
     * @param inputGradient false for a layer fed by the network's input: the backward pass then skips the gradient
     *                      with respect to the input and returns null for it
     */
    public DirectConvolutionHelper(DataType dataType, boolean inputGradient) {
        super(dataType);
        this.inputGradient = inputGradient;
    }

    /** Whether the backward pass computes the gradient with respect to the layer's input. */
    public boolean inputGradient() {
        return inputGradient;
    }

    /** {@code src}: logical NCHW dims; {@code nhwc}: whether DL4J's arrays are channels-last. */
    private record Key(long[] src, long[] weights, int[] strides, int[] pad, boolean bias, boolean nhwc) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(src, k.src) && Arrays.equals(weights, k.weights)
                    && Arrays.equals(strides, k.strides) && Arrays.equals(pad, k.pad) && bias == k.bias
                    && nhwc == k.nhwc;
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Arrays.hashCode(src) + Arrays.hashCode(weights)) + Arrays.hashCode(pad)
                    + (bias ? 1 : 0) + (nhwc ? 2 : 0);
        }
    }

    private static boolean covers(INDArray input, INDArray weights, ConvolutionMode mode, int[] dilation,
                                  CNN2DFormat format) {
        return mode != ConvolutionMode.Same && dilation[0] == 1 && dilation[1] == 1
                && input.rank() == 4 && input.dataType() == DataType.FLOAT && weights.dataType() == DataType.FLOAT;
    }

    @Override
    public INDArray preOutput(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides, int[] pad,
                              ConvolutionLayer.AlgoMode mode, ConvolutionLayer.FwdAlgo fwdAlgo,
                              ConvolutionMode convolutionMode, int[] dilation, CNN2DFormat format,
                              LayerWorkspaceMgr workspaceMgr) {
        if (!covers(input, weights, convolutionMode, dilation, format)) {
            return super.preOutput(input, weights, bias, kernel, strides, pad, mode, fwdAlgo, convolutionMode,
                    dilation, format, workspaceMgr);
        }
        input = Dnnl.dense(input) ? input : input.dup('c');
        weights = Dnnl.dense(weights) ? weights : weights.dup('c');
        Plan plan = plan(input, weights, strides, pad, bias != null, format == CNN2DFormat.NHWC);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, plan.dstDims);
        plan.forward(input, weights, bias, out);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray weights, INDArray bias, INDArray delta,
                                                     int[] kernel, int[] strides, int[] pad, INDArray biasGradView,
                                                     INDArray weightGradView, IActivation afn,
                                                     ConvolutionLayer.AlgoMode mode,
                                                     ConvolutionLayer.BwdFilterAlgo bwdFilterAlgo,
                                                     ConvolutionLayer.BwdDataAlgo bwdDataAlgo,
                                                     ConvolutionMode convolutionMode, int[] dilation,
                                                     CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        if (!covers(input, weights, convolutionMode, dilation, format) || !Dnnl.dense(weightGradView)
                || biasGradView != null && !Dnnl.dense(biasGradView)) {
            return super.backpropGradient(input, weights, bias, delta, kernel, strides, pad, biasGradView,
                    weightGradView, afn, mode, bwdFilterAlgo, bwdDataAlgo, convolutionMode, dilation, format,
                    workspaceMgr);
        }
        input = Dnnl.dense(input) ? input : input.dup('c');
        weights = Dnnl.dense(weights) ? weights : weights.dup('c');
        delta = Dnnl.dense(delta) ? delta : delta.dup('c');
        Plan plan = plan(input, weights, strides, pad, biasGradView != null, format == CNN2DFormat.NHWC);
        INDArray gradAtInput = inputGradient
                ? workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape()) : null;
        plan.backward(input, weights, delta, gradAtInput, weightGradView, biasGradView);
        Gradient g = new DefaultGradient();
        if (biasGradView != null) {
            g.gradientForVariable().put(ConvolutionParamInitializer.BIAS_KEY, biasGradView);
        }
        g.gradientForVariable().put(ConvolutionParamInitializer.WEIGHT_KEY, weightGradView);
        return new Pair<>(g, gradAtInput);
    }

    private Plan plan(INDArray input, INDArray weights, int[] strides, int[] pad, boolean bias, boolean nhwc) {
        long[] s = input.shape();
        long[] logical = nhwc ? new long[] {s[0], s[3], s[1], s[2]} : s;
        Key key = new Key(logical, weights.shape(), strides.clone(), pad.clone(), bias, nhwc);
        return plans.computeIfAbsent(key, k -> new Plan(Dnnl.get(), k, inputGradient));
    }

    /** The primitives and converted buffers for one input shape (no backward-data ones without an input gradient). */
    private static final class Plan {
        private final Dnnl dnnl;
        final long[] dstDims;
        private final convolution_forward fwd;
        private final convolution_backward_data bwdData;
        private final convolution_backward_weights bwdWeights;
        private final Dnnl.Converted fSrc;
        private final Dnnl.Converted fWei;
        private final Dnnl.Converted fDst;
        private final memory fBias;
        private final Dnnl.Converted dDiffDst;
        private final Dnnl.Converted dWei;
        private final Dnnl.Converted dDiffSrc;
        private final Dnnl.Converted wSrc;
        private final Dnnl.Converted wDiffDst;
        private final Dnnl.Converted wDiffWei;
        private final memory wDiffBias;
        private final boolean srcShared;
        private final boolean diffDstShared;

        Plan(Dnnl dnnl, Key k, boolean inputGradient) {
            this.dnnl = dnnl;
            long[] src = k.src();
            long[] wei = k.weights();
            long oc = wei[0];
            long kh = wei[2];
            long kw = wei[3];
            long[] stride = {k.strides()[0], k.strides()[1]};
            long[] padL = {k.pad()[0], k.pad()[1]};
            // DL4J's Truncate mode floors the output size; oneDNN needs the right/bottom padding that gives it.
            long[] out = Dnnl.truncated(new long[] {src[2], src[3]}, new long[] {kh, kw}, stride, padL);
            long oh = out[0];
            long ow = out[1];
            long[] padR = {out[2], out[3]};
            long[] logicalDst = {src[0], oc, oh, ow};
            dstDims = k.nhwc() ? new long[] {src[0], oh, ow, oc} : logicalDst;

            // channels-last activations are used as they are (oneDNN's jit kernels read and write NHWC), channels-
            // first ones are converted to the blocked layout oneDNN picks and back
            memory.format_tag plain = k.nhwc() ? memory.format_tag.nhwc : memory.format_tag.nchw;
            memory.format_tag chosen = k.nhwc() ? memory.format_tag.nhwc : memory.format_tag.any;
            memory.desc anySrc = Dnnl.desc(src, chosen);
            memory.desc anyWei = Dnnl.desc(wei, memory.format_tag.any);
            memory.desc anyDst = Dnnl.desc(logicalDst, chosen);
            memory.desc biasDesc = Dnnl.desc(new long[] {oc}, memory.format_tag.a);
            memory.desc userSrc = Dnnl.desc(src, plain);
            memory.desc userWei = Dnnl.desc(wei, memory.format_tag.oihw);
            memory.desc userDst = Dnnl.desc(logicalDst, plain);
            int direct = algorithm.convolution_direct.value;
            int training = prop_kind.forward_training.value;

            convolution_forward.desc fd = k.bias()
                    ? new convolution_forward.desc(training, direct, anySrc, anyWei, biasDesc, anyDst, stride,
                            padL, padR)
                    : new convolution_forward.desc(training, direct, anySrc, anyWei, anyDst, stride, padL, padR);
            convolution_forward.primitive_desc fpd = new convolution_forward.primitive_desc(fd, dnnl.engine);
            fwd = new convolution_forward(fpd);
            fSrc = new Dnnl.Converted(dnnl, userSrc, fpd.src_desc(), true, false);
            fWei = new Dnnl.Converted(dnnl, userWei, fpd.weights_desc(), true, false);
            fDst = new Dnnl.Converted(dnnl, userDst, fpd.dst_desc(), false, true);
            fBias = k.bias() ? dnnl.user(biasDesc) : null;

            convolution_backward_data.primitive_desc bpd = null;
            if (inputGradient) {
                bpd = new convolution_backward_data.primitive_desc(new convolution_backward_data.desc(direct, anySrc,
                        anyWei, anyDst, stride, padL, padR), dnnl.engine, fpd);
                bwdData = new convolution_backward_data(bpd);
                dDiffDst = new Dnnl.Converted(dnnl, userDst, bpd.diff_dst_desc(), true, false);
                dWei = new Dnnl.Converted(dnnl, userWei, bpd.weights_desc(), true, false);
                dDiffSrc = new Dnnl.Converted(dnnl, userSrc, bpd.diff_src_desc(), false, true);
            } else {
                bwdData = null;
                dDiffDst = null;
                dWei = null;
                dDiffSrc = null;
            }

            convolution_backward_weights.desc wd = k.bias()
                    ? new convolution_backward_weights.desc(direct, anySrc, anyWei, biasDesc, anyDst, stride, padL,
                            padR)
                    : new convolution_backward_weights.desc(direct, anySrc, anyWei, anyDst, stride, padL, padR);
            convolution_backward_weights.primitive_desc wpd =
                    new convolution_backward_weights.primitive_desc(wd, dnnl.engine, fpd);
            bwdWeights = new convolution_backward_weights(wpd);
            wSrc = new Dnnl.Converted(dnnl, userSrc, wpd.src_desc(), true, false);
            wDiffDst = new Dnnl.Converted(dnnl, userDst, wpd.diff_dst_desc(), true, false);
            wDiffWei = new Dnnl.Converted(dnnl, userWei, wpd.diff_weights_desc(), false, true);
            wDiffBias = k.bias() ? dnnl.user(biasDesc) : null;
            srcShared = fSrc.internal != null && fpd.src_desc().equals(wpd.src_desc());
            diffDstShared = bpd != null && bpd.diff_dst_desc().equals(wpd.diff_dst_desc());
        }

        /**
         * The address of the input whose copy in oneDNN's layout the last forward pass left in {@code fSrc}, if the
         * backward-weights pass reads that layout. The backward pass reuses the copy when its input is at the same
         * address: DL4J runs a layer's forward pass right before its backward pass in every step, on the same array,
         * and any forward pass in between would have replaced both the copy and the address.
         */
        private long convertedInput = -1;

        void forward(INDArray input, INDArray weights, INDArray bias, INDArray out) {
            IntMemoryMap args = new IntMemoryMap();
            args.put(DNNL_ARG_SRC, fSrc.in(dnnl, input));
            convertedInput = srcShared ? Dnnl.address(input).address() : -1;
            args.put(DNNL_ARG_WEIGHTS, fWei.in(dnnl, weights));
            if (fBias != null) {
                Dnnl.bind(fBias, bias);
                args.put(DNNL_ARG_BIAS, fBias);
            }
            args.put(DNNL_ARG_DST, fDst.target(out));
            fwd.execute(dnnl.stream, args);
            fDst.out(dnnl);
            args.close();
        }

        /** {@code gradAtInput} is null exactly when the plan was made without an input gradient. */
        void backward(INDArray input, INDArray weights, INDArray delta, INDArray gradAtInput, INDArray weightGrad,
                      INDArray biasGrad) {
            memory diffDst = null;
            if (bwdData != null) {
                diffDst = dDiffDst.in(dnnl, delta);
                IntMemoryMap data = new IntMemoryMap();
                data.put(DNNL_ARG_DIFF_DST, diffDst);
                data.put(DNNL_ARG_WEIGHTS, dWei.in(dnnl, weights));
                data.put(DNNL_ARG_DIFF_SRC, dDiffSrc.target(gradAtInput));
                bwdData.execute(dnnl.stream, data);
                dDiffSrc.out(dnnl);
                data.close();
            }

            IntMemoryMap args = new IntMemoryMap();
            boolean reuse = convertedInput != -1 && convertedInput == Dnnl.address(input).address();
            convertedInput = -1;
            args.put(DNNL_ARG_SRC, reuse ? fSrc.internal : wSrc.in(dnnl, input));
            args.put(DNNL_ARG_DIFF_DST, diffDstShared ? diffDst : wDiffDst.in(dnnl, delta));
            args.put(DNNL_ARG_DIFF_WEIGHTS, wDiffWei.target(weightGrad));
            if (wDiffBias != null) {
                Dnnl.bind(wDiffBias, biasGrad);
                args.put(DNNL_ARG_DIFF_BIAS, wDiffBias);
            }
            bwdWeights.execute(dnnl.stream, args);
            wDiffWei.out(dnnl);
            args.close();
        }
    }
}
