package org.heartsounds.data.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.heartsounds.core.ExitCodes;
import org.heartsounds.data.fetch.ArchiveExtractor;
import org.heartsounds.data.fetch.DatasetCatalog;
import org.heartsounds.data.fetch.DatasetDefinition;
import org.heartsounds.data.fetch.DatasetFetcher;
import org.heartsounds.data.fetch.DownloadOptions;
import org.heartsounds.data.fetch.Downloader;
import org.heartsounds.data.fetch.FetchListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code heartsounds data fetch <name>}: downloads (or copies from {@code --mirror}) a dataset's pinned files,
 * extracts them safely, verifies all files against the pinned checksums and prints the dataset folder on stdout
 * (stages and progress go to stderr). Exit codes per {@link ExitCodes}.
 */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Download, verify and unpack a dataset into the cache; prints the dataset folder.",
                "Every download is pinned by SHA-256; interrupted downloads resume."})
public final class FetchCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "dataset to fetch (see --list)")
    String name;

    @Option(names = "--cache", paramLabel = "DIR", defaultValue = "${sys:user.home}/.cache/heartsounds",
            description = "cache folder (default: ${DEFAULT-VALUE})")
    Path cache;

    @Option(names = "--mirror", paramLabel = "DIR",
            description = "take the files by name from this local folder instead of the network (same checks)")
    Path mirror;

    @Option(names = "--list", description = "list the known datasets and exit")
    boolean list;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "20",
            description = "network connect timeout (default: ${DEFAULT-VALUE})")
    long connectTimeoutSeconds;

    @Option(names = "--read-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "abort a transfer after this long without data (default: ${DEFAULT-VALUE})")
    long readTimeoutSeconds;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "3",
            description = "retries per file after a network error, each resuming (default: ${DEFAULT-VALUE})")
    int retries;

    @Option(names = "--progress", negatable = true,
            description = "show a progress bar (default: only when attached to a terminal)")
    Boolean progress;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final DatasetCatalog catalog;

    public FetchCommand() {
        this(DatasetCatalog.builtIn());
    }

    /** With another catalog (tests, or a CLI that adds datasets). */
    public FetchCommand(DatasetCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (list) {
            printList(out);
            return ExitCodes.OK;
        }
        if (name == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "missing dataset NAME; known datasets: " + String.join(", ", catalog.names()));
        }
        validateNumbers();
        DatasetDefinition dataset = catalog.require(name);
        Downloader downloader = mirror != null ? Downloader.mirror(mirror) : Downloader.http(downloadOptions());
        DatasetFetcher fetcher = new DatasetFetcher(cache, downloader, new ArchiveExtractor());
        Path dir;
        try (ConsoleListener listener = new ConsoleListener(err, showProgress(), dataset.name())) {
            dir = fetcher.fetch(dataset, listener);
        }
        out.println(dir);
        out.flush();
        return ExitCodes.OK;
    }

    private void validateNumbers() {
        if (connectTimeoutSeconds <= 0 || readTimeoutSeconds <= 0 || retries < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "timeouts must be positive and --retries must not be negative");
        }
    }

    private DownloadOptions downloadOptions() {
        DownloadOptions defaults = DownloadOptions.defaults();
        return defaults.withTimeouts(Duration.ofSeconds(connectTimeoutSeconds), Duration.ofSeconds(readTimeoutSeconds))
                .withAttempts(retries + 1, defaults.retryDelay());
    }

    private boolean showProgress() {
        return progress != null ? progress : System.console() != null;
    }

    private void printList(PrintWriter out) {
        for (DatasetDefinition dataset : catalog.definitions()) {
            long bytes = dataset.downloadBytes();
            out.printf(Locale.ROOT, "%-12s %5d files, %d downloads%s%n", dataset.name(), dataset.expectedFiles().size(),
                    dataset.artifacts().size(), bytes >= 0 ? String.format(Locale.ROOT, " (%.1f MB)", bytes / 1e6) : "");
            out.printf("             %s%n", dataset.description());
            out.printf("             cite: %s%n", dataset.citation());
        }
        out.flush();
    }

    /** Prints stages to stderr and, if wanted, drives a console progress bar over all downloads. */
    private static final class ConsoleListener implements FetchListener, AutoCloseable {
        private final PrintWriter err;
        private final boolean bar;
        private final String task;
        private ProgressBar progressBar;

        ConsoleListener(PrintWriter err, boolean bar, String task) {
            this.err = err;
            this.bar = bar;
            this.task = task;
        }

        @Override
        public synchronized void stage(String message) {
            closeBar();
            err.println(message);
            err.flush();
        }

        @Override
        public synchronized void progress(long done, long total) {
            if (!bar) {
                return;
            }
            if (progressBar == null) {
                progressBar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                        .setStyle(ProgressBarStyle.ASCII).setUnit("MB", 1_000_000).showSpeed().build();
            }
            progressBar.stepTo(done);
        }

        @Override
        public synchronized void close() {
            closeBar();
        }

        private void closeBar() {
            if (progressBar != null) {
                progressBar.close();
                progressBar = null;
            }
        }
    }
}
