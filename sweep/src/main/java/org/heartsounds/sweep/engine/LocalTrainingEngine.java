package org.heartsounds.sweep.engine;

import org.heartsounds.trainer.backend.NativeThreads;

/**
 * The default engine: each task runs in the calling thread of this JVM with the native threads that thread had when
 * the engine was made ({@code --threads}), one at a time.
 */
public final class LocalTrainingEngine implements TrainingEngine {
    private final int threads = NativeThreads.current();

    @Override
    public int slots() {
        return 1;
    }

    @Override
    public String describe() {
        return "local";
    }

    @Override
    public TaskOutcome run(TrainingTask task) {
        return task.execute(threads);
    }

    @Override
    public void close() {
    }
}
