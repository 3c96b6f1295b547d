package org.heartsounds.bench.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.heartsounds.core.BadInputException;
import org.heartsounds.trainer.train.EpochResult;

/**
 * Wall time until a training run first reaches a validation accuracy, from its {@code metrics.csv}: the sum of the
 * {@code seconds} column (fitting and validation of each epoch, the evaluation before fitting included) up to and
 * including the first epoch whose {@code val_acc} reaches the target.
 *
 * @param reached         whether any epoch reached the target
 * @param seconds         seconds to the target when reached, else the run's total seconds
 * @param epoch           the first epoch at or above the target, else the last epoch
 * @param bestValAcc      the best validation accuracy of the run
 */
public record TimeToAccuracy(double target, boolean reached, double seconds, int epoch, double bestValAcc) {

    /** Reads a run's {@code metrics.csv}; {@link BadInputException} naming the file when it is not one. */
    public static TimeToAccuracy fromMetrics(Path metricsCsv, double target) {
        List<EpochResult> rows = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(metricsCsv, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !EpochResult.isHeader(lines.get(0))) {
                throw new BadInputException(metricsCsv, "is not a heartsounds metrics.csv (header "
                        + String.join(",", EpochResult.COLUMNS) + " expected)");
            }
            for (String line : lines.subList(1, lines.size())) {
                if (!line.isBlank()) {
                    rows.add(EpochResult.parse(line));
                }
            }
        } catch (IOException e) {
            throw new BadInputException(metricsCsv, "cannot be read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(metricsCsv, "has a malformed row: " + e.getMessage(), e);
        }
        return of(rows, target);
    }

    /** From the rows of a run, epoch 0 (the evaluation before fitting) first. */
    public static TimeToAccuracy of(List<EpochResult> rows, double target) {
        if (!(target > 0 && target <= 1)) {
            throw new IllegalArgumentException("target accuracy must be in (0, 1], got " + target);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no epochs");
        }
        double seconds = 0;
        double best = 0;
        for (EpochResult r : rows) {
            seconds += r.seconds();
            best = Math.max(best, r.valAcc());
            if (r.epoch() > 0 && r.valAcc() >= target) {
                return new TimeToAccuracy(target, true, seconds, r.epoch(), best);
            }
        }
        return new TimeToAccuracy(target, false, seconds, rows.get(rows.size() - 1).epoch(), best);
    }
}
