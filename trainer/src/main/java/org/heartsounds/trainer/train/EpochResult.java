package org.heartsounds.trainer.train;

import java.util.List;
import java.util.Locale;
import org.heartsounds.core.config.TrainSpec;

/**
 * One row of {@code metrics.csv}. Epoch 0 is the evaluation before fitting. {@code seconds},
 * {@code imagesPerSecond} and the {@link EpochTimes time split} are wall-clock figures; every other column is a
 * deterministic function of the seed, the data and the backend. Newer columns come last, so a {@code metrics.csv}
 * written before they existed (the {@link #REQUIRED_COLUMNS} only, or without the time split) still parses, with NaN
 * in their place.
 *
 * @param trainLoss       mean minibatch cross-entropy in training mode (epoch 0: inference mode), unweighted even
 *                        when {@code train.class_weights} weights the loss the network minimises
 * @param trainAcc        accuracy of the training-mode predictions over the epoch (epoch 0: inference mode)
 * @param valLoss         mean unweighted cross-entropy on the validation split
 * @param valAcc          accuracy on the validation split
 * @param lr              learning rate at the epoch's first iteration (epoch 0: 0)
 * @param seconds         wall time of the epoch, fitting and validation
 * @param imagesPerSecond training images per second of fitting
 * @param valBalancedAcc  mean per-class recall on the validation split (classes that occur there)
 * @param valMacroF1      F1 averaged over classes on the validation split
 * @param valMacroAuroc   one-vs-rest AUROC averaged over the classes with both positive and negative examples on
 *                        the validation split
 * @param times           where the epoch's wall time went: batches, augmentation, network steps, validation
 */
public record EpochResult(int epoch, double trainLoss, double trainAcc, double valLoss, double valAcc, double lr,
                          double seconds, double imagesPerSecond, double valBalancedAcc, double valMacroF1,
                          double valMacroAuroc, EpochTimes times) {
    /** The header of metrics.csv. */
    public static final List<String> COLUMNS = List.of("epoch", "train_loss", "train_acc", "val_loss", "val_acc",
            "lr", "seconds", "images_per_s", "val_balanced_acc", "val_macro_f1", "val_macro_auroc", "data_s",
            "augment_s", "network_s", "validation_s");
    /** The columns every metrics.csv has, also one written before the class-averaged validation columns. */
    public static final List<String> REQUIRED_COLUMNS = COLUMNS.subList(0, 8);
    /** The wall-clock columns: every other column is a deterministic function of seed, data and backend. */
    public static final List<String> WALL_CLOCK_COLUMNS = List.of("seconds", "images_per_s", "data_s", "augment_s",
            "network_s", "validation_s");
    /** The class-averaged validation columns (absent from the oldest files). */
    public static final List<String> CLASS_AVERAGED_COLUMNS = COLUMNS.subList(8, 11);
    /** The columns of the files written before the time split. */
    private static final List<String> BEFORE_TIMES = COLUMNS.subList(0, 11);

    public EpochResult {
        times = times == null ? EpochTimes.UNKNOWN : times;
    }

    /** A row without the time split (NaN). */
    public EpochResult(int epoch, double trainLoss, double trainAcc, double valLoss, double valAcc, double lr,
                       double seconds, double imagesPerSecond, double valBalancedAcc, double valMacroF1,
                       double valMacroAuroc) {
        this(epoch, trainLoss, trainAcc, valLoss, valAcc, lr, seconds, imagesPerSecond, valBalancedAcc, valMacroF1,
                valMacroAuroc, EpochTimes.UNKNOWN);
    }

    /** A row without the class-averaged validation metrics (NaN), as a metrics.csv of an older run holds. */
    public EpochResult(int epoch, double trainLoss, double trainAcc, double valLoss, double valAcc, double lr,
                       double seconds, double imagesPerSecond) {
        this(epoch, trainLoss, trainAcc, valLoss, valAcc, lr, seconds, imagesPerSecond, Double.NaN, Double.NaN,
                Double.NaN);
    }

    /** The value of an early-stopping metric in this row. */
    public double value(TrainSpec.EarlyStopping.Metric metric) {
        return switch (metric) {
            case VAL_LOSS -> valLoss;
            case VAL_ACC -> valAcc;
            case VAL_BALANCED_ACC -> valBalancedAcc;
            case VAL_MACRO_F1 -> valMacroF1;
            case VAL_MACRO_AUROC -> valMacroAuroc;
        };
    }

    public String csvRow() {
        return String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.6e,%.3f,%.2f,%.6f,%.6f,%.6f,%.3f,%.3f,%.3f,%.3f",
                epoch, trainLoss, trainAcc, valLoss, valAcc, lr, seconds, imagesPerSecond, valBalancedAcc, valMacroF1,
                valMacroAuroc, times.dataSeconds(), times.augmentSeconds(), times.networkSeconds(),
                times.validationSeconds());
    }

    public static String csv(List<EpochResult> rows) {
        StringBuilder sb = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        rows.forEach(r -> sb.append(r.csvRow()).append('\n'));
        return sb.toString();
    }

    /** Whether {@code header} is the first line of a metrics.csv, of this version or of one before it. */
    public static boolean isHeader(String header) {
        String h = header.strip();
        return h.equals(String.join(",", COLUMNS)) || h.equals(String.join(",", BEFORE_TIMES))
                || h.equals(String.join(",", REQUIRED_COLUMNS));
    }

    /**
     * Parses a row written by {@link #csvRow()}, or by an older version (only the {@link #REQUIRED_COLUMNS}, or no
     * time split).
     */
    public static EpochResult parse(String line) {
        String[] c = line.split(",", -1);
        if (c.length != COLUMNS.size() && c.length != BEFORE_TIMES.size() && c.length != REQUIRED_COLUMNS.size()) {
            throw new IllegalArgumentException("expected " + COLUMNS.size() + " columns (or " + BEFORE_TIMES.size()
                    + " or " + REQUIRED_COLUMNS.size() + " in a metrics.csv of an older version), got " + c.length);
        }
        boolean averaged = c.length >= BEFORE_TIMES.size();
        EpochTimes times = c.length == COLUMNS.size() ? new EpochTimes(Double.parseDouble(c[11]),
                Double.parseDouble(c[12]), Double.parseDouble(c[13]), Double.parseDouble(c[14])) : EpochTimes.UNKNOWN;
        return new EpochResult(Integer.parseInt(c[0]), Double.parseDouble(c[1]), Double.parseDouble(c[2]),
                Double.parseDouble(c[3]), Double.parseDouble(c[4]), Double.parseDouble(c[5]), Double.parseDouble(c[6]),
                Double.parseDouble(c[7]), averaged ? Double.parseDouble(c[8]) : Double.NaN,
                averaged ? Double.parseDouble(c[9]) : Double.NaN, averaged ? Double.parseDouble(c[10]) : Double.NaN,
                times);
    }
}
