package org.heartsounds.trainer.backend;

import java.io.File;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.layers.normalization.LocalResponseNormalization;
import org.heartsounds.trainer.backend.onednn.DirectHelpers;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Switches DL4J's oneDNN layer helpers on or off and reports whether they are in use.
 *
 * <p>On the CPU backend DL4J can run convolution, batch normalisation and pooling through oneDNN "helpers"
 * ({@code org.deeplearning4j.nn.layers.mkldnn.*}) instead of its built-in im2col/GEMM code; ResNet-18 then trains
 * several times faster (128 px, batch 16: 3.4 → 17 images/s measured on one machine). deeplearning4j-nn
 * 1.0.0-M2.1 has two problems that keep the helpers off:
 * <ol>
 *   <li>{@code HelperUtils.createHelper} returns no helper unless the system property
 *       {@value #DISABLE_PROPERTY} is {@code "false"}, and its default is {@code "true"}: the helpers ship switched
 *       off. The property is read when each layer is <em>constructed</em> ({@code new ComputationGraph(conf)} /
 *       {@code init()}), so {@link #enable(boolean)} must be called before a network is built and affects only
 *       networks built afterwards.</li>
 *   <li>{@code BaseMKLDNNHelper.mklDnnEnabled()} looks up {@code org.nd4j.nativeblas.Nd4jCpu$Environment#isUseMKLDNN()}
 *       by reflection, a class and method that M2.1 renamed; the lookup fails (and the failure is cached), so every
 *       helper declares itself unsupported even when the property is set. The shim
 *       {@link org.nd4j.nativeblas.Nd4jCpu} in this module restores the old name.</li>
 * </ol>
 *
 * <p>The helpers only run in {@code FLOAT}: the convolution and batch-norm helpers return {@code null} for any other
 * data type and the layer falls back to the built-in code (the pooling helper runs in any type but only in
 * backprop). A helper that throws is dropped silently for the rest of that layer's life ({@code helperCountFail});
 * DL4J logs a warning when that happens.
 *
 * <p>A third problem concerns correctness: {@code MKLDNNSubsamplingHelper.backpropGradient} builds its
 * {@code avgpool2d_bp} call with the default divisor mode and ignores the layer's
 * {@code avgPoolIncludePadInDivisor}, while the forward pass (which never uses the helper) honours it. For average
 * pooling with padding and {@code avgPoolIncludePadInDivisor=true} (PyTorch's {@code count_include_pad=True}, see
 * {@code TorchCompatibleLayers.avgPool}) the helper therefore back-propagates the gradient of a different function:
 * measured 7–78% relative error in the gradients of every layer below it. {@link #active(ComputationGraph)} lists
 * such layers and {@link #removeIncorrectHelpers(ComputationGraph)} takes their helper away (the built-in code is
 * correct). ResNet-18 has no such layer (its only average pooling is global). This guard is written by hand because
 * DL4J M2.1 has no switch for it.
 */
public final class OneDnnHelpers {
    /** DL4J's switch ({@code DL4JSystemProperties.DISABLE_HELPER_PROPERTY}); helpers run only when it is "false". */
    public static final String DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    private OneDnnHelpers() {
    }

    /**
     * Which layers of a network run a helper, which could (conv, BN, pooling, LRN) but do not, and which of those
     * with a helper back-propagate a wrong gradient through it (see the class comment).
     */
    public record Coverage(List<String> withHelper, List<String> withoutHelper, List<String> wrongGradient,
                           List<String> direct) {
        public Coverage {
            direct = List.copyOf(direct);
            withHelper = List.copyOf(withHelper);
            withoutHelper = List.copyOf(withoutHelper);
            wrongGradient = List.copyOf(wrongGradient);
        }

        /** Number of layers that run a helper. */
        public int count() {
            return withHelper.size();
        }

        /**
         * E.g. {@code "oneDNN helpers on 41 of 41 conv/BN/pooling layers (40 direct)"}: "direct", when there are any, counts the layers
         * whose helper calls oneDNN directly ({@link DirectHelpers}) rather than through libnd4j's ops.
         */
        public String summary() {
            String s = String.format(Locale.ROOT, "oneDNN helpers on %d of %d conv/BN/pooling layers", count(),
                    count() + withoutHelper.size());
            if (!direct.isEmpty()) {
                s += " (" + direct.size() + " direct)";
            }
            return wrongGradient.isEmpty() ? s : s + " (wrong gradient through " + wrongGradient + ")";
        }
    }

    /**
     * Switches the helpers on or off for networks built from now on (sets {@value #DISABLE_PROPERTY}). Networks
     * built earlier keep what they have.
     */
    public static void enable(boolean on) {
        System.setProperty(DISABLE_PROPERTY, Boolean.toString(!on));
    }

    /**
     * Builds a network with the helpers switched {@code on} or off, whatever the property says, and restores the
     * property afterwards; with helpers on, also {@link #removeIncorrectHelpers removes} those known to compute a
     * wrong gradient.
     */
    public static ComputationGraph build(boolean on, Supplier<ComputationGraph> builder) {
        String before = System.getProperty(DISABLE_PROPERTY);
        enable(on);
        ComputationGraph graph;
        try {
            graph = builder.get();
        } finally {
            if (before == null) {
                System.clearProperty(DISABLE_PROPERTY);
            } else {
                System.setProperty(DISABLE_PROPERTY, before);
            }
        }
        if (on) {
            tune(graph);
        }
        return graph;
    }

    /** Whether networks built now will ask for helpers, i.e. the property is "false" (DL4J's default is "true"). */
    public static boolean requested() {
        return !Boolean.parseBoolean(System.getProperty(DISABLE_PROPERTY, "true"));
    }

    /**
     * Whether DL4J's own check passes: CPU backend, native helpers allowed and the natives built with oneDNN (the
     * {@code onednn} classifier). False on CUDA, on the plain {@code linux-x86_64} natives, or without the shim.
     */
    public static boolean oneDnnAvailable() {
        return BaseMKLDNNHelper.mklDnnEnabled();
    }

    /** Which layers of {@code graph} run a helper; layer names in the graph's topological order. */
    public static Coverage active(ComputationGraph graph) {
        List<String> with = new ArrayList<>();
        List<String> without = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        List<String> direct = new ArrayList<>();
        for (Layer layer : graph.getLayers()) {
            layer = DirectHelpers.unwrap(layer);
            if (!helperCapable(layer)) {
                continue;
            }
            String name = layer.conf().getLayer().getLayerName();
            (layer.getHelper() != null ? with : without).add(name);
            if (DirectHelpers.isDirect(layer)) {
                direct.add(name);
            }
            if (helperGradientWrong(layer)) {
                wrong.add(name);
            }
        }
        return new Coverage(with, without, wrong, direct);
    }

    /** System property that, set to {@code false}, keeps DL4J's own oneDNN helpers instead of the direct ones. */
    public static final String DIRECT_PROPERTY = "heartsounds.onednn.direct";

    /** Whether {@link #tune} installs the direct oneDNN helpers ({@value #DIRECT_PROPERTY}, default true). */
    public static boolean directRequested() {
        return !"false".equalsIgnoreCase(System.getProperty(DIRECT_PROPERTY, "true"));
    }

    /** Whether {@link #tune} gives networks built with helpers on the direct helpers: requested and loadable. */
    public static boolean directActive() {
        return directRequested() && DirectHelpers.available();
    }

    /**
     * Readies a network built with helpers on for training and inference: {@link #removeIncorrectHelpers removes}
     * the helpers known to compute a wrong gradient and, unless {@value #DIRECT_PROPERTY} is {@code false}, replaces
     * DL4J's convolution and batch-norm helpers by the {@link DirectHelpers direct oneDNN ones} (which also switch
     * the graph to cache mode DEVICE), and gives plain ReLU layers the {@link CopyFreeRelu copy-free training
     * implementation}. Does nothing to layers without a helper. Returns the layers given direct helpers.
     */
    public static List<String> tune(ComputationGraph graph) {
        removeIncorrectHelpers(graph);
        CopyFreeRelu.install(graph);
        return directRequested() ? DirectHelpers.install(graph) : List.of();
    }

    /**
     * Takes the oneDNN helper away from every layer whose helper back-propagates a wrong gradient (average pooling
     * with padding that counts the padding, see the class comment), so that those layers use DL4J's built-in code;
     * all other helpers stay. Call it after building a network with helpers on. Returns the affected layer names.
     */
    public static List<String> removeIncorrectHelpers(ComputationGraph graph) {
        List<String> removed = new ArrayList<>();
        for (Layer layer : graph.getLayers()) {
            if (helperGradientWrong(layer)) {
                clearSubsamplingHelper((SubsamplingLayer) layer);
                removed.add(layer.conf().getLayer().getLayerName());
            }
        }
        return removed;
    }

    private static boolean helperGradientWrong(Layer layer) {
        if (!(layer instanceof SubsamplingLayer) || !(layer.getHelper() instanceof MKLDNNSubsamplingHelper)) {
            return false;
        }
        var conf = (org.deeplearning4j.nn.conf.layers.SubsamplingLayer) layer.conf().getLayer();
        boolean padded = conf.getConvolutionMode() == ConvolutionMode.Same
                || Arrays.stream(conf.getPadding()).anyMatch(p -> p != 0);
        return conf.getPoolingType() == PoolingType.AVG && conf.isAvgPoolIncludePadInDivisor() && padded;
    }

    /** DL4J has no setter for a layer's helper; the field is {@code protected} in M2.1's SubsamplingLayer. */
    private static void clearSubsamplingHelper(SubsamplingLayer layer) {
        try {
            Field helper = SubsamplingLayer.class.getDeclaredField("helper");
            helper.setAccessible(true);
            helper.set(layer, null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot remove the oneDNN helper of pooling layer "
                    + layer.conf().getLayer().getLayerName() + " (DL4J's SubsamplingLayer changed?)", e);
        }
    }

    private static boolean helperCapable(Layer layer) {
        return layer instanceof ConvolutionLayer || layer instanceof SubsamplingLayer
                || layer instanceof BatchNormalization || layer instanceof LocalResponseNormalization;
    }

    /**
     * One line about the backend, e.g. {@code "ND4J CPU backend (natives linux-x86_64-onednn-avx2, OPENBLAS,
     * 2 OpenMP threads), oneDNN yes, DL4J layer helpers on"}, or on the CUDA backend {@code "ND4J CUDA backend
     * (natives linux-x86_64-cudnn, GPU NVIDIA H100 80GB HBM3), oneDNN n/a (CPU backend only)"}.
     */
    public static String describe() {
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        return describe(env, nativeClassifier(), oneDnnAvailable(), requested());
    }

    /**
     * {@link #describe()} from the executioner's environment information ({@code backend}, and where present
     * {@code cuda.deviceName}, {@code blas.vendor}, {@code omp.threads}) and the helper state; oneDNN is reported
     * only for the CPU backend, the only one it exists on.
     */
    static String describe(Properties env, String classifier, boolean oneDnn, boolean requested) {
        String backend = env.getProperty("backend", "?");
        StringBuilder s = new StringBuilder("ND4J ").append(backend).append(" backend");
        List<String> details = new ArrayList<>();
        if (classifier != null) {
            details.add("natives " + classifier);
        }
        Object gpu = env.get("cuda.deviceName");
        if (gpu != null) {
            details.add("GPU " + gpu);
        }
        Object blas = env.get("blas.vendor");
        if (blas != null) {
            details.add(blas.toString());
        }
        Object threads = env.get("omp.threads");
        if (threads != null) {
            details.add(threads + " OpenMP threads");
        }
        if (!details.isEmpty()) {
            s.append(" (").append(String.join(", ", details)).append(')');
        }
        if (!"CPU".equalsIgnoreCase(backend)) {
            return s.append(", oneDNN n/a (CPU backend only)").toString();
        }
        s.append(", oneDNN ").append(oneDnn ? "yes" : "no");
        s.append(", DL4J layer helpers ").append(requested && oneDnn ? "on" : "off");
        if (requested && !oneDnn) {
            s.append(" (requested, but DL4J's oneDNN check fails)");
        }
        return s.toString();
    }

    /**
     * The JavaCPP platform folder the ND4J natives were loaded from, e.g. {@code linux-x86_64-onednn-avx2} (the
     * Maven classifier of the natives jar); null when it cannot be told.
     */
    public static String nativeClassifier() {
        Nd4j.getExecutioner(); // loads the backend, and with it the natives
        for (Map.Entry<String, String> lib : org.bytedeco.javacpp.Loader.getLoadedLibraries().entrySet()) {
            if (lib.getKey().startsWith("nd4j") && lib.getValue() != null) {
                File parent = new File(lib.getValue()).getParentFile();
                if (parent != null) {
                    return parent.getName();
                }
            }
        }
        return null;
    }
}
