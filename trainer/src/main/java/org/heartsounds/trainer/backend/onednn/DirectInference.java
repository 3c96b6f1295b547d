package org.heartsounds.trainer.backend.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.eltwise_forward;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.inner_product_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.pooling_forward;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.reorder;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs an inference graph (the one {@code InferenceGraphOptimizer} makes: BatchNorm folded into the convolutions)
 * as one chain of oneDNN primitives for one input shape, the way inference runtimes do it: activations stay in the
 * blocked layouts oneDNN picks from the network input to the classifier (no conversion between layers), weights are
 * converted once when the chain is built, a ReLU is a post-op of the convolution before it, and the residual addition
 * and the ReLU after it are post-ops ({@code sum}, then {@code eltwise_relu}) of the convolution that produces the
 * addition's second input, which writes into the first input's buffer when nothing else still reads it. Every buffer
 * is allocated once. The output layer's activation (softmax, sigmoid) is DL4J's own, on the logits.
 *
 * <p>Written by hand because DL4J has no graph-level oneDNN execution (its helpers run layer by layer, converting
 * to and from NCHW around every convolution). Covers 2-D convolutions (NCHW, no dilation, not {@code Same} mode,
 * identity or ReLU activation), max pooling, ReLU activation layers, two-input additions, global average or max
 * pooling, and fully connected layers after global pooling; {@link #compile} returns empty with the reason for any
 * other graph, and callers keep DL4J's own execution.
 */
public final class DirectInference {
    private final Dnnl dnnl;
    private final long[] inputShape;
    private final memory input;
    private final List<Step> steps;
    private final INDArray logits;
    private final IActivation outputActivation;
    private final List<Object> keepAlive;
    private final String summary;

    private record Step(primitive primitive, IntMemoryMap args) {
    }

    /** A vertex's output: its oneDNN memory, descriptor and logical dims (NCHW, or NC after global pooling). */
    private record Tensor(memory mem, memory.desc desc, long[] dims) {
    }

    /** Why a graph cannot be compiled. */
    private static final class Unsupported extends Exception {
        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    /** A compiled chain, or why there is none. */
    public record Compiled(DirectInference inference, String refusal) {
        public Optional<DirectInference> get() {
            return Optional.ofNullable(inference);
        }
    }

    private DirectInference(Dnnl dnnl, long[] inputShape, memory input, List<Step> steps, INDArray logits,
                            IActivation outputActivation, List<Object> keepAlive, String summary) {
        this.dnnl = dnnl;
        this.inputShape = inputShape.clone();
        this.input = input;
        this.steps = List.copyOf(steps);
        this.logits = logits;
        this.outputActivation = outputActivation;
        this.keepAlive = List.copyOf(keepAlive);
        this.summary = summary;
    }

    /**
     * Builds the chain for float NCHW input of {@code inputShape} ({@code [n, c, h, w]}); the graph's parameters are
     * copied (a later change to them is not seen). Never throws for an unsupported graph: the result says why.
     */
    public static Compiled compile(ComputationGraph graph, long[] inputShape) {
        if (!Dnnl.available()) {
            return new Compiled(null, "oneDNN (org.bytedeco:dnnl) is not available");
        }
        try {
            return new Compiled(new Builder(Dnnl.get(), graph, inputShape).build(), null);
        } catch (Unsupported e) {
            return new Compiled(null, e.getMessage());
        }
    }

    /** The input shape this chain was built for. */
    public long[] inputShape() {
        return inputShape.clone();
    }

    /** E.g. {@code "oneDNN chain: 20 convolutions (8 with the residual sum), 1 pooling, ..."}. */
    public String summary() {
        return summary;
    }

    /**
     * The network's output for {@code nchw} (exactly {@link #inputShape()}): the output layer's activation applied
     * to the logits, as DL4J's {@code outputSingle(false, x)} returns it. Not thread-safe: one call at a time.
     */
    public synchronized INDArray output(INDArray nchw) {
        if (!java.util.Arrays.equals(nchw.shape(), inputShape)) {
            throw new IllegalArgumentException("input shape " + java.util.Arrays.toString(nchw.shape())
                    + " but the chain was built for " + java.util.Arrays.toString(inputShape));
        }
        INDArray x = Dnnl.dense(nchw) ? nchw : nchw.castTo(DataType.FLOAT).dup('c');
        Dnnl.bind(input, x);
        for (Step s : steps) {
            s.primitive().execute(dnnl.stream, s.args());
        }
        dnnl.stream._wait();
        return outputActivation.getActivation(logits.dup(), false);
    }

    /** Compiles one graph; each method handles one kind of vertex. */
    private static final class Builder {
        private final Dnnl dnnl;
        private final ComputationGraph graph;
        private final ComputationGraphConfiguration conf;
        private final long[] inputShape;
        private final List<Step> steps = new ArrayList<>();
        private final List<Object> keepAlive = new ArrayList<>();
        private final Map<String, Tensor> outputs = new HashMap<>();
        private final Map<String, List<String>> consumers = new HashMap<>();
        private final Map<String, Integer> position = new HashMap<>();
        private final java.util.Set<String> done = new java.util.HashSet<>();
        private final int[] counts = new int[6]; // conv, conv with sum, pooling, relu, global pooling, dense
        private memory input;
        private INDArray logits;
        private IActivation outputActivation;

        Builder(Dnnl dnnl, ComputationGraph graph, long[] inputShape) {
            this.dnnl = dnnl;
            this.graph = graph;
            this.conf = graph.getConfiguration();
            this.inputShape = inputShape.clone();
        }

        DirectInference build() throws Unsupported {
            if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
                throw new Unsupported("needs one input and one output");
            }
            if (inputShape.length != 4) {
                throw new Unsupported("needs a 4-d NCHW input");
            }
            conf.getVertexInputs().forEach((name, ins) -> ins.forEach(i ->
                    consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(name)));
            GraphVertex[] vertices = graph.getVertices();
            int[] order = graph.topologicalSortOrder();
            for (int p = 0; p < order.length; p++) {
                position.put(vertices[order[p]].getVertexName(), p);
            }
            String inputName = conf.getNetworkInputs().get(0);
            memory.desc inDesc = Dnnl.desc(inputShape, memory.format_tag.nchw);
            input = dnnl.user(inDesc);
            outputs.put(inputName, new Tensor(input, inDesc, inputShape));
            String outputName = conf.getNetworkOutputs().get(0);
            for (int idx : order) {
                GraphVertex v = vertices[idx];
                String name = v.getVertexName();
                if (name.equals(inputName) || done.contains(name)) {
                    continue;
                }
                List<String> ins = conf.getVertexInputs().get(name);
                if (v instanceof LayerVertex lv) {
                    if (lv.getLayerPreProcessor() != null) {
                        throw new Unsupported(name + " has an input pre-processor");
                    }
                    layer(name, lv.getLayer().conf().getLayer(), lv.getLayer(), ins, name.equals(outputName));
                } else if (v instanceof org.deeplearning4j.nn.graph.vertex.impl.ElementWiseVertex) {
                    throw new Unsupported(name + ": an addition whose inputs are not a convolution's output");
                } else {
                    throw new Unsupported(name + ": vertex " + v.getClass().getSimpleName());
                }
            }
            if (logits == null) {
                throw new Unsupported("the output is not a fully connected layer");
            }
            String summary = String.format(java.util.Locale.ROOT, "oneDNN chain: %d convolutions (%d with the "
                    + "residual sum fused), %d pooling, %d separate ReLU, %d global pooling, %d fully connected",
                    counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]);
            return new DirectInference(dnnl, inputShape, input, steps, logits, outputActivation, keepAlive, summary);
        }

        private void layer(String name, Layer conf, org.deeplearning4j.nn.api.Layer impl, List<String> ins,
                           boolean isOutput) throws Unsupported {
            if (ins.size() != 1) {
                throw new Unsupported(name + " has " + ins.size() + " inputs");
            }
            Tensor src = outputs.get(ins.get(0));
            if (conf instanceof ConvolutionLayer c && !isOutput) {
                convolution(name, c, impl, src);
            } else if (conf instanceof SubsamplingLayer s && !isOutput) {
                pooling(name, s, src);
            } else if (conf instanceof ActivationLayer a && !isOutput && relu(a.getActivationFn())) {
                eltwiseRelu(name, src, ins.get(0));
            } else if (conf instanceof GlobalPoolingLayer g && !isOutput) {
                globalPooling(name, g, src);
            } else if (conf instanceof DenseLayer || conf instanceof BaseOutputLayer) {
                dense(name, (org.deeplearning4j.nn.conf.layers.FeedForwardLayer) conf, impl, src, isOutput);
            } else {
                throw new Unsupported(name + ": " + conf.getClass().getSimpleName()
                        + (isOutput ? " as the output" : ""));
            }
        }

        private void convolution(String name, ConvolutionLayer c, org.deeplearning4j.nn.api.Layer impl, Tensor src)
                throws Unsupported {
            if (c.getClass() != ConvolutionLayer.class || c.getCnn2dDataFormat() != CNN2DFormat.NCHW
                    || c.getConvolutionMode() == ConvolutionMode.Same || c.getDilation()[0] != 1
                    || c.getDilation()[1] != 1 || src.dims().length != 4) {
                throw new Unsupported(name + ": a convolution this chain does not cover (NCHW, no dilation, not "
                        + "Same mode)");
            }
            boolean reluAfter = relu(c.getActivationFn());
            if (!reluAfter && !(c.getActivationFn() instanceof ActivationIdentity)) {
                throw new Unsupported(name + ": activation " + c.getActivationFn());
            }
            INDArray w = impl.getParam("W").castTo(DataType.FLOAT).dup('c');
            INDArray b = c.hasBias() ? impl.getParam("b").castTo(DataType.FLOAT).dup('c') : null;
            long[] wd = w.shape();
            long[] s = src.dims();
            long[] stride = {c.getStride()[0], c.getStride()[1]};
            long[] padL = {c.getPadding()[0], c.getPadding()[1]};
            long[] size = Dnnl.truncated(new long[] {s[2], s[3]}, new long[] {wd[2], wd[3]}, stride, padL);
            long[] padR = {size[2], size[3]};
            long[] dstDims = {s[0], wd[0], size[0], size[1]};

            // the residual pattern: this convolution's only consumer adds it to a tensor computed before it
            Fusion fusion = reluAfter ? null : residual(name, dstDims);
            post_ops ops = new post_ops();
            if (fusion != null) {
                ops.append_sum(1.0f, memory.data_type.undef);
            }
            if (reluAfter || (fusion != null && fusion.relu() != null)) {
                ops.append_eltwise(1.0f, algorithm.eltwise_relu.value, 0f, 0f);
            }
            primitive_attr attr = new primitive_attr();
            attr.set_post_ops(ops);
            memory.desc srcDesc = src.mem() == input ? Dnnl.desc(s, memory.format_tag.any) : src.desc();
            memory.desc dstDesc = fusion != null ? fusion.other().desc() : Dnnl.desc(dstDims, memory.format_tag.any);
            memory.desc weiAny = Dnnl.desc(wd, memory.format_tag.any);
            int inference = prop_kind.forward_inference.value;
            int direct = algorithm.convolution_direct.value;
            convolution_forward.desc d = b != null
                    ? new convolution_forward.desc(inference, direct, srcDesc, weiAny,
                            Dnnl.desc(new long[] {wd[0]}, memory.format_tag.a), dstDesc, stride, padL, padR)
                    : new convolution_forward.desc(inference, direct, srcDesc, weiAny, dstDesc, stride, padL, padR);
            convolution_forward.primitive_desc pd = new convolution_forward.primitive_desc(d, attr, dnnl.engine);
            memory srcMem = convertInput(src, pd.src_desc());
            memory weights = constant(w, Dnnl.desc(wd, memory.format_tag.oihw), pd.weights_desc());
            memory dst;
            String produced = name;
            if (fusion != null) {
                dst = fusion.inPlace() ? fusion.other().mem() : copyOf(fusion.other());
                done.add(fusion.add());
                produced = fusion.add();
                if (fusion.relu() != null) {
                    done.add(fusion.relu());
                    produced = fusion.relu();
                }
                counts[1]++;
            } else {
                dst = new memory(pd.dst_desc(), dnnl.engine);
            }
            IntMemoryMap args = new IntMemoryMap();
            args.put(DNNL_ARG_SRC, srcMem);
            args.put(DNNL_ARG_WEIGHTS, weights);
            if (b != null) {
                memory bias = dnnl.user(Dnnl.desc(new long[] {wd[0]}, memory.format_tag.a));
                Dnnl.bind(bias, b);
                keepAlive.add(b);
                args.put(DNNL_ARG_BIAS, bias);
            }
            args.put(DNNL_ARG_DST, dst);
            steps.add(new Step(new convolution_forward(pd), args));
            counts[0]++;
            Tensor out = new Tensor(dst, pd.dst_desc(), dstDims);
            outputs.put(name, out);
            outputs.put(produced, out);
        }

        /** The addition (and ReLU) this convolution can take over, the tensor it adds to, and whether in place. */
        private record Fusion(String add, String relu, Tensor other, boolean inPlace) {
        }

        private Fusion residual(String conv, long[] dstDims) {
            List<String> next = consumers.getOrDefault(conv, List.of());
            if (next.size() != 1 || conf.getNetworkOutputs().contains(conv)) {
                return null;
            }
            String add = next.get(0);
            if (!(conf.getVertices().get(add) instanceof ElementWiseVertex e) || e.getOp() != ElementWiseVertex.Op.Add
                    || conf.getVertexInputs().get(add).size() != 2 || conf.getNetworkOutputs().contains(add)) {
                return null;
            }
            List<String> ins = conf.getVertexInputs().get(add);
            String otherName = ins.get(0).equals(conv) ? ins.get(1) : ins.get(0);
            Tensor other = outputs.get(otherName);
            if (otherName.equals(conv) || other == null || !java.util.Arrays.equals(other.dims(), dstDims)
                    || other.mem() == input) {
                return null; // the other input comes later: the convolution producing it takes the sum
            }
            String relu = null;
            List<String> afterAdd = consumers.getOrDefault(add, List.of());
            if (afterAdd.size() == 1 && !conf.getNetworkOutputs().contains(afterAdd.get(0))
                    && conf.getVertices().get(afterAdd.get(0)) instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv
                    && lv.getPreProcessor() == null
                    && lv.getLayerConf().getLayer() instanceof ActivationLayer a && relu(a.getActivationFn())) {
                relu = afterAdd.get(0);
            }
            int here = position.get(conv);
            boolean inPlace = true;
            for (String reader : consumers.getOrDefault(otherName, List.of())) {
                if (!reader.equals(add) && position.get(reader) > here) {
                    inPlace = false; // someone still reads it after this convolution
                }
            }
            return new Fusion(add, relu, other, inPlace && !conf.getNetworkOutputs().contains(otherName));
        }

        private void pooling(String name, SubsamplingLayer s, Tensor src) throws Unsupported {
            if (s.getClass() != SubsamplingLayer.class || s.getPoolingType() != org.deeplearning4j.nn.conf.layers.PoolingType.MAX
                    || s.getCnn2dDataFormat() != CNN2DFormat.NCHW || s.getConvolutionMode() == ConvolutionMode.Same
                    || s.getDilation()[0] != 1 || s.getDilation()[1] != 1 || src.dims().length != 4) {
                throw new Unsupported(name + ": pooling other than max pooling (NCHW, no dilation, not Same)");
            }
            long[] d = src.dims();
            long[] k = {s.getKernelSize()[0], s.getKernelSize()[1]};
            long[] stride = {s.getStride()[0], s.getStride()[1]};
            long[] padL = {s.getPadding()[0], s.getPadding()[1]};
            long[] size = Dnnl.truncated(new long[] {d[2], d[3]}, k, stride, padL);
            long[] padR = {size[2], size[3]};
            long[] dstDims = {d[0], d[1], size[0], size[1]};
            pooling_forward.primitive_desc pd = new pooling_forward.primitive_desc(new pooling_forward.desc(
                    prop_kind.forward_inference.value, algorithm.pooling_max.value, src.desc(),
                    Dnnl.desc(dstDims, memory.format_tag.any), stride, k, padL, padR), dnnl.engine);
            memory dst = new memory(pd.dst_desc(), dnnl.engine);
            IntMemoryMap args = new IntMemoryMap();
            args.put(DNNL_ARG_SRC, convertInput(src, pd.src_desc()));
            args.put(DNNL_ARG_DST, dst);
            steps.add(new Step(new pooling_forward(pd), args));
            counts[2]++;
            outputs.put(name, new Tensor(dst, pd.dst_desc(), dstDims));
        }

        private void eltwiseRelu(String name, Tensor src, String producer) {
            boolean inPlace = consumers.getOrDefault(producer, List.of()).size() == 1 && src.mem() != input
                    && !conf.getNetworkOutputs().contains(producer);
            eltwise_forward.primitive_desc pd = new eltwise_forward.primitive_desc(new eltwise_forward.desc(
                    prop_kind.forward_inference.value, algorithm.eltwise_relu.value, src.desc(), 0f, 0f),
                    dnnl.engine);
            memory dst = inPlace ? src.mem() : new memory(src.desc(), dnnl.engine);
            IntMemoryMap args = new IntMemoryMap();
            args.put(DNNL_ARG_SRC, src.mem());
            args.put(DNNL_ARG_DST, dst);
            steps.add(new Step(new eltwise_forward(pd), args));
            counts[3]++;
            outputs.put(name, new Tensor(dst, src.desc(), src.dims()));
        }

        private void globalPooling(String name, GlobalPoolingLayer g, Tensor src) throws Unsupported {
            int[] dims = g.getPoolingDimensions();
            if (src.dims().length != 4 || (dims != null && !java.util.Arrays.equals(dims, new int[] {2, 3}))
                    || !(g.getPoolingType() == org.deeplearning4j.nn.conf.layers.PoolingType.AVG
                    || g.getPoolingType() == org.deeplearning4j.nn.conf.layers.PoolingType.MAX)
                    || !g.isCollapseDimensions()) {
                throw new Unsupported(name + ": global pooling other than average/max over H, W (collapsed)");
            }
            long[] d = src.dims();
            long[] pooled = {d[0], d[1], 1, 1};
            int alg = g.getPoolingType() == org.deeplearning4j.nn.conf.layers.PoolingType.AVG ? algorithm.pooling_avg_exclude_padding.value
                    : algorithm.pooling_max.value;
            // pooled in the layout oneDNN prefers (a plain destination makes it fall back to its reference code),
            // then converted into a plain buffer: [n, c, 1, 1] in NCHW is [n, c] row-major
            pooling_forward.primitive_desc pd = new pooling_forward.primitive_desc(new pooling_forward.desc(
                    prop_kind.forward_inference.value, alg, src.desc(), Dnnl.desc(pooled, memory.format_tag.any),
                    new long[] {1, 1}, new long[] {d[2], d[3]}, new long[] {0, 0}, new long[] {0, 0}), dnnl.engine);
            memory pooledMem = new memory(pd.dst_desc(), dnnl.engine);
            IntMemoryMap args = new IntMemoryMap();
            args.put(DNNL_ARG_SRC, convertInput(src, pd.src_desc()));
            args.put(DNNL_ARG_DST, pooledMem);
            steps.add(new Step(new pooling_forward(pd), args));
            counts[4]++;
            memory.desc plain = Dnnl.desc(pooled, memory.format_tag.nchw);
            memory dst = convertInput(new Tensor(pooledMem, pd.dst_desc(), pooled), plain);
            memory.desc nc = Dnnl.desc(new long[] {d[0], d[1]}, memory.format_tag.nc);
            memory flat = new memory(nc, dnnl.engine, dst.get_data_handle());
            keepAlive.add(dst);
            outputs.put(name, new Tensor(flat, nc, new long[] {d[0], d[1]}));
        }

        private void dense(String name, org.deeplearning4j.nn.conf.layers.FeedForwardLayer f,
                           org.deeplearning4j.nn.api.Layer impl, Tensor src, boolean isOutput) throws Unsupported {
            if (src.dims().length != 2) {
                throw new Unsupported(name + ": a fully connected layer not after global pooling");
            }
            IActivation act = f.getActivationFn();
            boolean reluAfter = relu(act);
            if (!isOutput && !reluAfter && !(act instanceof ActivationIdentity)) {
                throw new Unsupported(name + ": hidden activation " + act);
            }
            // DL4J keeps W as [nIn, nOut]; oneDNN wants [nOut, nIn]
            INDArray w = impl.getParam("W").castTo(DataType.FLOAT).transpose().dup('c');
            INDArray b = impl.getParam("b") == null ? null : impl.getParam("b").castTo(DataType.FLOAT).dup('c');
            long n = src.dims()[0];
            long out = w.size(0);
            long[] dstDims = {n, out};
            post_ops ops = new post_ops();
            if (reluAfter && !isOutput) {
                ops.append_eltwise(1.0f, algorithm.eltwise_relu.value, 0f, 0f);
            }
            primitive_attr attr = new primitive_attr();
            attr.set_post_ops(ops);
            memory.desc dstDesc = Dnnl.desc(dstDims, memory.format_tag.nc);
            memory.desc weiAny = Dnnl.desc(w.shape(), memory.format_tag.any);
            inner_product_forward.desc d = b != null
                    ? new inner_product_forward.desc(prop_kind.forward_inference.value, src.desc(), weiAny,
                            Dnnl.desc(new long[] {out}, memory.format_tag.a), dstDesc)
                    : new inner_product_forward.desc(prop_kind.forward_inference.value, src.desc(), weiAny, dstDesc);
            inner_product_forward.primitive_desc pd = new inner_product_forward.primitive_desc(d, attr, dnnl.engine);
            memory dst;
            if (isOutput) {
                logits = Nd4j.createUninitialized(DataType.FLOAT, n, out);
                dst = dnnl.user(dstDesc);
                Dnnl.bind(dst, logits);
                outputActivation = act;
            } else {
                dst = new memory(dstDesc, dnnl.engine);
            }
            IntMemoryMap args = new IntMemoryMap();
            args.put(DNNL_ARG_SRC, convertInput(src, pd.src_desc()));
            args.put(DNNL_ARG_WEIGHTS, constant(w, Dnnl.desc(w.shape(), memory.format_tag.oi), pd.weights_desc()));
            if (b != null) {
                memory bias = dnnl.user(Dnnl.desc(new long[] {out}, memory.format_tag.a));
                Dnnl.bind(bias, b);
                keepAlive.add(b);
                args.put(DNNL_ARG_BIAS, bias);
            }
            args.put(DNNL_ARG_DST, dst);
            steps.add(new Step(new inner_product_forward(pd), args));
            counts[5]++;
            outputs.put(name, new Tensor(dst, dstDesc, dstDims));
        }

        /** {@code src}'s memory in the layout a primitive wants, with a conversion step when they differ. */
        private memory convertInput(Tensor src, memory.desc wanted) {
            return src.desc().equals(wanted) ? src.mem() : reorderStep(src.mem(), wanted);
        }

        /** A copy of {@code t} refreshed by a step before its reader runs (when it cannot be written in place). */
        private memory copyOf(Tensor t) {
            return reorderStep(t.mem(), t.desc());
        }

        /** A new buffer of {@code desc} that a step fills from {@code from} on every call. */
        private memory reorderStep(memory from, memory.desc desc) {
            memory to = new memory(desc, dnnl.engine);
            IntMemoryMap args = new IntMemoryMap();
            args.put(DNNL_ARG_SRC, from);
            args.put(DNNL_ARG_DST, to);
            steps.add(new Step(new reorder(from, to), args));
            return to;
        }

        /** A weight tensor converted once into the layout the primitive chose. */
        private memory constant(INDArray values, memory.desc userDesc, memory.desc chosen) {
            memory user = dnnl.user(userDesc);
            Dnnl.bind(user, values);
            memory converted = new memory(chosen, dnnl.engine);
            new reorder(user, converted).execute(dnnl.stream, user, converted);
            dnnl.stream._wait();
            keepAlive.add(values);
            return converted;
        }

        private static boolean relu(IActivation a) {
            return DirectRelu.isPlain(a);
        }
    }
}
