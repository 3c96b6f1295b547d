package org.heartsounds.trainer.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.io.Sha256;
import org.heartsounds.data.fetch.DownloadOptions;
import org.heartsounds.data.fetch.Downloader;
import org.heartsounds.data.fetch.ProgressListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsFetcherTest {
    @TempDir
    Path tmp;

    private TestServer server;
    private byte[] content;
    private WeightsCache cache;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer();
        content = Fixtures.content();
        cache = new WeightsCache(tmp.resolve("cache"), Fixtures.catalog(server.url(Fixtures.FILE)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Downloader downloader(int attempts) {
        return Downloader.http(DownloadOptions.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5))
                .withAttempts(attempts, Duration.ZERO));
    }

    /** The weight files in the cache folder (lock files excluded). */
    private List<String> cached() throws IOException {
        if (!Files.isDirectory(cache.dir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cache.dir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".lock")).sorted().toList();
        }
    }

    @Test
    void fetchDownloadsVerifiesAndResolves() throws IOException {
        server.put(Fixtures.FILE, content);
        AtomicLong lastDone = new AtomicLong();
        Path file = new WeightsFetcher(cache, downloader(1)).fetch(Fixtures.NAME, null, (done, total) -> lastDone.set(done));
        assertEquals(cache.dir().resolve(Fixtures.FILE), file);
        assertArrayEquals(content, Files.readAllBytes(file));
        assertEquals(Sha256.of(content), Sha256.of(file));
        assertEquals(Fixtures.SIZE, lastDone.get());
        assertEquals(List.of(Fixtures.FILE), cached());
        assertEquals(file, cache.resolve(Fixtures.NAME));

        new WeightsFetcher(cache, downloader(1)).fetch(Fixtures.NAME, null, ProgressListener.NONE);
        assertEquals(1, server.requests(), "a verified cached file is not downloaded again");
    }

    @Test
    void urlOverrideFetchesFromAMirror() throws IOException {
        server.put("mirror.bin", content);
        Path file = new WeightsFetcher(cache, downloader(1)).fetch(Fixtures.NAME, server.url("mirror.bin"),
                ProgressListener.NONE);
        assertEquals(cache.dir().resolve(Fixtures.FILE), file, "stored under the pinned file name");
        assertEquals(Sha256.of(content), Sha256.of(file));

        BadInputException e = assertThrows(BadInputException.class, () -> new WeightsFetcher(cache, downloader(1))
                .fetch(Fixtures.NAME, URI.create("ftp://example.org/x.pth"), ProgressListener.NONE));
        assertEquals("ftp://example.org/x.pth", e.source());
        assertEquals("not an http(s) URL", e.problem());
    }

    @Test
    void wrongBytesAreRejectedNamingFileAndBothHashesAndLeaveNothing() throws IOException {
        byte[] wrong = Fixtures.bytes(Fixtures.SIZE, 99);
        server.put(Fixtures.FILE, wrong);
        BadInputException e = assertThrows(BadInputException.class,
                () -> new WeightsFetcher(cache, downloader(3)).fetch(Fixtures.NAME, null, ProgressListener.NONE));
        assertEquals(server.url(Fixtures.FILE).toString(), e.source());
        assertEquals(Fixtures.FILE + " (tiny-test): SHA-256 mismatch: expected " + Sha256.of(content) + ", got "
                + Sha256.of(wrong), e.problem());
        assertEquals(List.of(), cached(), "neither the file nor a .part remains");
        assertEquals(1, server.requests(), "a checksum mismatch is not retried");
    }

    @Test
    void shortBodyIsASizeMismatch() throws IOException {
        server.put(Fixtures.FILE, java.util.Arrays.copyOf(content, 150_000));
        BadInputException e = assertThrows(BadInputException.class,
                () -> new WeightsFetcher(cache, downloader(2)).fetch(Fixtures.NAME, null, ProgressListener.NONE));
        assertEquals(Fixtures.FILE + " (tiny-test): size mismatch: expected 200000 bytes, got 150000", e.problem());
        assertEquals(List.of(), cached());
    }

    @Test
    void cutTransferIsAnIoErrorThatKeepsThePartForResumingAndHintsAtFrom() throws IOException {
        server.put(Fixtures.FILE, content).cutAfter(Fixtures.FILE, 50_000);
        IOException e = assertThrows(IOException.class,
                () -> new WeightsFetcher(cache, downloader(1)).fetch(Fixtures.NAME, null, ProgressListener.NONE));
        assertTrue(e.getMessage().startsWith("download of " + server.url(Fixtures.FILE) + " failed after 1 attempt(s)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("; the partial download is kept and resumed by the next fetch."),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("`heartsounds weights fetch tiny-test --cache " + cache.root()
                + " --from FILE`"), e.getMessage());
        assertEquals(List.of(Fixtures.FILE + ".part"), cached(), "no file under its final name");
        assertTrue(Files.size(cache.dir().resolve(Fixtures.FILE + ".part")) <= 50_000);
        assertThrows(BadInputException.class, () -> cache.resolve(Fixtures.NAME));
    }

    @Test
    void installFromLocalFileChecksSizeAndHash() throws IOException {
        Path good = Files.write(tmp.resolve("downloaded.pth"), content);
        WeightsFetcher fetcher = new WeightsFetcher(cache, downloader(1));
        Path file = fetcher.install(Fixtures.NAME, good);
        assertEquals(cache.dir().resolve(Fixtures.FILE), file);
        assertArrayEquals(content, Files.readAllBytes(file));
        assertEquals(file, cache.resolve(Fixtures.NAME));
        assertEquals(0, server.requests(), "--from never uses the network");
        Files.delete(file);

        byte[] corrupt = content.clone();
        corrupt[199_999] ^= 1;
        Path bad = Files.write(tmp.resolve("corrupt.pth"), corrupt);
        BadInputException e = assertThrows(BadInputException.class, () -> fetcher.install(Fixtures.NAME, bad));
        assertEquals(bad.toString(), e.source());
        assertEquals("SHA-256 mismatch for tiny-test: expected 200000 bytes with SHA-256 " + Sha256.of(content)
                + ", got 200000 bytes with SHA-256 " + Sha256.of(corrupt), e.problem());
        assertEquals(List.of(), cached(), "no temporary copy left");

        Path shorter = Files.write(tmp.resolve("short.pth"), java.util.Arrays.copyOf(content, 1000));
        BadInputException size = assertThrows(BadInputException.class, () -> fetcher.install(Fixtures.NAME, shorter));
        assertTrue(size.problem().startsWith("size and SHA-256 mismatch for tiny-test: expected 200000 bytes"),
                size.problem());
        assertTrue(size.problem().endsWith("got 1000 bytes with SHA-256 "
                + Sha256.of(java.util.Arrays.copyOf(content, 1000))), size.problem());

        BadInputException missing = assertThrows(BadInputException.class,
                () -> fetcher.install(Fixtures.NAME, tmp.resolve("absent.pth")));
        assertEquals(tmp.resolve("absent.pth").toString(), missing.source());
        assertEquals(List.of(), cached());
    }

    @Test
    void installReplacesACorruptCachedCopy() throws IOException {
        Path target = cache.dir().resolve(Fixtures.FILE);
        Files.createDirectories(cache.dir());
        Files.write(target, new byte[] {1, 2, 3});
        new WeightsFetcher(cache, downloader(1)).install(Fixtures.NAME, Files.write(tmp.resolve("w.pth"), content));
        assertEquals(Sha256.of(content), Sha256.of(target));
    }
}
