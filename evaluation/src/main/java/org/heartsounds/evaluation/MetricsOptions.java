package org.heartsounds.evaluation;

/**
 * Settings of a metrics computation that are not in the predictions themselves.
 *
 * @param bootstrapResamples number of bootstrap resamples for the confidence intervals (at least 100)
 * @param bootstrapSeed      seed of the resampling; the same seed gives the same intervals
 * @param confidenceLevel    two-sided confidence level of the intervals, in (0, 1), e.g. 0.95
 * @param reliabilityBins    number of equal-width probability bins of the reliability diagram
 */
public record MetricsOptions(int bootstrapResamples, long bootstrapSeed, double confidenceLevel,
                             int reliabilityBins) {

    public static final int DEFAULT_RESAMPLES = 1000;
    public static final long DEFAULT_SEED = 42L;
    public static final double DEFAULT_CONFIDENCE = 0.95;
    public static final int DEFAULT_RELIABILITY_BINS = 10;

    public MetricsOptions {
        if (bootstrapResamples < 100) {
            throw new IllegalArgumentException("bootstrapResamples must be >= 100, got " + bootstrapResamples);
        }
        if (!(confidenceLevel > 0.0 && confidenceLevel < 1.0)) {
            throw new IllegalArgumentException("confidenceLevel must be in (0, 1), got " + confidenceLevel);
        }
        if (reliabilityBins < 2 || reliabilityBins > 100) {
            throw new IllegalArgumentException("reliabilityBins must be in [2, 100], got " + reliabilityBins);
        }
    }

    /** 1000 resamples, seed 42, 95 % intervals, 10 reliability bins. */
    public static MetricsOptions defaults() {
        return new MetricsOptions(DEFAULT_RESAMPLES, DEFAULT_SEED, DEFAULT_CONFIDENCE, DEFAULT_RELIABILITY_BINS);
    }

    public MetricsOptions withSeed(long seed) {
        return new MetricsOptions(bootstrapResamples, seed, confidenceLevel, reliabilityBins);
    }
}
