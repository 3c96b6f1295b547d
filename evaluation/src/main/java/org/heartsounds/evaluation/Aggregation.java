package org.heartsounds.evaluation;

import java.util.List;
import java.util.Locale;

/**
 * How several probability vectors of one unit (the windows of a recording, the recordings of a patient, the files of
 * a group) become the unit's one vector.
 *
 * <ul>
 *   <li>{@link #MEAN} ({@code mean}, the default): the arithmetic mean of the probabilities; every member weighs the
 *       same and one confident member cannot veto a class.</li>
 *   <li>{@link #LOG_MEAN} ({@code log_mean}): the mean of the log-probabilities, i.e. the geometric mean,
 *       renormalised to sum to 1 ({@code p_k = exp(mean_i log p_ik) / sum_j exp(mean_i log p_ij)}); the product rule
 *       of independent evidence, so a member that all but excludes a class weighs heavily against it.
 *       Probabilities below {@link #FLOOR} count as {@link #FLOOR}, so a class one member rules out entirely
 *       (a float probability that underflowed to 0) is heavily penalised but the result stays defined.</li>
 * </ul>
 */
public enum Aggregation {
    MEAN("mean"),
    LOG_MEAN("log_mean");

    /** The smallest probability {@link #LOG_MEAN} takes the logarithm of. */
    public static final double FLOOR = 1e-300;

    private final String key;

    Aggregation(String key) {
        this.key = key;
    }

    /** The name used on the command line and in reports: {@code mean} or {@code log_mean}. */
    public String key() {
        return key;
    }

    /**
     * The aggregation called {@code name} ({@code mean} or {@code log_mean}, case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Aggregation parse(String name) {
        for (Aggregation a : values()) {
            if (a.key.equals(name == null ? null : name.strip().toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new IllegalArgumentException("aggregation must be mean or log_mean, got '" + name + "'");
    }

    /**
     * Combines the rows (one probability vector per member, all of the same length) into one vector.
     *
     * @throws IllegalArgumentException when there are no rows or their lengths differ
     */
    public double[] combine(List<double[]> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("nothing to aggregate: no probability vectors");
        }
        int c = rows.get(0).length;
        double[] sum = new double[c];
        for (double[] row : rows) {
            if (row.length != c) {
                throw new IllegalArgumentException("probability vectors of different lengths: " + c + " and "
                        + row.length);
            }
            for (int k = 0; k < c; k++) {
                sum[k] += this == MEAN ? row[k] : Math.log(Math.max(row[k], FLOOR));
            }
        }
        int n = rows.size();
        if (this == MEAN) {
            for (int k = 0; k < c; k++) {
                sum[k] /= n;
            }
            return sum;
        }
        // softmax of the mean log-probabilities: subtract the largest before exp so nothing underflows to 0/0
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < c; k++) {
            sum[k] /= n;
            max = Math.max(max, sum[k]);
        }
        double total = 0.0;
        for (int k = 0; k < c; k++) {
            sum[k] = Math.exp(sum[k] - max);
            total += sum[k];
        }
        for (int k = 0; k < c; k++) {
            sum[k] /= total;
        }
        return sum;
    }
}
