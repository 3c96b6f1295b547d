package org.heartsounds.sweep.engine;

/**
 * Runs {@link TrainingTask}s: {@link LocalTrainingEngine} in this JVM, one at a time; an engine from a
 * {@link TrainingEngineProvider} (the spark module's) spreads them over workers. {@link #run} may be called from
 * {@link #slots()} threads at once.
 */
public interface TrainingEngine extends AutoCloseable {
    /** How many tasks run at once. */
    int slots();

    /** One line for the logs, e.g. {@code local} or {@code spark local[2], 2 slots}. */
    String describe();

    /** Runs {@code task} and waits for it; retries after a lost worker are the engine's business. */
    TaskOutcome run(TrainingTask task);

    /** Stops what the engine started (a Spark session it created). */
    @Override
    void close();
}
