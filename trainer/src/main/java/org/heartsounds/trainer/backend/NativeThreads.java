package org.heartsounds.trainer.backend;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The number of threads ND4J's native code uses: OpenMP (libnd4j ops and oneDNN) and the BLAS library. ND4J takes it
 * from {@code OMP_NUM_THREADS} at start-up (default: all cores); {@link #set(int)} changes it for the running JVM,
 * for ops started from the calling thread.
 */
public final class NativeThreads {
    private NativeThreads() {
    }

    /** OpenMP threads ND4J's native ops use now. */
    public static int current() {
        Nd4j.getExecutioner(); // the native library must be loaded before NativeOpsHolder is touched
        return NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
    }

    /** Sets OpenMP and BLAS threads (and ND4J's master threads) to {@code threads}; returns {@link #current()}. */
    public static int set(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Nd4j.getExecutioner();
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        return current();
    }
}
