package org.heartsounds.sweep.arbiter;

import java.util.concurrent.atomic.AtomicReference;
import org.deeplearning4j.arbiter.optimize.api.termination.TerminationCondition;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;

/**
 * Arbiter termination condition that ends a sweep on an error that is not the candidate's fault (the disk is full,
 * sweep.csv belongs to another configuration): no further candidate starts, and the sweep rethrows the error once the
 * runner has stopped.
 */
public final class AbortCondition implements TerminationCondition {
    private final transient AtomicReference<Exception> error = new AtomicReference<>();

    /** Records the first fatal error. */
    public void abort(Exception e) {
        error.compareAndSet(null, e);
    }

    /** The fatal error, or null. */
    public Exception error() {
        return error.get();
    }

    @Override
    public void initialize(IOptimizationRunner runner) {
        // nothing to start
    }

    @Override
    public boolean terminate(IOptimizationRunner runner) {
        return error.get() != null;
    }

    @Override
    public String toString() {
        return "AbortCondition(" + (error.get() == null ? "" : error.get().getMessage()) + ")";
    }
}
