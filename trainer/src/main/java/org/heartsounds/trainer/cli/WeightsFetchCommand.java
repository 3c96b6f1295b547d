package org.heartsounds.trainer.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.heartsounds.core.ExitCodes;
import org.heartsounds.data.fetch.DownloadOptions;
import org.heartsounds.data.fetch.Downloader;
import org.heartsounds.data.options.ConsoleDownloadListener;
import org.heartsounds.data.options.DownloadFlags;
import org.heartsounds.trainer.weights.PretrainedWeights;
import org.heartsounds.trainer.weights.WeightsCache;
import org.heartsounds.trainer.weights.WeightsCatalog;
import org.heartsounds.trainer.weights.WeightsFetcher;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code heartsounds weights fetch NAME}: downloads (or, with {@code --from}, installs a local copy of) a pinned
 * weight file into the cache, verifies size and SHA-256, and prints the cached file's path on stdout (messages and
 * progress go to stderr). Exit codes per {@link ExitCodes}: 2 for an unknown name or a file that does not match its
 * pin, 1 for a network or disk failure.
 */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Download a pinned pretrained weight file into the cache and verify it; prints its path.",
            "Interrupted downloads resume. Offline machines: download the URL elsewhere, then use --from FILE."})
public final class WeightsFetchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "weights to fetch (see `heartsounds weights list`)")
    String name;

    @Mixin
    CacheOption cacheOption;

    @Option(names = "--url", paramLabel = "URL", description = "download from this http(s) mirror instead of the "
            + "pinned URL (same size and SHA-256 checks)")
    URI url;

    @Option(names = "--from", paramLabel = "FILE",
            description = "install this local copy (checked against the pinned size and SHA-256) instead of downloading")
    Path from;

    @Mixin
    DownloadFlags download;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final WeightsCatalog catalog;

    public WeightsFetchCommand() {
        this(WeightsCatalog.builtIn());
    }

    /** With another catalog (tests). */
    public WeightsFetchCommand(WeightsCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (url != null && from != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--url and --from exclude each other");
        }
        DownloadOptions options = download.options(spec.commandLine());
        PretrainedWeights weights = catalog.require(name);
        WeightsCache cache = cacheOption.open(catalog);
        WeightsFetcher fetcher = new WeightsFetcher(cache, Downloader.http(options));
        Path file;
        if (from != null) {
            err.printf("%s: installing %s%n", name, from);
            file = fetcher.install(name, from);
        } else {
            err.printf(Locale.ROOT, "%s: fetching %s (%.1f MB)%n", name, url != null ? url : weights.file().url(),
                    weights.size() / 1e6);
            err.flush();
            try (ConsoleDownloadListener bar = download.listener(err, name)) {
                file = fetcher.fetch(name, url, bar);
            }
        }
        err.printf("%s: verified (SHA-256 %s)%n", name, weights.sha256());
        err.flush();
        PrintWriter out = spec.commandLine().getOut();
        out.println(file);
        out.flush();
        return ExitCodes.OK;
    }
}
