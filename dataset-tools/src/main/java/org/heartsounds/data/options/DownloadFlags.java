package org.heartsounds.data.options;

import java.io.PrintWriter;
import java.time.Duration;
import org.heartsounds.data.fetch.DownloadOptions;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The download options of {@code data fetch} and {@code weights fetch}: timeouts, retries and the progress bar, with
 * their checks and the {@link DownloadOptions} and console listener they select.
 */
public class DownloadFlags {
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

    /** The options, or a {@link CommandLine.ParameterException} on {@code commandLine} naming the bad flag. */
    public DownloadOptions options(CommandLine commandLine) {
        if (connectTimeoutSeconds <= 0 || readTimeoutSeconds <= 0 || retries < 0) {
            throw new CommandLine.ParameterException(commandLine,
                    "timeouts must be positive and --retries must not be negative");
        }
        DownloadOptions defaults = DownloadOptions.defaults();
        return defaults.withTimeouts(Duration.ofSeconds(connectTimeoutSeconds), Duration.ofSeconds(readTimeoutSeconds))
                .withAttempts(retries + 1, defaults.retryDelay());
    }

    /** A listener that prints stages to {@code err} and draws a bar named {@code task} when {@code --progress}. */
    public ConsoleDownloadListener listener(PrintWriter err, String task) {
        return new ConsoleDownloadListener(err, progress != null ? progress : System.console() != null, task);
    }
}
