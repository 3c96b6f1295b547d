package org.heartsounds.trainer.model;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Factories for DL4J layer configurations that compute exactly what the corresponding PyTorch / ONNX operators
 * compute, so that weights can be moved between the frameworks without changing outputs: convolutions and pooling
 * use {@link ConvolutionMode#Truncate} with explicit symmetric padding (DL4J's {@code Same} mode pads
 * asymmetrically), layers carry no fused activation, batch normalisation stores the variance itself (not DL4J's
 * default log10 standard deviation) and average pooling states how padding enters the divisor.
 */
public final class TorchCompatibleLayers {
    /** PyTorch's default BatchNorm epsilon. */
    public static final double TORCH_BN_EPS = 1e-5;
    /** PyTorch's default BatchNorm momentum (weight of the new batch statistics). */
    public static final double TORCH_BN_MOMENTUM = 0.1;

    private TorchCompatibleLayers() {
    }

    /**
     * DL4J's BatchNormalization {@code decay} (weight of the old running statistics) for a PyTorch momentum
     * (weight of the new batch statistics): {@code decay = 1 - momentum}. ONNX's {@code momentum} attribute is
     * already the decay.
     */
    public static double decayFromTorchMomentum(double torchMomentum) {
        if (!(torchMomentum > 0 && torchMomentum < 1)) {
            throw new IllegalArgumentException("BatchNorm momentum must be in (0, 1), got " + torchMomentum);
        }
        return 1.0 - torchMomentum;
    }

    /** 2-D convolution, NCHW, identity activation; weights {@code [nOut, nIn, kh, kw]}, bias {@code [1, nOut]}. */
    public static ConvolutionLayer conv(long nIn, long nOut, int[] kernel, int[] stride, int[] padding,
                                        boolean bias) {
        return new ConvolutionLayer.Builder(kernel, stride, padding)
                .nIn(nIn).nOut(nOut)
                .convolutionMode(ConvolutionMode.Truncate)
                .hasBias(bias)
                .activation(Activation.IDENTITY)
                .build();
    }

    /** Square-kernel shorthand of {@link #conv(long, long, int[], int[], int[], boolean)}. */
    public static ConvolutionLayer conv(long nIn, long nOut, int kernel, int stride, int padding, boolean bias) {
        return conv(nIn, nOut, new int[] {kernel, kernel}, new int[] {stride, stride},
                new int[] {padding, padding}, bias);
    }

    /**
     * Batch normalisation over {@code channels} with parameters gamma, beta, mean and var (variance stored as is).
     *
     * @param decay DL4J decay, i.e. {@code 1 - torchMomentum} or ONNX's {@code momentum}
     */
    public static BatchNormalization batchNorm(long channels, double eps, double decay) {
        return new BatchNormalization.Builder()
                .nIn(channels).nOut(channels)
                .eps(eps)
                .decay(decay)
                .useLogStd(false)
                .activation(Activation.IDENTITY)
                .build();
    }

    /** Batch normalisation with PyTorch's defaults (eps 1e-5, momentum 0.1). */
    public static BatchNormalization batchNorm(long channels) {
        return batchNorm(channels, TORCH_BN_EPS, decayFromTorchMomentum(TORCH_BN_MOMENTUM));
    }

    /** A standalone activation vertex (ReLU, softmax, ...). */
    public static ActivationLayer activation(Activation activation) {
        return new ActivationLayer.Builder().activation(activation).build();
    }

    /** Max pooling; ONNX/PyTorch semantics for {@code ceil_mode=0}. */
    public static SubsamplingLayer maxPool(int[] kernel, int[] stride, int[] padding) {
        return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX, kernel, stride, padding)
                .convolutionMode(ConvolutionMode.Truncate)
                .build();
    }

    /**
     * Average pooling; {@code countIncludePad} is ONNX's {@code count_include_pad} (PyTorch's default for
     * {@code AvgPool2d} is {@code true}, ONNX's default is 0).
     */
    public static SubsamplingLayer avgPool(int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
        return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG, kernel, stride, padding)
                .convolutionMode(ConvolutionMode.Truncate)
                .avgPoolIncludePadInDivisor(countIncludePad)
                .build();
    }

    /**
     * Global average pooling over H and W. With {@code collapse} the output is {@code [N, C]} (what
     * {@code GlobalAveragePool} followed by {@code Flatten} gives), otherwise {@code [N, C, 1, 1]}.
     */
    public static GlobalPoolingLayer globalAvgPool(boolean collapse) {
        return new GlobalPoolingLayer.Builder(PoolingType.AVG).collapseDimensions(collapse).build();
    }

    /** Fully connected layer without activation (logits); weights {@code [nIn, nOut]}, bias {@code [1, nOut]}. */
    public static DenseLayer dense(long nIn, long nOut, boolean bias) {
        return new DenseLayer.Builder().nIn(nIn).nOut(nOut).hasBias(bias).activation(Activation.IDENTITY).build();
    }

    /** Trainable classification head: fully connected + softmax, multi-class cross-entropy loss. */
    public static OutputLayer softmaxOutput(long nIn, long nOut, boolean bias) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nIn(nIn).nOut(nOut).hasBias(bias)
                .activation(Activation.SOFTMAX)
                .build();
    }

    /**
     * {@link #softmaxOutput(long, long, boolean)} with a class-weighted cross-entropy: DL4J's {@link LossMCXENT}
     * with a weights row vector, so a minibatch of n examples scores {@code -sum_i w[y_i] log p_i(y_i) / n}.
     * PyTorch's {@code CrossEntropyLoss(weight=w)} divides by {@code sum_i w[y_i]} instead of n; the two differ by a
     * factor per minibatch, not in which direction a step goes. {@code classWeights == null} is the plain head.
     *
     * @param classWeights one positive weight per output, or null
     */
    public static OutputLayer softmaxOutput(long nIn, long nOut, boolean bias, double[] classWeights) {
        if (classWeights == null) {
            return softmaxOutput(nIn, nOut, bias);
        }
        if (classWeights.length != nOut) {
            throw new IllegalArgumentException(classWeights.length + " class weights for " + nOut + " outputs");
        }
        LossMCXENT loss = new LossMCXENT(Nd4j.createFromArray(classWeights).castTo(DataType.FLOAT)
                .reshape(1, nOut));
        return new OutputLayer.Builder(loss)
                .nIn(nIn).nOut(nOut).hasBias(bias)
                .activation(Activation.SOFTMAX)
                .build();
    }

    /**
     * Multi-label head: fully connected + one sigmoid per label, DL4J's {@link LossBinaryXENT} (binary
     * cross-entropy summed over the labels), each label's term scaled by its weight when {@code labelWeights} is
     * given (PyTorch's {@code BCEWithLogitsLoss(weight=w)}, summed).
     *
     * @param labelWeights one positive weight per output, or null
     */
    public static OutputLayer sigmoidOutput(long nIn, long nOut, boolean bias, double[] labelWeights) {
        if (labelWeights != null && labelWeights.length != nOut) {
            throw new IllegalArgumentException(labelWeights.length + " label weights for " + nOut + " outputs");
        }
        LossBinaryXENT loss = labelWeights == null ? new LossBinaryXENT()
                : new LossBinaryXENT(Nd4j.createFromArray(labelWeights).castTo(DataType.FLOAT).reshape(1, nOut));
        return new OutputLayer.Builder(loss)
                .nIn(nIn).nOut(nOut).hasBias(bias)
                .activation(Activation.SIGMOID)
                .build();
    }
}
