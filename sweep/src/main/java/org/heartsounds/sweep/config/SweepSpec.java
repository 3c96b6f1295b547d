package org.heartsounds.sweep.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code sweep:} section of a sweep configuration: where the sweep goes, how candidates are drawn and scored, and
 * which recipe keys vary over which {@link SpaceSpec spaces}. The rest of the file is a normal recipe whose values are
 * the base every candidate starts from.
 *
 * @param out        the sweep folder (sweep.csv, candidates/, data/, report.html)
 * @param candidates how many candidates to train; 0 with the grid generator = the whole grid (a larger count is
 *                   capped at the grid's size)
 * @param generator  {@code random} (independent draws, log-uniform where asked) or {@code grid} (every combination,
 *                   in a fixed order)
 * @param gridPoints values per real-valued parameter in a grid search (Arbiter's discretisation count); integer ranges
 *                   visit at most this many values, choices all of theirs
 * @param seed       seed of the candidate draws; null = the recipe's seed
 * @param score      {@code val_acc} (higher is better) or {@code val_loss} (lower is better), both on the validation
 *                   split only
 * @param maxMinutes stop starting candidates after this many minutes (0 = no limit); {@code --resume} continues
 * @param parameters recipe key (dotted, as in {@code --set}) to its space, in YAML order
 */
public record SweepSpec(String out, int candidates, Generator generator, int gridPoints, Long seed, Score score,
                        double maxMinutes, Map<String, SpaceSpec> parameters) {
    /** Most candidates one sweep may ask for. */
    public static final int MAX_CANDIDATES = 100_000;

    public SweepSpec {
        if (out == null || out.isBlank()) {
            out = "runs/sweep";
        }
        if (candidates < 0 || candidates > MAX_CANDIDATES) {
            throw new IllegalArgumentException("sweep.candidates must be in [0, " + MAX_CANDIDATES + "], got "
                    + candidates);
        }
        if (generator == null) {
            generator = Generator.RANDOM;
        }
        if (gridPoints < 2 || gridPoints > 100) {
            throw new IllegalArgumentException("sweep.grid_points must be in [2, 100], got " + gridPoints);
        }
        if (score == null) {
            score = Score.VAL_ACC;
        }
        if (!(maxMinutes >= 0) || Double.isInfinite(maxMinutes)) {
            throw new IllegalArgumentException("sweep.max_minutes must be >= 0 (0 = no limit), got " + maxMinutes);
        }
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters == null ? Map.of() : parameters));
        for (Map.Entry<String, SpaceSpec> e : parameters.entrySet()) {
            if (e.getValue() == null) {
                throw new IllegalArgumentException("sweep.parameters." + e.getKey() + " has no space; give one of "
                        + SpaceSpec.FORMS);
            }
        }
    }

    public static SweepSpec defaults() {
        return new SweepSpec("runs/sweep", 0, Generator.RANDOM, 3, null, Score.VAL_ACC, 0.0, Map.of());
    }

    public SweepSpec withSeed(long newSeed) {
        return new SweepSpec(out, candidates, generator, gridPoints, newSeed, score, maxMinutes, parameters);
    }

    /** The same search with another stopping rule ({@code candidates}, {@code max_minutes}): what a resume may change. */
    public SweepSpec withStopping(int newCandidates, double newMaxMinutes) {
        return new SweepSpec(out, newCandidates, generator, gridPoints, seed, score, newMaxMinutes, parameters);
    }

    public enum Generator {
        @JsonProperty("random") RANDOM,
        @JsonProperty("grid") GRID
    }

    /** The validation score that ranks candidates. */
    public enum Score {
        @JsonProperty("val_acc") VAL_ACC("val_acc", false),
        @JsonProperty("val_loss") VAL_LOSS("val_loss", true),
        /** Mean per-class recall (multi-label: mean per-label (sensitivity + specificity) / 2). */
        @JsonProperty("val_balanced_acc") VAL_BALANCED_ACC("val_balanced_acc", false),
        @JsonProperty("val_macro_f1") VAL_MACRO_F1("val_macro_f1", false),
        /** One-vs-rest AUROC averaged over classes (multi-label: per-label AUROC averaged); for multi-label sweeps. */
        @JsonProperty("val_macro_auroc") VAL_MACRO_AUROC("val_macro_auroc", false);

        private final String key;
        private final boolean minimize;

        Score(String key, boolean minimize) {
            this.key = key;
            this.minimize = minimize;
        }

        /** The name in YAML, sweep.csv and the report. */
        public String key() {
            return key;
        }

        public boolean minimize() {
            return minimize;
        }

        /** Whether {@code a} is a strictly better score than {@code b}. */
        public boolean better(double a, double b) {
            return minimize ? a < b : a > b;
        }
    }
}
