package org.heartsounds.trainer.cli;

import java.nio.file.Path;
import org.heartsounds.trainer.weights.WeightsCache;
import org.heartsounds.trainer.weights.WeightsCatalog;
import picocli.CommandLine.Option;

/** The {@code --cache DIR} option of the weights commands: the heartsounds cache root, as for {@code data fetch}. */
public class CacheOption {
    @Option(names = "--cache", paramLabel = "DIR",
            description = {"heartsounds cache root (as for `data fetch`); weights go to DIR/weights",
                "default: $HEARTSOUNDS_CACHE, else ~/.cache/heartsounds"})
    Path cache;

    /** The weights cache the option selects, over {@code catalog}. */
    WeightsCache open(WeightsCatalog catalog) {
        return new WeightsCache(cache != null ? cache : WeightsCache.defaultRoot(), catalog);
    }
}
