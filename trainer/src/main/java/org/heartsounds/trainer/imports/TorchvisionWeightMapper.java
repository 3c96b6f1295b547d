package org.heartsounds.trainer.imports;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.heartsounds.core.BadInputException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Loads a torchvision-style {@code state_dict} into a DL4J {@link ComputationGraph} whose layers are named like
 * the PyTorch modules (as {@link org.heartsounds.trainer.model.ResNet18} and ResNet-shaped graphs from
 * {@link OnnxGraphImporter} are): convolution {@code <name>.weight} {@code [out, in, kh, kw]} (DL4J's layout) and
 * {@code <name>.bias}; batch norm {@code weight, bias, running_mean, running_var} to gamma, beta, mean, var
 * ({@code num_batches_tracked} is ignored); linear {@code <name>.weight} {@code [out, in]} transposed to DL4J's
 * {@code [in, out]}. Every tensor is checked before any parameter is written, so a failed load leaves the graph
 * untouched. Missing tensors and shape mismatches are {@link BadInputException}s naming the tensor and both
 * shapes; tensors the graph has no place for are an error unless {@link Builder#optAllowUnexpected} is set.
 */
public final class TorchvisionWeightMapper {
    /** What to do with the classification head's tensors. */
    public enum HeadPolicy {
        /** Load the head like every other layer; a shape mismatch is an error. */
        LOAD,
        /** Keep the graph's (freshly initialised) head and ignore the checkpoint's. */
        SKIP,
        /** Load the head when its shapes match, otherwise keep the graph's (transfer learning to N classes). */
        SKIP_IF_MISMATCHED
    }

    /** Result of a load: tensor names loaded, head tensors skipped, tensors ignored or unexpected. */
    public record MappingReport(List<String> loaded, List<String> skippedHead, List<String> ignored,
                                List<String> unexpected) {
    }

    private final HeadPolicy headPolicy;
    private final String headName;
    private final boolean allowUnexpected;

    private TorchvisionWeightMapper(Builder b) {
        this.headPolicy = b.headPolicy;
        this.headName = b.headName;
        this.allowUnexpected = b.allowUnexpected;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads {@code checkpoint} with {@link PyTorchCheckpointReader} and loads its weights into {@code graph}. */
    public MappingReport load(Path checkpoint, ComputationGraph graph) {
        return apply(new PyTorchCheckpointReader().readStateDict(checkpoint), graph, checkpoint.toString());
    }

    /**
     * Loads {@code stateDict} into {@code graph}.
     *
     * @param source names the checkpoint in error messages
     */
    public MappingReport apply(Map<String, INDArray> stateDict, ComputationGraph graph, String source) {
        Plan plan = new Plan(stateDict, source);
        for (Layer layer : graph.getLayers()) {
            if (layer.numParams() > 0) {
                planLayer(plan, layer);
            }
        }
        List<String> unexpected = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (String key : stateDict.keySet()) {
            if (!plan.consumed.contains(key)) {
                (plan.ignorable.contains(key) ? ignored : unexpected).add(key);
            }
        }
        if (!unexpected.isEmpty() && !allowUnexpected) {
            throw new BadInputException(source, unexpected.size() + " tensor(s) have no place in the graph: "
                    + abbreviate(unexpected));
        }
        plan.assignments.forEach(Assignment::apply);
        List<String> loaded = plan.assignments.stream().map(Assignment::tensor).distinct().toList();
        return new MappingReport(loaded, List.copyOf(plan.skippedHead), List.copyOf(ignored), List.copyOf(unexpected));
    }

    private void planLayer(Plan plan, Layer layer) {
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        String name = conf.getLayerName();
        while (conf instanceof FrozenLayer || conf instanceof FrozenLayerWithBackprop) {
            conf = conf instanceof FrozenLayer f ? f.getLayer() : ((FrozenLayerWithBackprop) conf).getUnderlying();
        }
        List<Assignment> wanted = new ArrayList<>();
        if (conf instanceof ConvolutionLayer c) {
            wanted.add(plan.direct(layer, "W", name + ".weight", false));
            if (c.hasBias()) {
                wanted.add(plan.direct(layer, "b", name + ".bias", false));
            }
        } else if (conf instanceof BatchNormalization bn) {
            wanted.add(plan.direct(layer, BatchNormalizationParamInitializer.GAMMA, name + ".weight", false));
            wanted.add(plan.direct(layer, BatchNormalizationParamInitializer.BETA, name + ".bias", false));
            wanted.add(plan.direct(layer, BatchNormalizationParamInitializer.GLOBAL_MEAN, name + ".running_mean", false));
            wanted.add(bn.isUseLogStd()
                    ? plan.logStd(layer, name + ".running_var")
                    : plan.direct(layer, BatchNormalizationParamInitializer.GLOBAL_VAR, name + ".running_var", false));
            plan.ignorable.add(name + ".num_batches_tracked");
        } else if (conf instanceof DenseLayer || conf instanceof BaseOutputLayer) {
            wanted.add(plan.direct(layer, "W", name + ".weight", true));
            if (layer.getParam("b") != null) {
                wanted.add(plan.direct(layer, "b", name + ".bias", false));
            }
        } else {
            throw new IllegalArgumentException("layer '" + name + "' (" + conf.getClass().getSimpleName()
                    + ") has parameters but no torchvision counterpart");
        }
        boolean head = name.equals(headName) || name.startsWith(headName + ".");
        boolean mismatch = wanted.stream().anyMatch(a -> a.problem() != null);
        if (head && (headPolicy == HeadPolicy.SKIP || (headPolicy == HeadPolicy.SKIP_IF_MISMATCHED && mismatch))) {
            wanted.forEach(a -> plan.skippedHead.add(a.tensor()));
            plan.consumed.addAll(plan.skippedHead);
            return;
        }
        for (Assignment a : wanted) {
            if (a.problem() != null) {
                throw new BadInputException(plan.source, a.problem());
            }
            plan.consumed.add(a.tensor());
            plan.assignments.add(a);
        }
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 10 ? names.toString() : names.subList(0, 10) + " and " + (names.size() - 10) + " more";
    }

    /** One parameter write, or the reason it cannot be done. */
    private record Assignment(String tensor, INDArray target, INDArray value, String problem) {
        void apply() {
            target.assign(value.reshape(target.shape()));
        }
    }

    /** Collects the checked assignments of one load. */
    private static final class Plan {
        final Map<String, INDArray> stateDict;
        final String source;
        final Set<String> consumed = new LinkedHashSet<>();
        final Set<String> ignorable = new LinkedHashSet<>();
        final List<String> skippedHead = new ArrayList<>();
        final List<Assignment> assignments = new ArrayList<>();

        Plan(Map<String, INDArray> stateDict, String source) {
            this.stateDict = stateDict;
            this.source = source;
        }

        /** {@code transpose}: the torch tensor is {@code [out, in]} and the DL4J parameter {@code [in, out]}. */
        Assignment direct(Layer layer, String param, String tensor, boolean transpose) {
            INDArray target = layer.getParam(param);
            long[] torchShape = expectedTorchShape(target, transpose, param);
            INDArray value = stateDict.get(tensor);
            String problem = check(tensor, value, torchShape, layer, param);
            if (problem != null) {
                return new Assignment(tensor, target, null, problem);
            }
            INDArray converted = value.castTo(target.dataType());
            return new Assignment(tensor, target, transpose ? converted.transpose() : converted, null);
        }

        /** BatchNorm with {@code useLogStd}: stores log10(sqrt(var)). */
        Assignment logStd(Layer layer, String tensor) {
            INDArray target = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
            INDArray value = stateDict.get(tensor);
            String problem = check(tensor, value, new long[] {target.length()}, layer,
                    BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
            if (problem != null) {
                return new Assignment(tensor, target, null, problem);
            }
            INDArray log = Transforms.log(value.castTo(target.dataType()), 10.0, true).muli(0.5);
            return new Assignment(tensor, target, log, null);
        }

        private static long[] expectedTorchShape(INDArray target, boolean transpose, String param) {
            if (transpose) {
                long[] s = target.shape();
                return new long[] {s[1], s[0]};
            }
            return param.equals("W") ? target.shape() : new long[] {target.length()};
        }

        private String check(String tensor, INDArray value, long[] torchShape, Layer layer, String param) {
            String where = "layer '" + layer.conf().getLayer().getLayerName() + "' parameter '" + param + "'";
            if (value == null) {
                return "missing tensor '" + tensor + "' (shape " + Arrays.toString(torchShape) + ") for " + where;
            }
            if (!value.dataType().isFPType()) {
                return "tensor '" + tensor + "' has type " + value.dataType() + ", expected floating point";
            }
            if (!Arrays.equals(value.shape(), torchShape)) {
                return "tensor '" + tensor + "' has shape " + Arrays.toString(value.shape()) + " but " + where
                        + " needs " + Arrays.toString(torchShape);
            }
            return null;
        }
    }

    /** Options of a {@link TorchvisionWeightMapper}. */
    public static final class Builder {
        private HeadPolicy headPolicy = HeadPolicy.LOAD;
        private String headName = "fc";
        private boolean allowUnexpected;

        private Builder() {
        }

        /** What to do with the head's tensors (default {@link HeadPolicy#LOAD}). */
        public Builder optHeadPolicy(HeadPolicy policy) {
            this.headPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Name of the head layer (default {@code fc}). */
        public Builder optHeadName(String name) {
            this.headName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Accept tensors the graph has no place for, listing them in the report (default false: error). */
        public Builder optAllowUnexpected(boolean allow) {
            this.allowUnexpected = allow;
            return this;
        }

        public TorchvisionWeightMapper build() {
            if (headName.isBlank()) {
                throw new IllegalArgumentException("head name must not be blank");
            }
            return new TorchvisionWeightMapper(this);
        }
    }
}
