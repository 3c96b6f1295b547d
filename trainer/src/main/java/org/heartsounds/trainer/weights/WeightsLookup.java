package org.heartsounds.trainer.weights;

import java.nio.file.Path;
import java.util.function.Function;

/** Resolves {@code train.pretrained} catalogue names (e.g. {@code resnet18-imagenet}) to verified cached files. */
public final class WeightsLookup {
    private WeightsLookup() {
    }

    /** The lookup over the cache at its default location ({@link WeightsCache#atDefaultLocation()}). */
    public static Function<String, Path> catalogue() {
        return name -> WeightsCache.atDefaultLocation().resolve(name);
    }
}
