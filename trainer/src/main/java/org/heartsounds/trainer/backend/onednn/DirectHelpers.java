package org.heartsounds.trainer.backend.onednn;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Swaps DL4J's oneDNN helpers for the direct ones ({@link DirectConvolutionHelper}, {@link DirectBatchNormHelper})
 * in a built network. The network itself does not change: same configuration, parameters, serialisation and
 * transfer learning; only the code that runs its convolution and batch-norm layers does. Layers without DL4J's
 * oneDNN helper (helpers off, CUDA, another data type) are left alone.
 */
public final class DirectHelpers {
    private DirectHelpers() {
    }

    /** Whether oneDNN's natives (org.bytedeco:dnnl) load here. */
    public static boolean available() {
        return Dnnl.available();
    }

    /**
     * Installs the direct helpers where DL4J's oneDNN helpers are (a convolution fed by the network's input without
     * the gradient with respect to that input, see {@link DirectConvolutionHelper}), and switches the graph to
     * {@link CacheMode#DEVICE} so that the backward pass reuses the convolutions' forward outputs instead of
     * computing them again (DL4J's default, {@code NONE}, runs every convolution twice per training step). Returns
     * the names of the layers changed.
     */
    public static List<String> install(ComputationGraph graph) {
        List<String> changed = new ArrayList<>();
        if (!available()) {
            return changed;
        }
        graph.getConfiguration().setCacheMode(CacheMode.DEVICE);
        graph.setCacheMode(CacheMode.DEVICE);
        for (Layer outer : graph.getLayers()) {
            Layer layer = unwrap(outer);
            Object helper = layer.getHelper();
            DataType type = layer.params() == null ? DataType.FLOAT : layer.params().dataType();
            if (layer instanceof ConvolutionLayer && helper != null && helper.getClass() == MKLDNNConvHelper.class) {
                set(ConvolutionLayer.class, layer, new DirectConvolutionHelper(type, needsInputGradient(graph, layer)));
                changed.add(layer.conf().getLayer().getLayerName());
            } else if (layer instanceof BatchNormalization && helper != null
                    && helper.getClass() == MKLDNNBatchNormHelper.class) {
                set(BatchNormalization.class, layer, new DirectBatchNormHelper(type));
                changed.add(layer.conf().getLayer().getLayerName());
            }
        }
        return changed;
    }

    /**
     * Whether training needs the gradient with respect to {@code layer}'s input: not when every input of its vertex is
     * a network input and the layer has no dropout (whose backward pass would read that gradient).
     */
    static boolean needsInputGradient(ComputationGraph graph, Layer layer) {
        String name = layer.conf().getLayer().getLayerName();
        List<String> inputs = graph.getConfiguration().getVertexInputs().get(name);
        boolean fromNetworkInput = inputs != null && !inputs.isEmpty()
                && graph.getConfiguration().getNetworkInputs().containsAll(inputs);
        return !fromNetworkInput || layer.conf().getLayer().getIDropout() != null;
    }

    /** The layer inside a frozen layer (transfer learning), or {@code layer} itself. */
    public static Layer unwrap(Layer layer) {
        if (layer instanceof FrozenLayer f) {
            return unwrap(f.getInsideLayer());
        }
        if (layer instanceof FrozenLayerWithBackprop f) {
            return unwrap(f.getInsideLayer());
        }
        return layer;
    }

    /** Whether {@code layer} runs a direct helper. */
    public static boolean isDirect(Layer layer) {
        Object h = layer.getHelper();
        return h instanceof DirectConvolutionHelper || h instanceof DirectBatchNormHelper;
    }

    /** DL4J has no setter for a layer's helper: the field is protected / package-private in M2.1. */
    private static void set(Class<?> owner, Layer layer, Object helper) {
        try {
            Field f = owner.getDeclaredField("helper");
            f.setAccessible(true);
            f.set(layer, helper);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot install a oneDNN helper in layer "
                    + layer.conf().getLayer().getLayerName() + " (DL4J's " + owner.getSimpleName() + " changed?)", e);
        }
    }
}
