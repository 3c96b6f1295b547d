package org.heartsounds.data.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.heartsounds.core.ExitCodes;
import org.heartsounds.data.archive.ArchiveExtractor;
import org.heartsounds.data.fetch.DatasetCatalog;
import org.heartsounds.data.fetch.DatasetDefinition;
import org.heartsounds.data.fetch.DatasetFetcher;
import org.heartsounds.data.fetch.DownloadOptions;
import org.heartsounds.data.fetch.Downloader;
import org.heartsounds.data.options.ConsoleDownloadListener;
import org.heartsounds.data.options.DownloadFlags;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    DownloadFlags download;

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
        DownloadOptions options = download.options(spec.commandLine());
        DatasetDefinition dataset = catalog.require(name);
        Downloader downloader = mirror != null ? Downloader.mirror(mirror) : Downloader.http(options);
        DatasetFetcher fetcher = new DatasetFetcher(cache, downloader, new ArchiveExtractor());
        Path dir;
        try (ConsoleDownloadListener listener = download.listener(err, dataset.name())) {
            dir = fetcher.fetch(dataset, listener);
        }
        out.println(dir);
        out.flush();
        return ExitCodes.OK;
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
}
