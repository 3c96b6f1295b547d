package org.heartsounds.evaluation;

/**
 * Settings of a metrics computation that are not in the predictions themselves.
 *
 * @param bootstrapResamples number of bootstrap resamples for the confidence intervals (at least 100)
 * @param bootstrapSeed      seed of the resampling; the same seed gives the same intervals
 * @param confidenceLevel    two-sided confidence level of the intervals, in (0, 1), e.g. 0.95
 * @param reliabilityBins    number of equal-width probability bins of the reliability diagram
 * @param aggregation        how windows are pooled into recordings and recordings into patients
 */
public record MetricsOptions(int bootstrapResamples, long bootstrapSeed, double confidenceLevel,
                             int reliabilityBins, Aggregation aggregation) {

    public static final int DEFAULT_RESAMPLES = 1000;
    public static final long DEFAULT_SEED = 42L;
    public static final double DEFAULT_CONFIDENCE = 0.95;
    public static final int DEFAULT_RELIABILITY_BINS = 10;

    public MetricsOptions {
        if (aggregation == null) {
            throw new IllegalArgumentException("aggregation must be given (mean or log_mean)");
        }
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

    /** Options pooling levels by the mean of the probabilities. */
    public MetricsOptions(int bootstrapResamples, long bootstrapSeed, double confidenceLevel, int reliabilityBins) {
        this(bootstrapResamples, bootstrapSeed, confidenceLevel, reliabilityBins, Aggregation.MEAN);
    }

    /** 1000 resamples, seed 42, 95 % intervals, 10 reliability bins, levels pooled by the mean of probabilities. */
    public static MetricsOptions defaults() {
        return new MetricsOptions(DEFAULT_RESAMPLES, DEFAULT_SEED, DEFAULT_CONFIDENCE, DEFAULT_RELIABILITY_BINS,
                Aggregation.MEAN);
    }

    public MetricsOptions withSeed(long seed) {
        return new MetricsOptions(bootstrapResamples, seed, confidenceLevel, reliabilityBins, aggregation);
    }

    public MetricsOptions withAggregation(Aggregation how) {
        return new MetricsOptions(bootstrapResamples, bootstrapSeed, confidenceLevel, reliabilityBins, how);
    }
}
