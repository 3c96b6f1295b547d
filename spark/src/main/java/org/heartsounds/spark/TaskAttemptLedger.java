package org.heartsounds.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.ExecutorLostFailure;
import org.apache.spark.Success$;
import org.apache.spark.TaskEndReason;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.TaskKilled;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.heartsounds.core.io.AtomicFiles;
import org.heartsounds.core.text.CsvCell;
import org.heartsounds.trainer.train.TrainingEvents;

/**
 * {@value #FILE} in the job folder: one row per Spark task attempt that ended, {@code task,attempt,executor,host,
 * status,seconds,reason}, status {@code ok}, {@code failed}, {@code executor lost} or {@code killed}; rewritten
 * atomically after every attempt and kept across resumed runs. A task that Spark ran again after losing a worker has
 * one row per attempt, and a line says so when it happens. A Spark listener on the driver.
 */
final class TaskAttemptLedger extends SparkListener {
    static final String FILE = "spark-tasks.csv";
    static final String HEADER = "task,attempt,executor,host,status,seconds,reason";
    /** The local property that names the task of the jobs a driver thread submits. */
    static final String TASK_LABEL = "heartsounds.task";

    private final Path file;
    private final TrainingEvents events;
    private final Map<Integer, String> stageLabels = new ConcurrentHashMap<>();
    private final List<String> rows = new ArrayList<>();

    TaskAttemptLedger(Path file, TrainingEvents events) {
        this.file = file;
        this.events = events;
        if (Files.isRegularFile(file)) {
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                if (!lines.isEmpty() && lines.get(0).equals(HEADER)) {
                    rows.addAll(lines.subList(1, lines.size()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": cannot read", e);
            }
        }
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted e) {
        String label = e.properties() == null ? null : e.properties().getProperty(TASK_LABEL);
        if (label != null) {
            stageLabels.put(e.stageInfo().stageId(), label);
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
        String label = stageLabels.getOrDefault(e.stageId(), "stage " + e.stageId());
        TaskEndReason reason = e.reason();
        String status;
        String why = "";
        if (reason instanceof Success$) {
            status = "ok";
        } else {
            status = reason instanceof ExecutorLostFailure ? "executor lost"
                    : reason instanceof TaskKilled ? "killed" : "failed";
            why = reason instanceof TaskFailedReason f ? f.toErrorString() : reason.toString();
            why = why.replaceAll("\\s+", " ").strip();
            if (why.length() > 300) {
                why = why.substring(0, 297) + "...";
            }
        }
        int attempt = e.taskInfo().attemptNumber() + 1;
        String row = String.join(",", CsvCell.of(label), Integer.toString(attempt),
                CsvCell.of(e.taskInfo().executorId()), CsvCell.of(e.taskInfo().host()), status,
                String.format(Locale.ROOT, "%.1f", e.taskInfo().duration() / 1000.0), CsvCell.of(why));
        synchronized (this) {
            rows.add(row);
            try {
                AtomicFiles.writeString(file, HEADER + "\n" + String.join("\n", rows) + "\n");
            } catch (IOException ex) {
                events.line("spark: cannot write " + file + ": " + ex.getMessage());
            }
        }
        if (!status.equals("ok")) {
            events.line(String.format(Locale.ROOT, "spark: %s, attempt %d on executor %s (%s): %s (%s); Spark runs "
                    + "it again elsewhere unless it has failed %s times", label, attempt, e.taskInfo().executorId(),
                    e.taskInfo().host(), status, why, "spark.task.maxFailures"));
        }
    }

    /** The rows written so far (this run's and earlier runs'). */
    synchronized List<String> rows() {
        return List.copyOf(rows);
    }
}
