package org.heartsounds.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How recordings are divided into train / val / test (and k folds).
 *
 * @param mode    {@code grouped}: groups (shared audio, same patient) stay whole; {@code file}: every file on its
 *                own, leaky when files share audio, kept for comparison with published work; {@code given}: the
 *                manifest's split column
 * @param overlap detection of recordings that share audio
 * @param seed    the seed of the split and the folds; null: the recipe's {@code seed}. Fixing it while the recipe's
 *                seed changes trains other networks (initialisation, batch order, augmentation) on the same folds,
 *                so their fold models can be compared fold by fold and averaged ({@code evaluate --ensemble})
 */
public record SplitSpec(Mode mode, double train, double val, double test, int folds, Overlap overlap, Long seed) {
    public SplitSpec {
        if (mode == null) {
            mode = Mode.GROUPED;
        }
        if (train <= 0 || val < 0 || test < 0 || Math.abs(train + val + test - 1.0) > 1e-6) {
            throw new IllegalArgumentException("split.train + split.val + split.test must be 1 with train > 0, got "
                    + train + " + " + val + " + " + test);
        }
        if (folds < 2 || folds > 100) {
            throw new IllegalArgumentException("split.folds must be in [2, 100], got " + folds);
        }
        if (overlap == null) {
            overlap = Overlap.defaults();
        }
    }

    /** A split drawn with the recipe's seed. */
    public SplitSpec(Mode mode, double train, double val, double test, int folds, Overlap overlap) {
        this(mode, train, val, test, folds, overlap, null);
    }

    public static SplitSpec defaults() {
        return new SplitSpec(Mode.GROUPED, 0.8, 0.1, 0.1, 5, Overlap.defaults(), null);
    }

    /** The seed the split and folds are drawn with: {@link #seed} when given, else {@code recipeSeed}. */
    public long seedOr(long recipeSeed) {
        return seed != null ? seed : recipeSeed;
    }

    public enum Mode {
        @JsonProperty("grouped") GROUPED,
        @JsonProperty("file") FILE,
        @JsonProperty("given") GIVEN
    }

    /**
     * Shared-audio detection: two recordings are linked when they contain at least {@code minSeconds} of audio
     * whose normalised correlation at one alignment is at least {@code minCorrelation}.
     */
    public record Overlap(boolean enabled, double minSeconds, double minCorrelation) {
        public Overlap {
            if (!(minSeconds > 0)) {
                throw new IllegalArgumentException("split.overlap.min_seconds must be > 0, got " + minSeconds);
            }
            if (!(minCorrelation > 0 && minCorrelation <= 1)) {
                throw new IllegalArgumentException("split.overlap.min_correlation must be in (0, 1], got "
                        + minCorrelation);
            }
        }

        public static Overlap defaults() {
            return new Overlap(true, 0.25, 0.98);
        }
    }
}
