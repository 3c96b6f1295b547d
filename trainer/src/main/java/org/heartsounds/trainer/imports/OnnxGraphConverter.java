package org.heartsounds.trainer.imports;

import onnx.Onnx;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.heartsounds.core.BadInputException;
import org.heartsounds.trainer.imports.VertexPlan.Kind;
import org.heartsounds.trainer.model.TorchCompatibleLayers;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates the nodes of an ONNX CNN graph, in their (topological) order, into {@link VertexPlan}s: Conv,
 * BatchNormalization, Relu, MaxPool, AveragePool, GlobalAveragePool, Add, Flatten, Reshape (to 2-D), Gemm,
 * MatMul (+ a following bias Add, fused), Softmax (fused into a preceding fully connected layer as a softmax output
 * layer when possible), Identity and Constant. It tracks every value's shape (without the batch dimension) to size
 * the layers and to check the weights against the data flowing in. Anything else is a {@link BadInputException}.
 */
final class OnnxGraphConverter {
    /** A value of the graph: the DL4J vertex that produces it and its shape without batch ([C,H,W] or [F]). */
    private record Value(String vertex, long[] dims, Kind producer) {
        boolean spatial() {
            return dims.length == 3;
        }
    }

    private final Path file;
    private final int opset;
    private final List<OnnxNode> nodes;
    private final Map<String, INDArray> constants;
    private final Set<String> graphOutputs;
    private final Map<String, List<OnnxNode>> consumers = new HashMap<>();
    private final Map<String, Value> values = new HashMap<>();
    private final Map<String, VertexPlan> plans = new LinkedHashMap<>();
    private final Set<String> usedNames = new HashSet<>();
    private final Set<OnnxNode> fused = new HashSet<>();

