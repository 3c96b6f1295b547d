package org.heartsounds.core.config;

import java.util.Objects;

/**
 * A heartsounds recipe: everything a run needs, as read from {@code configs/*.yaml}. Precedence is
 * {@link #defaults()} &lt; YAML &lt; command-line flags ({@link ConfigLoader}); every run writes the resolved recipe
 * into its output folder, and {@code --config <that file>} replays it.
 */
public record Recipe(long seed, DataSpec data, AudioSpec audio, SpectrogramSpec spectrogram, SplitSpec split,
                     TrainSpec train) {
    public Recipe {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(spectrogram, "spectrogram");
        Objects.requireNonNull(split, "split");
        if (train == null) {
            train = TrainSpec.defaults();
        }
    }

    public static Recipe defaults() {
        return new Recipe(42L, DataSpec.defaults(), AudioSpec.defaults(), SpectrogramSpec.defaults(),
                SplitSpec.defaults(), TrainSpec.defaults());
    }

    public Recipe withData(DataSpec d) {
        return new Recipe(seed, d, audio, spectrogram, split, train);
    }

    public Recipe withTrain(TrainSpec t) {
        return new Recipe(seed, data, audio, spectrogram, split, t);
    }

    public Recipe withSplit(SplitSpec s) {
        return new Recipe(seed, data, audio, spectrogram, s, train);
    }

    /**
     * The dotted snake_case keys whose values differ between the preparation parts of two recipes (everything but
     * {@code train}), e.g. {@code [audio.sample_rate, split.folds]}; empty when {@link #samePreparation} holds.
     */
    public java.util.List<String> preparationDifferences(Recipe other) {
        return ConfigLoader.differences(withTrain(TrainSpec.defaults()), other.withTrain(TrainSpec.defaults()));
    }

    /** Whether two recipes produce the same prepared dataset (everything but {@code train}). */
    public boolean samePreparation(Recipe other) {
        return seed == other.seed && data.equals(other.data) && audio.equals(other.audio)
                && spectrogram.equals(other.spectrogram) && split.equals(other.split);
    }
}
