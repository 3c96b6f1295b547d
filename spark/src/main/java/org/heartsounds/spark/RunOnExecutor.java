package org.heartsounds.spark;

import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.heartsounds.sweep.engine.TaskOutcome;
import org.heartsounds.sweep.engine.TrainingTask;

/** The Spark function of a training task: runs it on the executor with the task's threads, saying where it ran. */
final class RunOnExecutor implements Function<TrainingTask, TaskOutcome> {
    private static final long serialVersionUID = 1L;

    private final int threads;

    RunOnExecutor(int threads) {
        this.threads = threads;
    }

    @Override
    public TaskOutcome call(TrainingTask task) {
        TaskContext context = TaskContext.get();
        SparkEnv env = SparkEnv.get();
        String where = "executor " + env.executorId() + " (" + env.blockManager().blockManagerId().host() + ")";
        return task.execute(threads).ranOn(context.attemptNumber() + 1, where);
    }
}