    OnnxGraphConverter(Path file, int opset, List<OnnxNode> nodes, Map<String, INDArray> constants,
                       List<String> graphOutputs) {
        this.file = file;
        this.opset = opset;
        this.nodes = nodes;
        this.constants = new HashMap<>(constants);
        this.graphOutputs = new HashSet<>(graphOutputs);
        for (OnnxNode n : nodes) {
            for (String in : n.inputs()) {
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
        }
    }

    /** Registers the graph input, [C, H, W]. */
    void addInput(String vertex, long[] chw) {
        usedNames.add(vertex);
        values.put(vertex, new Value(vertex, chw, null));
    }

    /** Converts all nodes; returns the plans that the graph outputs depend on, in order. */
    List<VertexPlan> convert() {
        for (OnnxNode n : nodes) {
            if (!fused.contains(n)) {
                convertNode(n);
            }
        }
        return reachablePlans();
    }

    /** The vertex that produces an ONNX value. */
    String vertexOf(String valueName) {
        Value v = values.get(valueName);
        if (v == null) {
            throw new BadInputException(file, "graph output '" + valueName + "' is not computed by any node");
        }
        return v.vertex();
    }

    private void convertNode(OnnxNode n) {
        if (!n.domain().isEmpty() && !n.domain().equals("ai.onnx")) {
            throw n.unsupportedOp();
        }
        switch (n.op()) {
            case "Conv" -> conv(n);
            case "BatchNormalization" -> batchNorm(n);
            case "Relu" -> activation(n, Kind.RELU, Activation.RELU);
            case "MaxPool" -> pool(n, true);
            case "AveragePool" -> pool(n, false);
            case "GlobalAveragePool" -> globalAvgPool(n);
            case "Add" -> add(n);
            case "Flatten" -> flatten(n);
            case "Reshape" -> reshape(n);
            case "Gemm" -> gemm(n);
            case "MatMul" -> matMul(n);
            case "Softmax" -> softmax(n);
            case "Identity" -> alias(n, value(n, n.input(0)));
            case "Constant" -> constant(n);
            default -> throw n.unsupportedOp();
        }
    }

    private void conv(OnnxNode n) {
        n.allowOnly(Set.of("kernel_shape", "strides", "pads", "dilations", "group", "auto_pad"));
        Value x = spatial(n, n.input(0));
        INDArray w = constantInput(n, 1, "weight");
        if (w.rank() != 4) {
            throw n.unsupported("weight of rank " + w.rank() + " (only 2-D convolutions)");
        }
        if (n.intAttr("group", 1) != 1) {
            throw n.unsupported("group=" + n.intAttr("group", 1) + " (only group=1)");
        }
        long out = w.size(0);
        long in = w.size(1);
        int[] kernel = {(int) w.size(2), (int) w.size(3)};
        checkKernelShape(n, kernel);
        int[] stride = pair(n, "strides");
        int[] pads = symmetricPads(n);
        checkDilations(n);
        if (x.dims()[0] != in) {
            throw n.bad("gets " + x.dims()[0] + " input channels but its weight " + Arrays.toString(w.shape())
                    + " expects " + in);
        }
        INDArray bias = n.input(2).isEmpty() ? null : constantInput(n, 2, "bias");
        checkVector(n, bias, out, "bias");
        long[] dims = {out, outSize(n, x.dims()[1], kernel[0], stride[0], pads[0]),
                outSize(n, x.dims()[2], kernel[1], stride[1], pads[1])};
        VertexPlan p = plan(n, Kind.CONV, TorchCompatibleLayers.conv(in, out, kernel, stride, pads, bias != null),
                x.vertex()).geometry(kernel, stride, pads).channels(in, out);
        p.params.put("W", w);
        if (bias != null) {
            p.params.put("b", bias);
        }
        define(n.output(), p, dims);
    }

    private void batchNorm(OnnxNode n) {
        n.allowOnly(Set.of("epsilon", "momentum", "spatial", "training_mode", "is_test", "consumed_inputs"));
        if (n.intAttr("spatial", 1) != 1 || n.intAttr("training_mode", 0) != 0) {
            throw n.unsupported("spatial=0 or training_mode=1");
        }
        for (int i = 1; i < n.outputs().size(); i++) {
            String extra = n.outputs().get(i);
            if (!extra.isEmpty() && (consumers.containsKey(extra) || graphOutputs.contains(extra))) {
                throw n.unsupported("training outputs (running statistics) are used");
            }
        }
        Value x = value(n, n.input(0));
        if (!x.spatial()) {
            // DL4J 1.0.0-M2.1's BatchNormalization fails in inference on 2-D activations with workspaces on
            throw n.unsupported("BatchNormalization of a 2-D tensor (only [N,C,H,W])");
        }
        long c = x.dims()[0];
        String[] roles = {"scale", "bias", "mean", "var"};
        String[] params = {"gamma", "beta", "mean", "var"};
        double decay = n.floatAttr("momentum", 0.9f);
        double eps = n.floatAttr("epsilon", 1e-5f);
        VertexPlan p = plan(n, Kind.BATCH_NORM, TorchCompatibleLayers.batchNorm(c, eps, decay), x.vertex())
                .channels(c, c);
        for (int i = 0; i < 4; i++) {
            INDArray t = constantInput(n, i + 1, roles[i]);
            checkVector(n, t, c, roles[i]);
            p.params.put(params[i], t);
        }
        define(n.output(), p, x.dims());
    }

    private void activation(OnnxNode n, Kind kind, Activation fn) {
        n.allowOnly(Set.of());
        Value x = value(n, n.input(0));
        define(n.output(), plan(n, kind, TorchCompatibleLayers.activation(fn), x.vertex()), x.dims());
    }

    private void pool(OnnxNode n, boolean max) {
        n.allowOnly(max ? Set.of("kernel_shape", "strides", "pads", "dilations", "ceil_mode", "auto_pad", "storage_order")
                : Set.of("kernel_shape", "strides", "pads", "ceil_mode", "auto_pad", "count_include_pad"));
        if (n.outputs().size() > 1 && !n.outputs().get(1).isEmpty() && consumers.containsKey(n.outputs().get(1))) {
            throw n.unsupported("the Indices output is used");
        }
        if (n.intAttr("ceil_mode", 0) != 0) {
            throw n.unsupported("ceil_mode=1");
        }
        if (n.intAttr("storage_order", 0) != 0) {
            throw n.unsupported("storage_order=1");
        }
        Value x = spatial(n, n.input(0));
        long[] k = n.intsAttr("kernel_shape");
        if (k == null || k.length != 2) {
            throw n.unsupported("kernel_shape " + Arrays.toString(k) + " (need 2 values)");
        }
        int[] kernel = {(int) k[0], (int) k[1]};
        int[] stride = pair(n, "strides");
        int[] pads = symmetricPads(n);
        checkDilations(n);
        long[] dims = {x.dims()[0], outSize(n, x.dims()[1], kernel[0], stride[0], pads[0]),
                outSize(n, x.dims()[2], kernel[1], stride[1], pads[1])};
        Object layer = max ? TorchCompatibleLayers.maxPool(kernel, stride, pads)
                : TorchCompatibleLayers.avgPool(kernel, stride, pads, n.intAttr("count_include_pad", 0) != 0);
        VertexPlan p = plan(n, max ? Kind.MAX_POOL : Kind.AVG_POOL, layer, x.vertex()).geometry(kernel, stride, pads);
        define(n.output(), p, dims);
    }

    private void globalAvgPool(OnnxNode n) {
        n.allowOnly(Set.of());
        Value x = spatial(n, n.input(0));
        String out = n.output();
        boolean collapse = !graphOutputs.contains(out) && consumers.getOrDefault(out, List.of()).stream()
                .allMatch(c -> c.op().equals("Flatten") || c.op().equals("Reshape"));
        long c = x.dims()[0];
        define(out, plan(n, Kind.GLOBAL_AVG_POOL, TorchCompatibleLayers.globalAvgPool(collapse), x.vertex()),
                collapse ? new long[] {c} : new long[] {c, 1, 1});
    }

    private void add(OnnxNode n) {
        n.allowOnly(Set.of());
        if (constants.containsKey(n.input(0)) || constants.containsKey(n.input(1))) {
            throw n.unsupported("Add with a constant operand (only as the bias after MatMul)");
        }
        Value a = value(n, n.input(0));
        Value b = value(n, n.input(1));
        if (!Arrays.equals(a.dims(), b.dims())) {
            throw n.unsupported("broadcasting Add of shapes " + Arrays.toString(a.dims()) + " and "
                    + Arrays.toString(b.dims()));
        }
        define(n.output(), plan(n, Kind.ADD, new ElementWiseVertex(ElementWiseVertex.Op.Add), a.vertex(), b.vertex()),
                a.dims());
    }

    private void flatten(OnnxNode n) {
        n.allowOnly(Set.of("axis"));
        if (n.intAttr("axis", 1) != 1) {
            throw n.unsupported("axis=" + n.intAttr("axis", 1) + " (only axis=1)");
        }
        toFlat(n, value(n, n.input(0)));
    }

    private void reshape(OnnxNode n) {
        n.allowOnly(Set.of("shape", "allowzero"));
        Value x = value(n, n.input(0));
        long[] target = n.intsAttr("shape");
        if (target == null) {
            INDArray shape = constantInput(n, 1, "shape");
            target = shape.toLongVector();
        }
        long features = Arrays.stream(x.dims()).reduce(1, Math::multiplyExact);
        boolean batchFirst = target.length == 2 && (target[0] == 0 || target[0] == 1 || target[0] == -1);
        boolean flat = batchFirst && (target[1] == features || (target[1] == -1 && target[0] != -1));
        if (!flat || (target[0] == 0 && n.intAttr("allowzero", 0) != 0)) {
            throw n.unsupported("Reshape to " + Arrays.toString(target) + " (only flattening to [batch, "
                    + features + "])");
        }
        toFlat(n, x);
    }

    private void toFlat(OnnxNode n, Value x) {
        if (!x.spatial()) {
            alias(n, x);
            return;
        }
        long[] d = x.dims();
        VertexPlan p = plan(n, Kind.FLATTEN, new PreprocessorVertex(new CnnToFeedForwardPreProcessor(d[1], d[2], d[0])),
                x.vertex());
        define(n.output(), p, new long[] {d[0] * d[1] * d[2]});
    }

    private void gemm(OnnxNode n) {
        n.allowOnly(Set.of("alpha", "beta", "transA", "transB"));
        if (n.floatAttr("alpha", 1f) != 1f || n.floatAttr("beta", 1f) != 1f || n.intAttr("transA", 0) != 0) {
            throw n.unsupported("alpha/beta other than 1 or transA=1");
        }
        INDArray b = constantInput(n, 1, "weight");
        if (b.rank() != 2) {
            throw n.unsupported("weight of rank " + b.rank());
        }
        INDArray w = n.intAttr("transB", 0) != 0 ? b.transpose().dup('c') : b;
        INDArray bias = n.input(2).isEmpty() ? null : constantInput(n, 2, "bias");
        dense(n, value(n, n.input(0)), w, bias, n.output());
    }

    private void matMul(OnnxNode n) {
        n.allowOnly(Set.of());
        INDArray w = constantInput(n, 1, "weight");
        if (w.rank() != 2) {
            throw n.unsupported("MatMul with a weight of rank " + w.rank());
        }
        INDArray bias = null;
        String out = n.output();
        List<OnnxNode> next = consumers.getOrDefault(out, List.of());
        if (next.size() == 1 && next.get(0).op().equals("Add") && !graphOutputs.contains(out)) {
            OnnxNode add = next.get(0);
            String other = add.input(0).equals(out) ? add.input(1) : add.input(0);
            INDArray c = constants.get(other);
            if (c != null && c.length() == w.size(1) && (c.rank() == 1 || (c.rank() == 2 && c.size(0) == 1))) {
                bias = c.reshape(c.length());
                fused.add(add);
                out = add.output();
            }
        }
        dense(n, value(n, n.input(0)), w, bias, out);
    }

    private void dense(OnnxNode n, Value x, INDArray w, INDArray bias, String output) {
        if (x.spatial()) {
            throw n.unsupported("fully connected layer on a 4-D input (Flatten first)");
        }
        long in = w.size(0);
        long out = w.size(1);
        if (x.dims()[0] != in) {
            throw n.bad("gets " + x.dims()[0] + " features but its weight expects " + in);
        }
        checkVector(n, bias, out, "bias");
        VertexPlan p = plan(n, Kind.DENSE, TorchCompatibleLayers.dense(in, out, bias != null), x.vertex())
                .channels(in, out);
        p.params.put("W", w);
        if (bias != null) {
            p.params.put("b", bias);
        }
        define(output, p, new long[] {out});
    }

    private void softmax(OnnxNode n) {
        n.allowOnly(Set.of("axis"));
        Value x = value(n, n.input(0));
        long axis = n.intAttr("axis", opset < 13 ? 1 : -1);
        if (x.spatial() || (axis != 1 && axis != -1)) {
            throw n.unsupported("Softmax over axis " + axis + " of a " + (x.dims().length + 1) + "-D tensor"
                    + " (only over the features of a 2-D tensor)");
        }
        VertexPlan producer = plans.get(x.vertex());
        boolean soleUse = consumers.getOrDefault(n.input(0), List.of()).size() == 1
                && !graphOutputs.contains(n.input(0));
        if (x.producer() == Kind.DENSE && producer != null && producer.kind == Kind.DENSE && soleUse) {
            boolean hasBias = producer.params.containsKey("b");
            producer.config = TorchCompatibleLayers.softmaxOutput(producer.nIn, producer.nOut, hasBias);
            producer.kind = Kind.OUTPUT;
            values.put(n.output(), new Value(producer.name, x.dims(), Kind.OUTPUT));
            return;
        }
        define(n.output(), plan(n, Kind.SOFTMAX, TorchCompatibleLayers.activation(Activation.SOFTMAX), x.vertex()),
                x.dims());
    }

    private void alias(OnnxNode n, Value x) {
        values.put(n.output(), x);
    }

    private void constant(OnnxNode n) {
        n.allowOnly(Set.of("value"));
        Onnx.TensorProto t = n.tensorAttr("value");
        constants.put(n.output(), new OnnxTensorDecoder(file).decode(t, n.output()));
    }

    // ---- helpers ----

    private VertexPlan plan(OnnxNode n, Kind kind, Object config, String... inputs) {
        VertexPlan p = new VertexPlan(uniqueName(n), n.name(), kind, config, List.of(inputs));
        plans.put(p.name, p);
        return p;
    }

    private void define(String output, VertexPlan p, long[] dims) {
        values.put(output, new Value(p.name, dims, p.kind));
    }

    private String uniqueName(OnnxNode n) {
        String base = n.name().replaceAll("^/+", "").replace('/', '.').replaceAll("[^A-Za-z0-9._\\-:]", "_");
        if (base.isEmpty()) {
            base = n.op();
        }
        String name = base;
        for (int i = 1; !usedNames.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    private Value value(OnnxNode n, String name) {
        Value v = values.get(name);
        if (v == null) {
            throw n.bad(constants.containsKey(name)
                    ? "takes the constant '" + name + "' as data input, which is not supported"
                    : "reads '" + name + "', which no earlier node produces (graph not topologically sorted?)");
        }
        return v;
    }

    private Value spatial(OnnxNode n, String name) {
        Value v = value(n, name);
        if (!v.spatial()) {
            throw n.unsupported("needs a 4-D [N,C,H,W] input, got [N," + joinDims(v.dims()) + "]");
        }
        return v;
    }

    private INDArray constantInput(OnnxNode n, int index, String role) {
        String name = n.input(index);
        INDArray c = constants.get(name);
        if (c == null) {
            throw n.unsupported("its " + role + " input '" + name + "' is not a constant initializer");
        }
        return c;
    }

    private static void checkVector(OnnxNode n, INDArray v, long length, String role) {
        if (v != null && (v.length() != length || (v.rank() != 1 && !(v.rank() == 2 && v.size(0) == 1)))) {
            throw n.bad("has " + role + " of shape " + Arrays.toString(v.shape()) + ", expected [" + length + "]");
        }
    }

    private static void checkKernelShape(OnnxNode n, int[] kernel) {
        long[] k = n.intsAttr("kernel_shape");
        if (k != null && (k.length != 2 || k[0] != kernel[0] || k[1] != kernel[1])) {
            throw n.bad("has kernel_shape " + Arrays.toString(k) + " but its weight is " + Arrays.toString(kernel));
        }
    }

    private static int[] pair(OnnxNode n, String key) {
        long[] v = n.intsAttr(key);
        if (v == null) {
            return new int[] {1, 1};
        }
        if (v.length != 2 || v[0] < 1 || v[1] < 1) {
            throw n.unsupported(key + "=" + Arrays.toString(v));
        }
        return new int[] {(int) v[0], (int) v[1]};
    }

    private static int[] symmetricPads(OnnxNode n) {
        String autoPad = n.stringAttr("auto_pad", "NOTSET");
        if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
            throw n.unsupported("auto_pad=" + autoPad + " (explicit pads only)");
        }
        long[] p = n.intsAttr("pads");
        if (p == null || autoPad.equals("VALID")) {
            return new int[] {0, 0};
        }
        if (p.length != 4 || p[0] != p[2] || p[1] != p[3] || p[0] < 0 || p[1] < 0) {
            throw n.unsupported("pads=" + Arrays.toString(p) + " (only symmetric padding)");
        }
        return new int[] {(int) p[0], (int) p[1]};
    }

    private static void checkDilations(OnnxNode n) {
        long[] d = n.intsAttr("dilations");
        if (d != null && Arrays.stream(d).anyMatch(x -> x != 1)) {
            throw n.unsupported("dilations=" + Arrays.toString(d) + " (only 1)");
        }
    }

    private static long outSize(OnnxNode n, long in, int kernel, int stride, int pad) {
        long out = (in + 2L * pad - kernel) / stride + 1;
        if (in + 2L * pad < kernel || out < 1) {
            throw n.bad("input size " + in + " is too small for kernel " + kernel + " with padding " + pad);
        }
        return out;
    }

    private static String joinDims(long[] dims) {
        return Arrays.toString(dims).replaceAll("[\\[\\]]", "");
    }

    /** Plans the graph outputs depend on, in conversion order (dead branches are dropped). */
    private List<VertexPlan> reachablePlans() {
        Set<String> needed = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        for (String out : graphOutputs) {
            todo.add(vertexOf(out));
        }
        while (!todo.isEmpty()) {
            String v = todo.pop();
            VertexPlan p = plans.get(v);
            if (p != null && needed.add(v)) {
                todo.addAll(p.inputs);
            }
        }
        return plans.values().stream().filter(p -> needed.contains(p.name)).toList();
    }
}
