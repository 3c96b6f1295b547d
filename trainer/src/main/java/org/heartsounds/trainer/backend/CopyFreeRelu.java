package org.heartsounds.trainer.backend;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.layers.ActivationLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.heartsounds.trainer.backend.onednn.DirectRelu;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's {@link ActivationLayer} for a plain ReLU, training without its two defensive copies. DL4J's layer copies its
 * input before the forward ReLU (which it then computes in place on the copy) and again before the backward pass
 * (whose op writes into yet another array): two extra passes over every activation per step, 34 in ResNet-18. This
 * implementation computes {@code max(x, 0)} and {@code x > 0 ? dy : 0} from the layer's input into a fresh array, with
 * oneDNN's vectorised eltwise primitives ({@link DirectRelu}; libnd4j's ReLU gradient evaluates a
 * {@code std::function} per element) or, without oneDNN, the same two libnd4j ops DL4J runs. Both give the values
 * DL4J gives (a comparison and a selection, no arithmetic), and the layer never writes its input.
 *
 * <p>Only the layer's implementation object changes ({@link #install}): the configuration is DL4J's own
 * {@code ActivationLayer} with {@code ActivationReLU}, saved and restored by {@code ModelSerializer} as always.
 * Inference, dropout and any other activation stay with DL4J's code.
 */
public final class CopyFreeRelu extends ActivationLayer {
    private final DirectRelu direct;

    private CopyFreeRelu(NeuralNetConfiguration conf, DataType dataType, boolean oneDnn) {
        super(conf, dataType);
        this.direct = oneDnn ? DirectRelu.create() : null;
    }

    /**
     * Replaces the implementation of every plain-ReLU activation layer of {@code graph} (no dropout, ReLU without
     * max, threshold or slope) by this one. Returns the vertex names replaced; none when DL4J's classes are not laid
     * out as expected (then nothing changes).
     */
    public static List<String> install(ComputationGraph graph) {
        return install(graph, true);
    }

    /** As {@link #install(ComputationGraph)}; {@code oneDnn} false keeps libnd4j's ops for the arithmetic. */
    public static List<String> install(ComputationGraph graph, boolean oneDnn) {
        List<String> replaced = new ArrayList<>();
        Field field;
        try {
            field = LayerVertex.class.getDeclaredField("layer");
            field.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return replaced;
        }
        Layer[] layers = graph.getLayers();
        for (GraphVertex v : graph.getVertices()) {
            if (!(v instanceof LayerVertex lv) || lv.getLayer() == null
                    || lv.getLayer().getClass() != ActivationLayer.class || !plainRelu(lv.getLayer())) {
                continue;
            }
            Layer old = lv.getLayer();
            CopyFreeRelu fresh = new CopyFreeRelu(old.conf(), ((ActivationLayer) old).getDataType(), oneDnn);
            fresh.setIndex(old.getIndex());
            fresh.setListeners(old.getListeners());
            try {
                field.set(lv, fresh);
            } catch (IllegalAccessException e) {
                return replaced;
            }
            for (int i = 0; i < layers.length; i++) {
                if (layers[i] == old) {
                    layers[i] = fresh;
                }
            }
            replaced.add(v.getVertexName());
        }
        return replaced;
    }

    private static boolean plainRelu(Layer layer) {
        var conf = (org.deeplearning4j.nn.conf.layers.ActivationLayer) layer.conf().getLayer();
        return conf.getIDropout() == null && DirectRelu.isPlain(conf.getActivationFn());
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        if (!training) {
            return super.activate(false, mgr);
        }
        assertInputSet(false);
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), input.shape(),
                input.ordering());
        if (direct != null && DirectRelu.covers(input, out)) {
            direct.forward(input, out);
        } else {
            Nd4j.getExecutioner().exec(new RectifiedLinear(input, out));
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        INDArray delta = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(),
                input.ordering());
        if (direct != null && DirectRelu.covers(input, epsilon, delta)) {
            direct.backward(input, epsilon, delta);
        } else {
            Nd4j.getExecutioner().exec(new RectifiedLinearDerivative(input, epsilon, delta, 0.0));
        }
        return new Pair<>(new DefaultGradient(), delta);
    }
}
