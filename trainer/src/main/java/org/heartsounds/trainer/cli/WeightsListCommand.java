package org.heartsounds.trainer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.heartsounds.core.ExitCodes;
import org.heartsounds.trainer.weights.PretrainedWeights;
import org.heartsounds.trainer.weights.WeightsCache;
import org.heartsounds.trainer.weights.WeightsCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code heartsounds weights list}: one line per known weight file (name, pinned size, SHA-256, whether a verified
 * copy is cached) followed by its description, format and file; then the cache folder. Exit codes per
 * {@link ExitCodes}.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the known pretrained weights and whether a verified copy is cached.")
public final class WeightsListCommand implements Callable<Integer> {
    @Mixin
    CacheOption cacheOption;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final WeightsCatalog catalog;

    public WeightsListCommand() {
        this(WeightsCatalog.builtIn());
    }

    /** With another catalog (tests). */
    public WeightsListCommand(WeightsCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        WeightsCache cache = cacheOption.open(catalog);
        out.printf(Locale.ROOT, "%-20s %10s  %-64s  %s%n", "NAME", "BYTES", "SHA-256", "CACHED");
        for (PretrainedWeights weights : catalog.entries()) {
            out.printf(Locale.ROOT, "%-20s %10d  %-64s  %s%n", weights.name(), weights.size(), weights.sha256(),
                    cached(cache, weights));
            out.printf(Locale.ROOT, "%-20s %s; %s, %d classes; %s%n", "", weights.description(), weights.format(),
                    weights.classes(), weights.file().url());
        }
        out.println("cache: " + cache.dir());
        out.flush();
        return ExitCodes.OK;
    }

    private static String cached(WeightsCache cache, PretrainedWeights weights) throws IOException {
        if (cache.isCached(weights)) {
            return "yes";
        }
        return Files.exists(cache.pathOf(weights)) ? "no (present copy fails verification)" : "no";
    }
}
