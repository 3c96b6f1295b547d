package org.heartsounds.trainer.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.heartsounds.core.ExitCodes;
import org.heartsounds.data.fetch.DownloadOptions;
import org.heartsounds.data.fetch.Downloader;
import org.heartsounds.data.fetch.ProgressListener;
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

    @Option(names = "--retries", paramLabel = "N", defaultValue = "3",
            description = "retries after a network error, each resuming (default: ${DEFAULT-VALUE})")
    int retries;

    @Option(names = "--progress", negatable = true,
            description = "show a progress bar (default: only when attached to a terminal)")
    Boolean progress;

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
        if (retries < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--retries must not be negative");
        }
        PretrainedWeights weights = catalog.require(name);
        WeightsCache cache = cacheOption.open(catalog);
        DownloadOptions defaults = DownloadOptions.defaults();
        WeightsFetcher fetcher = new WeightsFetcher(cache,
                Downloader.http(defaults.withAttempts(retries + 1, defaults.retryDelay())));
        Path file;
        if (from != null) {
            err.printf("%s: installing %s%n", name, from);
            file = fetcher.install(name, from);
        } else {
            err.printf(Locale.ROOT, "%s: fetching %s (%.1f MB)%n", name, url != null ? url : weights.file().url(),
                    weights.size() / 1e6);
            err.flush();
            try (Bar bar = new Bar(showProgress(), name)) {
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

    private boolean showProgress() {
        return progress != null ? progress : System.console() != null;
    }

    /** A console progress bar over one transfer, created on the first progress report; nothing when disabled. */
    private static final class Bar implements ProgressListener, AutoCloseable {
        private final boolean enabled;
        private final String task;
        private ProgressBar bar;

        Bar(boolean enabled, String task) {
            this.enabled = enabled;
            this.task = task;
        }

        @Override
        public synchronized void progress(long done, long total) {
            if (!enabled) {
                return;
            }
            if (bar == null) {
                bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                        .setUnit("MB", 1_000_000).showSpeed().build();
            }
            bar.stepTo(done);
        }

        @Override
        public synchronized void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
