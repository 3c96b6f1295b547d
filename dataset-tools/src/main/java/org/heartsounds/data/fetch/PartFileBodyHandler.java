package org.heartsounds.data.fetch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.heartsounds.core.BadInputException;

/**
 * Streams one HTTP response body into a {@code .part} file: appends at the requested offset for a {@code 206}
 * whose {@code Content-Range} starts there, rewrites the file from the start for a {@code 200} (a server that
 * ignored the {@code Range} header), and discards the body of any other status. Enforces a byte limit, reports
 * progress, records the time of the last received chunk (for the caller's stall watchdog) and can be aborted from
 * another thread. Written by hand because {@code BodyHandlers.ofFile} can neither append at an offset nor limit
 * the size.
 */
final class PartFileBodyHandler implements HttpResponse.BodyHandler<Long> {
    /** Marker result for responses whose body was not written. */
    static final long NOT_WRITTEN = -1;

    private static final Pattern CONTENT_RANGE = Pattern.compile("\\s*bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)\\s*");

    private final Path part;
    private final long offset;
    private final long limit;
    private final long total;
    private final String source;
    private final ProgressListener listener;
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile int status;
    private volatile boolean rangeMismatch;
    private volatile Writer writer;
    private volatile Throwable abortCause;

    /**
     * @param offset bytes already in {@code part} that were requested to be skipped ({@code Range: bytes=offset-})
     * @param limit  the most bytes the complete file may have
     * @param total  expected total size for progress reports, {@code -1} if unknown
     */
    PartFileBodyHandler(Path part, long offset, long limit, long total, String source, ProgressListener listener) {
        this.part = part;
        this.offset = offset;
        this.limit = limit;
        this.total = total;
        this.source = source;
        this.listener = listener;
    }

    @Override
    public HttpResponse.BodySubscriber<Long> apply(HttpResponse.ResponseInfo info) {
        touch();
        status = info.statusCode();
        long start;
        if (status == 206) {
            OptionalLong rangeStart = contentRangeStart(info.headers().firstValue("Content-Range").orElse(""));
            if (rangeStart.isEmpty() || rangeStart.getAsLong() != offset) {
                rangeMismatch = true;
                return HttpResponse.BodySubscribers.replacing(NOT_WRITTEN);
            }
            start = offset;
        } else if (status == 200) {
            start = 0;
        } else {
            return HttpResponse.BodySubscribers.replacing(NOT_WRITTEN);
        }
        Writer w = new Writer(open(start), start);
        writer = w;
        if (abortCause != null) {
            w.abort(abortCause);
        }
        return w;
    }

    /** Final HTTP status of the response (after redirects), 0 before the headers arrived. */
    int status() {
        return status;
    }

    /** True when a 206 answer did not start at the requested offset. */
    boolean rangeMismatch() {
        return rangeMismatch;
    }

    /** {@link System#nanoTime()} of the last sign of life (request start, headers, or a body chunk). */
    long lastActivityNanos() {
        return lastActivityNanos;
    }

    /** Stops writing, closes the file and fails the body with {@code cause}; safe to call from any thread. */
    void abort(Throwable cause) {
        abortCause = cause;
        Writer w = writer;
        if (w != null) {
            w.abort(cause);
        }
    }

    static OptionalLong contentRangeStart(String header) {
        Matcher m = CONTENT_RANGE.matcher(header);
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(m.group(1)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private FileChannel open(long start) {
        try {
            FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            channel.truncate(start);
            channel.position(start);
            return channel;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void touch() {
        lastActivityNanos = System.nanoTime();
    }

    /** Writes the chunks in arrival order; all methods synchronized so an abort never races a write. */
    private final class Writer implements HttpResponse.BodySubscriber<Long> {
        private final CompletableFuture<Long> result = new CompletableFuture<>();
        private final FileChannel channel;
        private long position;
        private Flow.Subscription subscription;
        private boolean finished;

        Writer(FileChannel channel, long start) {
            this.channel = channel;
            this.position = start;
        }

        @Override
        public CompletionStage<Long> getBody() {
            return result;
        }

        @Override
        public synchronized void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (finished) {
                s.cancel();
            } else {
                s.request(1);
            }
        }

        @Override
        public synchronized void onNext(List<ByteBuffer> items) {
            if (finished) {
                return;
            }
            touch();
            try {
                for (ByteBuffer buffer : items) {
                    if (position + buffer.remaining() > limit) {
                        fail(new BadInputException(source, "server sent more than the expected " + limit + " bytes"));
                        return;
                    }
                    while (buffer.hasRemaining()) {
                        position += channel.write(buffer);
                    }
                }
            } catch (IOException e) {
                fail(e);
                return;
            }
            listener.progress(position, total);
            subscription.request(1);
        }

        @Override
        public synchronized void onError(Throwable throwable) {
            finish(throwable);
        }

        @Override
        public synchronized void onComplete() {
            finish(null);
        }

        synchronized void abort(Throwable cause) {
            fail(cause);
        }

        private void fail(Throwable cause) {
            if (subscription != null) {
                subscription.cancel();
            }
            finish(cause);
        }

        private void finish(Throwable error) {
            if (finished) {
                return;
            }
            finished = true;
            Throwable failure = error;
            try {
                if (failure == null) {
                    channel.force(false);
                }
                channel.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
            if (failure == null) {
                result.complete(position);
            } else {
                result.completeExceptionally(failure);
            }
        }
    }
}
