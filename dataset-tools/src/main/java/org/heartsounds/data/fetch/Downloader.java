package org.heartsounds.data.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.io.AtomicFiles;

/**
 * Fetches {@link PinnedFile}s into a folder, either over HTTP(S) or from a local mirror folder, and accepts them
 * only if size and SHA-256 match the pin.
 *
 * <p>Over HTTP the bytes go to {@code <name>.part}; a transfer that breaks off keeps what arrived, and the next
 * attempt (automatic retries, or a later run) asks for the rest with {@code Range: bytes=N-}. A server that
 * answers a range request with {@code 200} (the whole file) is handled by starting over. Redirects are followed
 * (GitHub's {@code /raw/} URLs redirect). A stall longer than the read timeout aborts the attempt. Once the file
 * is complete and verified it is renamed atomically to {@code <name>}, so a file under its final name is always
 * complete and correct; a file that fails verification is deleted and reported as {@link BadInputException}
 * ({@code SHA-256 mismatch: expected X, got Y}). A file already present with the right checksum is not fetched
 * again. With a mirror folder, files are copied from there by name instead, with the same checks.
 *
 * <p>Not safe for two processes downloading the same file into the same folder at once; callers serialise that
 * (see {@link DatasetFetcher}'s cache lock).
 */
public final class Downloader {
    private static final String USER_AGENT = "heartsounds-fetch/1 (Java HttpClient)";
    private static final long POLL_MILLIS = 100;

    private final DownloadOptions options;
    private final HttpClient client;
    private final Path mirror;

    private Downloader(DownloadOptions options, HttpClient client, Path mirror) {
        this.options = options;
        this.client = client;
        this.mirror = mirror;
    }

    /** A downloader that uses the network. */
    public static Downloader http(DownloadOptions options) {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(options.connectTimeout())
                .build();
        return new Downloader(options, client, null);
    }

    /** A downloader that copies files by name from {@code mirrorDir} and never touches the network. */
    public static Downloader mirror(Path mirrorDir) {
        Objects.requireNonNull(mirrorDir, "mirrorDir");
        if (!Files.isDirectory(mirrorDir)) {
            throw new BadInputException(mirrorDir, "mirror folder does not exist or is not a folder");
        }
        return new Downloader(DownloadOptions.defaults(), null, mirrorDir);
    }

    /** Where the files come from, for messages: the mirror folder or "network". */
    public String describeSource() {
        return mirror != null ? "mirror " + mirror : "network";
    }

    /** True when {@code dir} already holds {@code pin}'s file with the right size and SHA-256. */
    public boolean isPresent(PinnedFile pin, Path dir) throws IOException {
        Path target = dir.resolve(pin.fileName());
        return Files.isRegularFile(target) && PinCheck.problem(target, pin) == null;
    }

