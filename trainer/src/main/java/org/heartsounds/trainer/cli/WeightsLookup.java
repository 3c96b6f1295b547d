package org.heartsounds.trainer.cli;

import java.nio.file.Path;
import java.util.function.Function;
import org.heartsounds.trainer.weights.WeightsCache;

/** Resolves {@code train.pretrained} catalogue names (e.g. {@code resnet18-imagenet}) to verified cached files. */
final class WeightsLookup {
    private WeightsLookup() {
    }

    static Function<String, Path> catalogue() {
        return name -> WeightsCache.atDefaultLocation().resolve(name);
    }
}
