package org.heartsounds.evaluation.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.heartsounds.core.BadInputException;

/**
 * An ONNX model in an ONNX Runtime session (Java API, CPU): the one place heartsounds opens ONNX Runtime, for
 * {@link OnnxClassifier} (evaluate, predict), the export's parity check and the latency benchmarks. Sessions run
 * sequentially with all graph optimisations and {@code threads} intra-op threads (0: ONNX Runtime's default, all
 * cores); they share the process-wide environment ({@link #environment()}: ONNX Runtime allows one per process, it is
 * never closed, and it logs warnings and errors only).
 *
 * <p>Nothing in a model file is executed as code: ONNX Runtime only interprets the graph.
 */
public final class OrtModel implements AutoCloseable {
    private final OrtSession session;
    private final String inputName;

    private OrtModel(OrtSession session, String inputName) {
        this.session = session;
        this.inputName = inputName;
    }

    private static final class Holder {
        static final OrtEnvironment ENV = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
                "heartsounds");
    }

    /** The shared environment, created on first use. */
    public static OrtEnvironment environment() {
        return Holder.ENV;
    }

    /** Opens {@code file} with {@code threads} intra-op threads; bad input unless it has one tensor input. */
    public static OrtModel open(Path file, int threads) {
        OrtModel model = open(file, null, threads);
        try {
            model.requireOneTensorInput(file);
            return model;
        } catch (RuntimeException e) {
            model.closeQuietly();
            throw e;
        }
    }

    /**
     * Opens a model from {@code bytes} (already read, e.g. with a size bound) or, when null, from {@code file}, which
     * errors name; bad input unless ONNX Runtime loads it. Its inputs are the caller's to check.
     */
    public static OrtModel open(Path file, byte[] bytes, int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (threads > 0) {
                options.setIntraOpNumThreads(threads);
            }
            options.setInterOpNumThreads(1);
            // idle intra-op threads sleep instead of spinning: spinning gained ONNX Runtime nothing here (ResNet-18,
            // 224 px, batch 1, 2 threads: 10.73 ms median either way) and took the cores from whatever ran next in
            // this process (DL4J after it: 36.8 against 25.7 ms)
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession session = bytes != null ? environment().createSession(bytes, options)
                    : environment().createSession(file.toString(), options);
            Map<String, NodeInfo> inputs = session.getInputInfo();
            return new OrtModel(session, inputs.size() == 1 ? inputs.keySet().iterator().next() : null);
        } catch (OrtException e) {
            throw new BadInputException(file, "ONNX Runtime cannot load it: " + e.getMessage(), e);
        }
    }

    /** Bad input naming {@code file} unless the model has exactly one input and it is a tensor. */
    private void requireOneTensorInput(Path file) {
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            if (inputs.size() != 1) {
                throw new BadInputException(file, "has " + inputs.size() + " inputs " + inputs.keySet()
                        + "; an image classifier has one");
            }
            NodeInfo input = inputs.values().iterator().next();
            if (!(input.getInfo() instanceof TensorInfo)) {
                throw new BadInputException(file, "input '" + input.getName() + "' is not a tensor: "
                        + input.getInfo());
            }
        } catch (OrtException e) {
            throw new BadInputException(file, "ONNX Runtime cannot describe it: " + e.getMessage(), e);
        }
    }

    /** The session, for its input, output and metadata descriptions. */
    public OrtSession session() {
        return session;
    }

    /** The input's shape as the model declares it; -1 for a dynamic dimension. */
    public long[] inputShape() throws OrtException {
        TensorInfo info = (TensorInfo) session.getInputInfo().get(inputName).getInfo();
        return info.getShape().clone();
    }

    /** ONNX Runtime's version, e.g. {@code 1.28.0}. */
    public String version() {
        return environment().getVersion();
    }

    /** A float tensor of {@code shape} over {@code values} (row-major), ready for {@link #run(OnnxTensor)}. */
    public OnnxTensor tensor(float[] values, long[] shape) throws OrtException {
        return OnnxTensor.createTensor(environment(), FloatBuffer.wrap(values), shape);
    }

    /** A float output: its values (row-major) and its shape. */
    public record Output(float[] values, long[] shape) {
    }

    /** Runs the model on {@code values} of {@code shape}; its first output, which must be a float tensor. */
    public Output run(float[] values, long[] shape) throws OrtException {
        try (OnnxTensor input = tensor(values, shape)) {
            return output(input);
        }
    }

    /** Runs the model and returns its first output flattened (row-major). */
    public float[] run(OnnxTensor input) throws OrtException {
        return output(input).values();
    }

    private Output output(OnnxTensor input) throws OrtException {
        if (inputName == null) {
            throw new OrtException("the model has " + session.getInputInfo().size() + " inputs; it is fed one");
        }
        try (OrtSession.Result result = session.run(Map.of(inputName, input))) {
            OnnxValue out = result.get(0);
            if (!(out instanceof OnnxTensor t) || t.getInfo().type != OnnxJavaType.FLOAT) {
                throw new OrtException("first output is not a float tensor: " + out.getInfo());
            }
            FloatBuffer fb = t.getFloatBuffer();
            float[] values = new float[fb.remaining()];
            fb.get(values);
            return new Output(values, t.getInfo().getShape());
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }

    /** Closes the session, ignoring a failure to (nothing is left to do with such a session). */
    public void closeQuietly() {
        try {
            session.close();
        } catch (OrtException e) {
            // nothing left to do
        }
    }
}