    /**
     * Makes sure {@code dir/<pin.fileName()>} exists with the pinned content and returns its path.
     *
     * @throws BadInputException when the fetched bytes do not match the pin (the bad file is deleted), or a mirror
     *                           lacks the file
     * @throws IOException       when the transfer fails (after all attempts)
     */
    public Path fetch(PinnedFile pin, Path dir, ProgressListener listener) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(pin.fileName());
        long total = pin.size() == null ? -1 : pin.size();
        if (Files.isRegularFile(target)) {
            if (PinCheck.problem(target, pin) == null) {
                listener.progress(Files.size(target), total);
                return target;
            }
            Files.delete(target); // a corrupt or outdated cached copy: fetch it again
        }
        Path part = dir.resolve(pin.fileName() + AtomicFiles.TEMP_SUFFIX);
        if (mirror != null) {
            copyFromMirror(pin, part, listener);
        } else {
            download(pin, part, listener);
        }
        AtomicFiles.move(part, target);
        return target;
    }

    // ---------------------------------------------------------------------------------------------- mirror

    private void copyFromMirror(PinnedFile pin, Path part, ProgressListener listener) throws IOException {
        Path source = locateInMirror(pin.fileName());
        long limit = limitFor(pin);
        long total = pin.size() == null ? -1 : pin.size();
        try (InputStream in = Files.newInputStream(source); OutputStream out = Files.newOutputStream(part)) {
            byte[] buffer = new byte[1 << 16];
            long done = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                done += n;
                if (done > limit) {
                    throw new BadInputException(source, "larger than the expected " + limit + " bytes");
                }
                out.write(buffer, 0, n);
                listener.progress(done, total);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        String problem = PinCheck.problem(part, pin);
        if (problem != null) {
            Files.deleteIfExists(part);
            throw new BadInputException(source, problem);
        }
    }

    /** Finds the file by name, also under the other Unicode normalisation (macOS stores names decomposed). */
    private Path locateInMirror(String fileName) {
        for (Normalizer.Form form : new Normalizer.Form[] {null, Normalizer.Form.NFC, Normalizer.Form.NFD}) {
            String name = form == null ? fileName : Normalizer.normalize(fileName, form);
            Path candidate = mirror.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new BadInputException(mirror, "mirror folder has no file named '" + fileName + "'");
    }

    // ---------------------------------------------------------------------------------------------- network

    private void download(PinnedFile pin, Path part, ProgressListener listener) throws IOException {
        String source = pin.url().toString();
        boolean restartedFromScratch = false;
        int attempt = 0;
        while (true) {
            long have = Files.isRegularFile(part) ? Files.size(part) : 0;
            if (pin.size() != null && have > pin.size()) {
                Files.delete(part);
                have = 0;
            }
            boolean resumed = have > 0;
            if (pin.size() == null || have < pin.size()) {
                attempt++;
                Attempt result;
                try {
                    result = transferOnce(pin, part, have, listener);
                } catch (BadInputException e) {
                    Files.deleteIfExists(part);
                    throw e;
                } catch (IOException e) {
                    if (e instanceof InterruptedIOException || e instanceof PermanentHttpException
                            || attempt >= options.attempts()) {
                        throw new IOException("download of " + source + " failed after " + attempt + " attempt(s): "
                                + describe(e), e);
                    }
                    pause(attempt);
                    continue;
                }
                if (result == Attempt.RESTART) {
                    Files.deleteIfExists(part);
                    if (restartedFromScratch) {
                        throw new IOException(source + ": server does not honour range requests consistently");
                    }
                    restartedFromScratch = true;
                    continue;
                }
            }
            String problem = PinCheck.problem(part, pin);
            if (problem == null) {
                return;
            }
            Files.delete(part);
            if (resumed && !restartedFromScratch) {
                restartedFromScratch = true; // the kept partial file may be stale; try once from byte 0
                continue;
            }
            throw new BadInputException(source, problem);
        }
    }

    private enum Attempt { COMPLETE, RESTART }

    private Attempt transferOnce(PinnedFile pin, Path part, long offset, ProgressListener listener) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(pin.url())
                .timeout(options.readTimeout())
                .header("User-Agent", USER_AGENT)
                .header("Accept-Encoding", "identity")
                .GET();
        if (offset > 0) {
            request.header("Range", "bytes=" + offset + "-");
        }
        long total = pin.size() == null ? -1 : pin.size();
        PartFileBodyHandler handler = new PartFileBodyHandler(part, offset, limitFor(pin), total,
                pin.url().toString(), listener);
        CompletableFuture<HttpResponse<Long>> future = client.sendAsync(request.build(), handler);
        HttpResponse<Long> response = await(future, handler, pin);
        int status = response.statusCode();
        if (handler.rangeMismatch() || status == 416) {
            return Attempt.RESTART;
        }
        if (status == 200 || status == 206) {
            return Attempt.COMPLETE;
        }
        String message = "HTTP " + status + " from " + response.uri();
        if (status == 408 || status == 429 || status >= 500) {
            throw new IOException(message); // worth retrying
        }
        throw new PermanentHttpException(message);
    }

    private HttpResponse<Long> await(CompletableFuture<HttpResponse<Long>> future, PartFileBodyHandler handler,
                                     PinnedFile pin) throws IOException {
        long idleLimit = options.readTimeout().toNanos();
        while (true) {
            try {
                return future.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (System.nanoTime() - handler.lastActivityNanos() > idleLimit) {
                    HttpTimeoutException stalled = new HttpTimeoutException("no data from " + pin.url() + " for "
                            + options.readTimeout().toSeconds() + " s");
                    handler.abort(stalled);
                    future.cancel(true);
                    throw stalled;
                }
            } catch (InterruptedException e) {
                handler.abort(e);
                future.cancel(true);
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("download of " + pin.url() + " interrupted");
            } catch (ExecutionException e) {
                handler.abort(e.getCause()); // no-op if the body already ended; makes sure the file is closed
                throw rethrow(e.getCause());
            }
        }
    }

    private static IOException rethrow(Throwable cause) {
        Throwable t = cause;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof UncheckedIOException u) {
            return u.getCause();
        }
        if (t instanceof IOException io) {
            return io;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        return new IOException(t);
    }

    private void pause(int attempt) throws InterruptedIOException {
        long millis = options.delayBeforeRetry(attempt).toMillis();
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
    }

    private long limitFor(PinnedFile pin) {
        return pin.size() != null ? pin.size() : options.maxUnknownSize();
    }

    /** The exception's type and the first message found along its causes, e.g. "ConnectException: Connection refused". */
    private static String describe(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && !message.isBlank()) {
                return t == e && e.getClass() == IOException.class ? message : e.getClass().getSimpleName() + ": " + message;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return e.getClass().getSimpleName();
    }

    /** An HTTP status that retrying will not fix (404, 403, ...). */
    private static final class PermanentHttpException extends IOException {
        PermanentHttpException(String message) {
            super(message);
        }
    }
}
