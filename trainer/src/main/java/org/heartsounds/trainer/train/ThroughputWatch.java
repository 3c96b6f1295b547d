package org.heartsounds.trainer.train;

import java.util.Locale;

/**
 * Notices when training has become much slower than it was earlier in the same run, the usual sign of another
 * CPU-heavy process on the machine (two OpenMP jobs that each use every core wait on each other and can fall to a
 * tenth of their speed). Compares an epoch's training images per second with the best earlier epoch of this run.
 */
public final class ThroughputWatch {
    /** An epoch below this share of the best earlier rate is reported. */
    public static final double SLOW = 0.5;

    private double best = Double.NaN;

    /**
     * Records an epoch's rate.
     *
     * @return a warning to append to the epoch's line when the rate is below {@link #SLOW} of the best earlier one,
     *         else an empty string
     */
    public String observe(double imagesPerSecond) {
        String warning = "";
        if (best > 0 && imagesPerSecond < SLOW * best) {
            warning = String.format(Locale.ROOT, "  (%.2fx this run's earlier %.1f img/s: another CPU-heavy process "
                    + "on this machine? give each job fewer threads, --threads)", imagesPerSecond / best, best);
        }
        if (!(best >= imagesPerSecond)) {
            best = imagesPerSecond;
        }
        return warning;
    }
}
