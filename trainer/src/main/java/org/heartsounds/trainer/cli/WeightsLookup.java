package org.heartsounds.trainer.cli;

import java.nio.file.Path;
import java.util.function.Function;
import org.heartsounds.core.BadInputException;

/** Resolves {@code train.pretrained} catalogue names to cached weight files. */
final class WeightsLookup {
    private WeightsLookup() {
    }

    static Function<String, Path> catalogue() {
        return name -> {
            throw new BadInputException(name, "unknown pretrained weights");
        };
    }
}
