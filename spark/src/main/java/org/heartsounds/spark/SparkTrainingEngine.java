package org.heartsounds.spark;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.heartsounds.core.config.EngineSpec;
import org.heartsounds.sweep.engine.TaskOutcome;
import org.heartsounds.sweep.engine.TrainingEngine;
import org.heartsounds.sweep.engine.TrainingTask;
import org.heartsounds.trainer.train.TrainingEvents;

/**
 * Runs each {@link TrainingTask} as a one-task Spark job: the task travels to an executor (Java serialization), trains
 * into its run folder on the shared file system and sends back its {@link TaskOutcome}. Spark retries a task whose
 * executor is lost (up to {@code spark.task.maxFailures}); the new attempt resumes the run folder from its last
 * checkpoint. Each attempt is listed in {@code spark-tasks.csv} ({@link TaskAttemptLedger}). Thread-safe: the caller
 * runs up to {@link #slots()} tasks at once from its own threads.
 */
final class SparkTrainingEngine implements TrainingEngine {
    private final JavaSparkContext sc;
    private final int threads;
    private final int slots;
    private final TaskAttemptLedger ledger;

    SparkTrainingEngine(EngineSpec spec, Path jobRoot, TrainingEvents events) {
        EngineSpec.Spark s = spec.spark();
        SparkContexts.requireShared(s, jobRoot);
        this.sc = SparkContexts.open(s, "training tasks in " + jobRoot.getFileName());
        this.threads = s.threadsPerTask();
        this.ledger = new TaskAttemptLedger(jobRoot.resolve(TaskAttemptLedger.FILE), events);
        sc.sc().addSparkListener(ledger);
        this.slots = SparkContexts.slots(sc, s);
    }

    @Override
    public int slots() {
        return slots;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "spark %s, %d task slots of %d thread%s", sc.master(), slots, threads,
                threads == 1 ? "" : "s");
    }

    @Override
    public TaskOutcome run(TrainingTask task) {
        long t0 = System.nanoTime();
        sc.setLocalProperty(TaskAttemptLedger.TASK_LABEL, task.label());
        sc.setJobDescription(task.label());
        try {
            List<TaskOutcome> out = sc.parallelize(List.of(task), 1).map(new RunOnExecutor(threads)).collect();
            return out.get(0);
        } catch (RuntimeException e) {
            // the job failed after Spark's retries (or the session stopped): stop the job; a resume runs the task
            return TaskOutcome.error("Spark could not run " + task.label() + ": " + firstLine(e.getMessage()),
                    (System.nanoTime() - t0) / 1e9);
        }
    }

    @Override
    public void close() {
        sc.stop();
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
