package org.heartsounds.trainer.weights;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Objects;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.io.AtomicFiles;
import org.heartsounds.core.io.Sha256;
import org.heartsounds.data.fetch.Downloader;
import org.heartsounds.data.fetch.PinnedFile;
import org.heartsounds.data.fetch.ProgressListener;

/**
 * Puts pinned weight files into a {@link WeightsCache}: {@link #fetch} downloads with the dataset tools'
 * {@link Downloader} (resumable {@code .part} file, size and SHA-256 checked, atomic rename), {@link #install}
 * copies a local file (for machines that cannot reach the download host) with the same checks. Either way a file
 * under its final name is complete and verified. One fetch per file and cache runs at a time (a file lock,
 * {@code <cache>/weights/.<file name>.lock}).
 */
public final class WeightsFetcher {
    private final WeightsCache cache;
    private final Downloader downloader;

    /**
     * @param cache      where the files go
     * @param downloader how {@link #fetch} transfers them ({@link Downloader#http} or {@link Downloader#mirror})
     */
    public WeightsFetcher(WeightsCache cache, Downloader downloader) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.downloader = Objects.requireNonNull(downloader, "downloader");
    }

    /**
     * Makes sure the named weights are cached and verified, downloading them if needed; returns the cached file.
     * A cached copy that fails verification is replaced.
     *
     * @param url      where to download from instead of the pinned URL (a mirror), or {@code null}
     * @param listener byte progress of the transfer
     * @throws BadInputException unknown name, a non-http(s) {@code url}, or downloaded bytes that do not match the
     *                           pin (nothing is left in the cache then)
     * @throws IOException       network or disk failure; a partial download is kept and resumed next time
     */
    public Path fetch(String name, URI url, ProgressListener listener) throws IOException {
        PretrainedWeights weights = cache.catalog().require(name);
        PinnedFile pin = url == null ? weights.file() : withUrl(weights.file(), url);
        try {
            return locked(weights, () -> downloader.fetch(pin, cache.dir(), listener));
        } catch (BadInputException e) {
            throw new BadInputException(e.source(), pin.fileName() + " (" + name + "): " + e.problem(), e);
        } catch (IOException e) {
            String cause = e.getClass() == IOException.class ? e.getMessage()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            boolean partial = Files.isRegularFile(cache.dir().resolve(pin.fileName() + AtomicFiles.TEMP_SUFFIX));
            throw new IOException(cause + (partial ? "; the partial download is kept and resumed by the next fetch"
                    : "") + ". Machines that cannot reach " + pin.url().getHost() + " can install a copy downloaded elsewhere"
                    + " with `" + cache.fetchCommand(name) + " --from FILE`", e);
        }
    }

    /**
     * Installs a local copy of the named weights after checking its size and SHA-256: the file is copied to a
     * temporary file in the cache folder, hashed on the way, and renamed to its final name only if it matches.
     *
     * @throws BadInputException unknown name, {@code source} missing or not a regular file, or its size or SHA-256
     *                           differ from the pin (the message names the file and both hashes; the cache is
     *                           left unchanged)
     */
    public Path install(String name, Path source) throws IOException {
        PretrainedWeights weights = cache.catalog().require(name);
        if (!Files.isRegularFile(source)) {
            throw new BadInputException(source, "no such file (--from needs the downloaded " + weights.file().fileName()
                    + ")");
        }
        if (Files.size(source) != weights.size()) {
            throw new BadInputException(source, WeightsCheck.problem(source, weights)); // names both hashes
        }
        Path target = cache.pathOf(weights);
        return locked(weights, () -> {
            if (!cache.isCached(weights)) {
                AtomicFiles.write(target, out -> copyVerified(source, weights, out));
            }
            return target;
        });
    }

    /** Copies at most the pinned size plus one byte, then checks size and SHA-256 before the caller renames. */
    private static void copyVerified(Path source, PretrainedWeights weights, OutputStream out) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        long copied = 0;
        try (InputStream in = Files.newInputStream(source)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                copied += n;
                if (copied > weights.size()) {
                    throw new BadInputException(source, "grew beyond the pinned " + weights.size()
                            + " bytes while being copied");
                }
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        String problem = WeightsCheck.mismatch(weights, copied, Sha256.hex(digest.digest()));
        if (problem != null) {
            throw new BadInputException(source, problem); // AtomicFiles deletes the temporary copy
        }
    }

    private static PinnedFile withUrl(PinnedFile pin, URI url) {
        try {
            return new PinnedFile(pin.fileName(), url, pin.size(), pin.sha256());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(String.valueOf(url), "not an http(s) URL");
        }
    }

    /** Work done while holding the cache's lock for one file. */
    @FunctionalInterface
    private interface LockedWork {
        Path run() throws IOException;
    }

    private Path locked(PretrainedWeights weights, LockedWork work) throws IOException {
        Files.createDirectories(cache.dir());
        try (FileChannel channel = FileChannel.open(cache.dir().resolve("." + weights.file().fileName() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            return work.run();
        }
    }
}
