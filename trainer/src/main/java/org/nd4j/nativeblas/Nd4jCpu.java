package org.nd4j.nativeblas;

/**
 * Compatibility shim for a lookup in deeplearning4j-nn 1.0.0-M2.1.
 *
 * <p>DL4J's {@code BaseMKLDNNHelper.mklDnnEnabled()} decides whether its oneDNN layer helpers (convolution,
 * BatchNorm, pooling) may run by calling {@code org.nd4j.nativeblas.Nd4jCpu$Environment#isUseMKLDNN()} through
 * reflection. M2.1 moved that class to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} and
 * renamed the method to {@code isUseONEDNN()}, so the lookup fails, the failure is cached, and every helper reports
 * itself unsupported: training silently takes the slow built-in path even with the {@code onednn} natives.
 *
 * <p>This class restores the old name and forwards to the new one. It does nothing unless the helpers are also
 * switched on ({@code org.eclipse.deeplearning4j.helpers.disable=false}, see
 * {@code org.heartsounds.trainer.backend.OneDnnHelpers}); it holds no state and loads no native code itself.
 * Remove it when DL4J's lookup is fixed upstream.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    /** Mirrors the old {@code Nd4jCpu.Environment}: {@code getInstance()} and {@code isUseMKLDNN()}. */
    public static final class Environment {
        private static final String CPU_ENVIRONMENT = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        /**
         * Whether the native CPU backend was built with oneDNN and is allowed to use it; false on any other backend
         * (the CPU bindings are looked up by name so that this compiles and loads under the CUDA profile too).
         */
        public boolean isUseMKLDNN() {
            try {
                Class<?> env = Class.forName(CPU_ENVIRONMENT);
                Object instance = env.getMethod("getInstance").invoke(null);
                return (Boolean) env.getMethod("isUseONEDNN").invoke(instance);
            } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
                return false;
            }
        }
    }
}
