package org.heartsounds.trainer.testing;

import java.util.Map;
import org.heartsounds.trainer.backend.NativeThreads;

/**
 * Test helper: runs libnd4j's own thread pool with one thread. On a small, busy machine (two cores shared with other
 * jobs) every multi-threaded ND4J op waits for a descheduled worker, and a ResNet-18 training step on 8 images of
 * 32x32 takes seconds instead of a fraction of one (measured: 1000 small ops 0.6-4 s CPU with 2 threads, 0.02-0.05 s
 * with 1). It also sets OpenMP (libnd4j ops, oneDNN) and BLAS to one thread, in this JVM and, through
 * {@link #SINGLE_THREAD_ENV}, in a child JVM: reductions then add in the same order in both, so a run continued in
 * another JVM (kill -9 and resume) computes bit for bit what an uninterrupted one does. With different thread counts
 * float sums differ in the last digits (seen: a validation loss 1.860697 against 1.860696 after a bench test had
 * left this JVM at one OpenMP thread while the child had two).
 */
public final class Nd4jThreads {
    /** The environment that gives a child JVM the same single-threaded pool. */
    public static final Map<String, String> SINGLE_THREAD_ENV = Map.of("SD_MAX_THREADS", "1",
            "SD_MASTER_THREADS", "1", "OMP_NUM_THREADS", "1", "OPENBLAS_NUM_THREADS", "1");

    private Nd4jThreads() {
    }

    /** Limits this JVM's libnd4j pool, OpenMP and BLAS to one thread. */
    public static void single() {
        NativeThreads.set(1);
    }
}
