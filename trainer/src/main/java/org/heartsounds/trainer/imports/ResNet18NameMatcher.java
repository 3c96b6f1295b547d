package org.heartsounds.trainer.imports;

import org.heartsounds.trainer.imports.VertexPlan.Kind;
import org.heartsounds.trainer.model.ResNet18;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recognises torchvision's ResNet-18 in planned vertices (BatchNorm kept or folded into the convolutions, with or
 * without a final softmax) by walking the structure from the input, and names the vertices like
 * {@link ResNet18} does ({@code conv1}, {@code layer2.0.downsample.0}, {@code fc}, ...). Every planned vertex must
 * be accounted for, otherwise the graph is not ResNet-18 and no renaming is proposed.
 */
final class ResNet18NameMatcher {
    private final List<VertexPlan> plans;
    private final String input;
    private final Map<String, List<VertexPlan>> consumers = new HashMap<>();
    private final Map<String, String> names = new LinkedHashMap<>();

    private ResNet18NameMatcher(List<VertexPlan> plans, String input) {
        this.plans = plans;
        this.input = input;
        for (VertexPlan p : plans) {
            for (String in : p.inputs) {
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(p);
            }
        }
    }

    /** Old vertex name to ResNet-18 name for every plan, or empty when the graph is not a ResNet-18. */
    static Optional<Map<String, String>> match(List<VertexPlan> plans, String input) {
        ResNet18NameMatcher m = new ResNet18NameMatcher(plans, input);
        try {
            m.walk();
        } catch (NoMatch e) {
            return Optional.empty();
        }
        return m.names.size() == plans.size() ? Optional.of(m.names) : Optional.empty();
    }

    private void walk() {
        VertexPlan conv1 = only(input, Kind.CONV);
        require(conv1.isConv(7, 2, 3, 64) && conv1.padding[0] == 3 && conv1.padding[1] == 3);
        name(conv1, "conv1");
        VertexPlan x = optionalBn(conv1, "bn1");
        x = name(only(x.name, Kind.RELU), "relu");
        VertexPlan pool = only(x.name, Kind.MAX_POOL);
        require(pool.kernel[0] == 3 && pool.stride[0] == 2 && pool.padding[0] == 1);
        VertexPlan current = name(pool, "maxpool");
        long channels = 64;
        for (int stage = 1; stage <= 4; stage++) {
            long planes = 64L << (stage - 1);
            for (int block = 0; block < 2; block++) {
                int stride = stage > 1 && block == 0 ? 2 : 1;
                current = block(ResNet18.blockPrefix(stage, block), current, channels, planes, stride);
                channels = planes;
            }
        }
        VertexPlan gap = name(only(current.name, Kind.GLOBAL_AVG_POOL), ResNet18.POOL);
        VertexPlan head = single(gap.name);
        if (head.kind == Kind.FLATTEN) {
            head = single(name(head, "flatten").name);
        }
        require((head.kind == Kind.DENSE || head.kind == Kind.OUTPUT) && head.nIn == ResNet18.FEATURES);
        name(head, ResNet18.HEAD);
        List<VertexPlan> after = consumers.getOrDefault(head.name, List.of());
        if (!after.isEmpty()) {
            require(after.size() == 1 && after.get(0).kind == Kind.SOFTMAX);
            name(after.get(0), "softmax");
        }
    }

    private VertexPlan block(String p, VertexPlan x, long inChannels, long planes, int stride) {
        List<VertexPlan> uses = consumers.getOrDefault(x.name, List.of());
        VertexPlan conv1 = uses.stream().filter(u -> u.isConv(3, stride, inChannels, planes)).findFirst()
                .orElseThrow(NoMatch::new);
        name(conv1, p + ".conv1");
        VertexPlan y = optionalBn(conv1, p + ".bn1");
        y = name(only(y.name, Kind.RELU), p + ".relu1");
        VertexPlan conv2 = only(y.name, Kind.CONV);
        require(conv2.isConv(3, 1, planes, planes));
        name(conv2, p + ".conv2");
        VertexPlan main = optionalBn(conv2, p + ".bn2");
        String shortcut = x.name;
        if (stride != 1 || inChannels != planes) {
            VertexPlan ds = uses.stream().filter(u -> u.isConv(1, stride, inChannels, planes)).findFirst()
                    .orElseThrow(NoMatch::new);
            name(ds, p + ".downsample.0");
            shortcut = optionalBn(ds, p + ".downsample.1").name;
        }
        VertexPlan add = only(main.name, Kind.ADD);
        require(add.inputs.size() == 2 && add.inputs.contains(shortcut) && add.inputs.contains(main.name));
        name(add, p + ".add");
        return name(only(add.name, Kind.RELU), p + ".relu2");
    }

    /** The conv's BatchNorm (named {@code bnName}) if present, else the conv itself (BN folded). */
    private VertexPlan optionalBn(VertexPlan conv, String bnName) {
        List<VertexPlan> uses = consumers.getOrDefault(conv.name, List.of());
        if (uses.size() == 1 && uses.get(0).kind == Kind.BATCH_NORM) {
            return name(uses.get(0), bnName);
        }
        return conv;
    }

    private VertexPlan only(String vertex, Kind kind) {
        VertexPlan p = single(vertex);
        require(p.kind == kind);
        return p;
    }

    private VertexPlan single(String vertex) {
        List<VertexPlan> uses = consumers.getOrDefault(vertex, List.of());
        require(uses.size() == 1);
        return uses.get(0);
    }

    private VertexPlan name(VertexPlan p, String name) {
        require(!names.containsKey(p.name) && !names.containsValue(name));
        names.put(p.name, name);
        return p;
    }

    private static void require(boolean condition) {
        if (!condition) {
            throw new NoMatch();
        }
    }

    /** Control flow for "not a ResNet-18". */
    private static final class NoMatch extends RuntimeException {
        NoMatch() {
            super(null, null, false, false);
        }
    }
}
