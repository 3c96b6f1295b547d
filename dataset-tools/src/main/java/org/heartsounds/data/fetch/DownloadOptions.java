package org.heartsounds.data.fetch;

import java.time.Duration;
import java.util.Objects;

/**
 * Knobs of {@link Downloader}.
 *
 * @param connectTimeout  limit for opening a TCP/TLS connection
 * @param readTimeout     limit for waiting on the response headers and, afterwards, for any gap between two
 *                        chunks of the body (a stalled transfer is aborted after this long without data)
 * @param attempts        how many times one file is requested before giving up (at least 1); every retry resumes
 *                        from the bytes already on disk
 * @param retryDelay      pause before the first retry, doubled for every further one (capped at one minute)
 * @param maxUnknownSize  the most bytes accepted for a file whose pinned size is unknown
 */
public record DownloadOptions(Duration connectTimeout, Duration readTimeout, int attempts, Duration retryDelay,
                              long maxUnknownSize) {

    public DownloadOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(retryDelay, "retryDelay");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
        }
        if (retryDelay.isNegative()) {
            throw new IllegalArgumentException("retryDelay must not be negative");
        }
        if (maxUnknownSize <= 0) {
            throw new IllegalArgumentException("maxUnknownSize must be positive");
        }
    }

    /** 20 s to connect, 60 s without data, 4 attempts, 2 s first retry delay, at most 8 GiB for unsized files. */
    public static DownloadOptions defaults() {
        return new DownloadOptions(Duration.ofSeconds(20), Duration.ofSeconds(60), 4, Duration.ofSeconds(2), 8L << 30);
    }

    public DownloadOptions withTimeouts(Duration connect, Duration read) {
        return new DownloadOptions(connect, read, attempts, retryDelay, maxUnknownSize);
    }

    public DownloadOptions withAttempts(int newAttempts, Duration newRetryDelay) {
        return new DownloadOptions(connectTimeout, readTimeout, newAttempts, newRetryDelay, maxUnknownSize);
    }

    /** Delay before retry number {@code retry} (1 = first retry). */
    Duration delayBeforeRetry(int retry) {
        long millis = retryDelay.toMillis();
        for (int i = 1; i < retry && millis < 60_000; i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, 60_000));
    }
}
