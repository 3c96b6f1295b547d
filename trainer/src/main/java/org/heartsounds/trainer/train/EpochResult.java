package org.heartsounds.trainer.train;

import java.util.List;
import java.util.Locale;

/**
 * One row of {@code metrics.csv}. Epoch 0 is the evaluation before fitting. {@code seconds} and
 * {@code imagesPerSecond} are wall-clock figures; every other column is a deterministic function of the seed, the data
 * and the backend.
 *
 * @param trainLoss       mean minibatch loss in training mode (epoch 0: inference-mode loss on the training split)
 * @param trainAcc        accuracy of the training-mode predictions over the epoch (epoch 0: inference mode)
 * @param lr              learning rate at the epoch's first iteration (epoch 0: 0)
 * @param seconds         wall time of the epoch, fitting and validation
 * @param imagesPerSecond training images per second of fitting
 */
public record EpochResult(int epoch, double trainLoss, double trainAcc, double valLoss, double valAcc, double lr,
                          double seconds, double imagesPerSecond) {
    /** The header of metrics.csv. */
    public static final List<String> COLUMNS = List.of("epoch", "train_loss", "train_acc", "val_loss", "val_acc",
            "lr", "seconds", "images_per_s");

    public String csvRow() {
        return String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.6e,%.3f,%.2f", epoch, trainLoss, trainAcc, valLoss,
                valAcc, lr, seconds, imagesPerSecond);
    }

    public static String csv(List<EpochResult> rows) {
        StringBuilder sb = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        rows.forEach(r -> sb.append(r.csvRow()).append('\n'));
        return sb.toString();
    }

    /** Parses a row written by {@link #csvRow()}. */
    public static EpochResult parse(String line) {
        String[] c = line.split(",", -1);
        if (c.length != COLUMNS.size()) {
            throw new IllegalArgumentException("expected " + COLUMNS.size() + " columns, got " + c.length);
        }
        return new EpochResult(Integer.parseInt(c[0]), Double.parseDouble(c[1]), Double.parseDouble(c[2]),
                Double.parseDouble(c[3]), Double.parseDouble(c[4]), Double.parseDouble(c[5]), Double.parseDouble(c[6]),
                Double.parseDouble(c[7]));
    }
}
