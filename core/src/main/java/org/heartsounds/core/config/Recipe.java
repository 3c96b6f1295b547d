package org.heartsounds.core.config;

import java.util.Objects;

/**
 * A heartsounds recipe: everything a run needs, as read from {@code configs/*.yaml}. Precedence is
 * {@link #defaults()} &lt; YAML &lt; command-line flags ({@link ConfigLoader}); every run writes the resolved recipe
 * into its output folder, and {@code --config <that file>} replays it. {@code engine} says where the independent
 * pieces of a long job run ({@link EngineSpec}); it never changes what the job computes.
 */
public record Recipe(long seed, DataSpec data, AudioSpec audio, SpectrogramSpec spectrogram, SplitSpec split,
                     TrainSpec train, EngineSpec engine) {
    public Recipe {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(spectrogram, "spectrogram");
        Objects.requireNonNull(split, "split");
        if (train == null) {
            train = TrainSpec.defaults();
        }
        if (engine == null) {
            engine = EngineSpec.defaults();
        }
    }

    /** A recipe on the default (local) engine. */
    public Recipe(long seed, DataSpec data, AudioSpec audio, SpectrogramSpec spectrogram, SplitSpec split,
                  TrainSpec train) {
        this(seed, data, audio, spectrogram, split, train, EngineSpec.defaults());
    }

    public static Recipe defaults() {
        return new Recipe(42L, DataSpec.defaults(), AudioSpec.defaults(), SpectrogramSpec.defaults(),
                SplitSpec.defaults(), TrainSpec.defaults());
    }

    public Recipe withData(DataSpec d) {
        return new Recipe(seed, d, audio, spectrogram, split, train, engine);
    }

    public Recipe withTrain(TrainSpec t) {
        return new Recipe(seed, data, audio, spectrogram, split, t, engine);
    }

    public Recipe withSplit(SplitSpec s) {
        return new Recipe(seed, data, audio, spectrogram, s, train, engine);
    }

    public Recipe withEngine(EngineSpec e) {
        return new Recipe(seed, data, audio, spectrogram, split, train, e);
    }

    /** The recipe without its engine (the default one): what a job computes does not depend on where it runs. */
    public Recipe withoutEngine() {
        return withEngine(EngineSpec.defaults());
    }

    /**
     * The dotted snake_case keys whose values differ between the preparation parts of two recipes (everything but
     * {@code train}), e.g. {@code [audio.sample_rate, split.folds]}; empty when {@link #samePreparation} holds.
     */
    public java.util.List<String> preparationDifferences(Recipe other) {
        return ConfigLoader.differences(withTrain(TrainSpec.defaults()).withoutEngine(),
                other.withTrain(TrainSpec.defaults()).withoutEngine());
    }

    /** Whether two recipes produce the same prepared dataset (everything but {@code train}). */
    public boolean samePreparation(Recipe other) {
        return seed == other.seed && data.equals(other.data) && audio.equals(other.audio)
                && spectrogram.equals(other.spectrogram) && split.equals(other.split);
    }
}
