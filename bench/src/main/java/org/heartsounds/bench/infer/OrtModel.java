package org.heartsounds.bench.infer;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import org.heartsounds.core.BadInputException;

/**
 * An ONNX model in ONNX Runtime's Java API on the CPU: one session with all graph optimisations, {@code threads}
 * intra-op threads and one inter-op thread (sequential execution), fed a single float NCHW input.
 */
public final class OrtModel implements AutoCloseable {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final int threads;

    private OrtModel(OrtEnvironment env, OrtSession session, String inputName, int threads) {
        this.env = env;
        this.session = session;
        this.inputName = inputName;
        this.threads = threads;
    }

    /** Opens {@code file} with {@code threads} intra-op threads. */
    public static OrtModel open(Path file, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession session = env.createSession(file.toString(), options);
            Map<String, NodeInfo> inputs = session.getInputInfo();
            if (inputs.size() != 1 || !(inputs.values().iterator().next().getInfo() instanceof TensorInfo)) {
                session.close();
                throw new BadInputException(file, "ONNX Runtime sees " + inputs.size()
                        + " inputs; one image tensor input is required");
            }
            return new OrtModel(env, session, inputs.keySet().iterator().next(), threads);
        } catch (OrtException e) {
            throw new BadInputException(file, "ONNX Runtime cannot load it: " + e.getMessage(), e);
        }
    }

    /** The input's shape as the model declares it; -1 for a dynamic dimension. */
    public long[] inputShape() throws OrtException {
        TensorInfo info = (TensorInfo) session.getInputInfo().get(inputName).getInfo();
        return info.getShape().clone();
    }

    /** Intra-op threads of the session. */
    public int threads() {
        return threads;
    }

    /** ONNX Runtime's version, e.g. {@code 1.28.0}. */
    public String version() {
        return env.getVersion();
    }

    /** A float tensor of {@code shape} over {@code values} (row-major), ready for {@link #run(OnnxTensor)}. */
    public OnnxTensor tensor(float[] values, long[] shape) throws OrtException {
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(values), shape);
    }

    /** Runs the model and returns its first output flattened (row-major). */
    public float[] run(OnnxTensor input) throws OrtException {
        try (OrtSession.Result result = session.run(Map.of(inputName, input))) {
            OnnxValue out = result.get(0);
            if (!(out instanceof OnnxTensor t)) {
                throw new OrtException("first output is not a tensor");
            }
            FloatBuffer fb = t.getFloatBuffer();
            float[] values = new float[fb.remaining()];
            fb.get(values);
            return values;
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
