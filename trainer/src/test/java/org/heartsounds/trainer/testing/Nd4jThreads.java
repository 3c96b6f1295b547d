package org.heartsounds.trainer.testing;

import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Test helper: runs libnd4j's own thread pool with one thread. On a small, busy machine (two cores shared with other
 * jobs) every multi-threaded ND4J op waits for a descheduled worker, and a ResNet-18 training step on 8 images of
 * 32x32 takes seconds instead of a fraction of one (measured: 1000 small ops 0.6-4 s CPU with 2 threads, 0.02-0.05 s
 * with 1). Results do not depend on it; only the time does.
 */
public final class Nd4jThreads {
    /** The environment that gives a child JVM the same single-threaded pool. */
    public static final Map<String, String> SINGLE_THREAD_ENV = Map.of("SD_MAX_THREADS", "1",
            "SD_MASTER_THREADS", "1");

    private Nd4jThreads() {
    }

    /** Limits this JVM's libnd4j pool to one thread. */
    public static void single() {
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
    }
}
