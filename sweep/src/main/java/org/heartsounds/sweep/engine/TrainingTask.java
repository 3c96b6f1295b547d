package org.heartsounds.sweep.engine;

import java.io.Serializable;

/**
 * One independent training (a sweep candidate, a cross-validation fold) in a form that can travel: everything it
 * needs is in its serializable fields, and its outputs go to its run folder on the shared file system. An engine runs
 * {@link #execute} in this JVM or in another one; the outcome is the same.
 */
public interface TrainingTask extends Serializable {
    /** What the task is, for lines and the engine's task ledger ({@code candidate 3}, {@code fold 1}). */
    String label();

    /**
     * Runs the training where this is called.
     *
     * @param threads the OpenMP / BLAS threads the task may use
     * @return how it ended; an error that must stop the whole job (I/O) is an outcome too, not an exception
     */
    TaskOutcome execute(int threads);
}
