package org.heartsounds.evaluation.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;

/**
 * The process-wide ONNX Runtime environment every {@link OnnxClassifier} shares (ONNX Runtime allows one per
 * process; it is never closed, its threads live as long as the JVM). Logs warnings and errors only.
 */
public final class OrtRuntime {
    private OrtRuntime() {
    }

    private static final class Holder {
        static final OrtEnvironment ENV = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
                "heartsounds");
    }

    /** The shared environment, created on first use. */
    public static OrtEnvironment environment() {
        return Holder.ENV;
    }
}
