package org.heartsounds.data.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.io.Sha256;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloaderTest {
    private static final int SIZE = 300_000;
    private static final int CUT = 100_000;

    @TempDir
    Path dir;

    private LoopbackServer server;
    private byte[] content;
    private PinnedFile pin;

    @BeforeEach
    void start() throws IOException {
        content = bytes(SIZE, 1);
        server = new LoopbackServer().put("data.bin", content);
        pin = new PinnedFile("data.bin", server.url("data.bin"), (long) SIZE, Sha256.of(content));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static Downloader downloader(int attempts) {
        return Downloader.http(DownloadOptions.defaults()
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5))
                .withAttempts(attempts, Duration.ZERO));
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void downloadsVerifiesAndReportsProgress() throws IOException {
        AtomicLong lastDone = new AtomicLong(-1);
        AtomicLong lastTotal = new AtomicLong();
        Path file = downloader(1).fetch(pin, dir, (done, total) -> {
            lastDone.set(done);
            lastTotal.set(total);
        });
        assertEquals(dir.resolve("data.bin"), file);
        assertArrayEquals(content, Files.readAllBytes(file));
        assertEquals(List.of("data.bin"), listing(), "no .part left behind");
        assertEquals(1, server.requests());
        assertEquals(SIZE, server.bytesSent());
        assertEquals(SIZE, lastDone.get());
        assertEquals(SIZE, lastTotal.get());
    }

    @Test
    void checksumMismatchDeletesTheFileAndNamesBothDigests() throws IOException {
        String wrong = "0".repeat(64);
        PinnedFile bad = new PinnedFile("data.bin", pin.url(), (long) SIZE, wrong);
        BadInputException e = assertThrows(BadInputException.class,
                () -> downloader(3).fetch(bad, dir, ProgressListener.NONE));
        assertEquals(pin.url().toString(), e.source());
        assertEquals("SHA-256 mismatch: expected " + wrong + ", got " + pin.sha256(), e.problem());
        assertEquals(List.of(), listing(), "neither the file nor a .part may remain");
        assertEquals(1, server.requests(), "a checksum mismatch is not retried");
    }

    @Test
    void serverSendingMoreThanThePinnedSizeIsStopped() throws IOException {
        PinnedFile small = new PinnedFile("data.bin", pin.url(), 1000L, pin.sha256());
        BadInputException e = assertThrows(BadInputException.class,
                () -> downloader(3).fetch(small, dir, ProgressListener.NONE));
        assertEquals("server sent more than the expected 1000 bytes", e.problem());
        assertEquals(List.of(), listing());
    }

    @Test
    void resumesAfterACutTransferringOnlyTheRest() throws IOException {
        server.cut("data.bin", CUT, 1);
        IOException first = assertThrows(IOException.class, () -> downloader(1).fetch(pin, dir, ProgressListener.NONE));
        Path part = dir.resolve("data.bin.part");
        assertEquals(CUT, Files.size(part), "the bytes received before the cut are kept");
        assertFalse(Files.exists(dir.resolve("data.bin")));

        Path file = downloader(1).fetch(pin, dir, ProgressListener.NONE);
        assertEquals(pin.sha256(), Sha256.of(file));
        List<LoopbackServer.Served> log = server.log();
        assertEquals(2, log.size());
        assertEquals(CUT, log.get(0).bytesSent());
        assertEquals("bytes=" + CUT + "-", log.get(1).range());
        assertEquals(206, log.get(1).status());
        assertEquals(SIZE - CUT, log.get(1).bytesSent(), "only the missing bytes travel");
        assertEquals(List.of("data.bin"), listing());
    }

    @Test
    void retriesWithinOneCallResumingEachTime() throws IOException {
        server.cut("data.bin", CUT, 2); // two cuts: 100 000 + 100 000 + remaining 100 000
        Path file = downloader(3).fetch(pin, dir, ProgressListener.NONE);
        assertEquals(pin.sha256(), Sha256.of(file));
        assertEquals(3, server.requests());
        assertEquals(SIZE, server.bytesSent(), "no byte is transferred twice");
        assertEquals(java.util.Arrays.asList(null, "bytes=100000-", "bytes=200000-"),
                server.log().stream().map(LoopbackServer.Served::range).toList());
    }

    @Test
    void serverIgnoringRangeMeansStartingOver() throws IOException {
        server.ignoreRange(true);
        Files.write(dir.resolve("data.bin.part"), java.util.Arrays.copyOf(content, CUT));
        Path file = downloader(1).fetch(pin, dir, ProgressListener.NONE);
        assertEquals(pin.sha256(), Sha256.of(file));
        assertEquals(1, server.requests());
        assertEquals("bytes=" + CUT + "-", server.log().get(0).range());
        assertEquals(200, server.log().get(0).status());
        assertEquals(SIZE, server.bytesSent());
    }

    @Test
    void stalePartialFileIsDiscardedAfterAMismatch() throws IOException {
        Files.write(dir.resolve("data.bin.part"), bytes(CUT, 99)); // not a prefix of the real file
        Path file = downloader(1).fetch(pin, dir, ProgressListener.NONE);
        assertEquals(pin.sha256(), Sha256.of(file));
        assertEquals(2, server.requests(), "a resumed result that fails the checksum is fetched once more from 0");
        assertEquals(SIZE - CUT + SIZE, server.bytesSent());
        assertEquals(null, server.log().get(1).range());
    }

    @Test
    void completePartialFileIsVerifiedWithoutARequest() throws IOException {
        Files.write(dir.resolve("data.bin.part"), content);
        downloader(1).fetch(pin, dir, ProgressListener.NONE);
        assertEquals(0, server.requests());
        assertEquals(List.of("data.bin"), listing());
    }

    @Test
    void presentFileIsNotDownloadedAgainButACorruptOneIs() throws IOException {
        Downloader downloader = downloader(1);
        downloader.fetch(pin, dir, ProgressListener.NONE);
        assertEquals(1, server.requests());
        assertTrue(downloader.isPresent(pin, dir));
        downloader.fetch(pin, dir, ProgressListener.NONE);
        assertEquals(1, server.requests(), "0 requests for a file already present");

        byte[] corrupt = content.clone();
        corrupt[12345] ^= 1;
        Files.write(dir.resolve("data.bin"), corrupt);
        assertFalse(downloader.isPresent(pin, dir));
        Path file = downloader.fetch(pin, dir, ProgressListener.NONE);
        assertEquals(2, server.requests());
        assertEquals(pin.sha256(), Sha256.of(file));
    }

    @Test
    void followsRedirectsAndKeepsTheRangeHeader() throws IOException {
        PinnedFile redirected = new PinnedFile("data.bin", server.redirectUrl("data.bin"), (long) SIZE, pin.sha256());
        server.cut("data.bin", CUT, 1);
        Path file = downloader(2).fetch(redirected, dir, ProgressListener.NONE);
        assertEquals(pin.sha256(), Sha256.of(file));
        List<LoopbackServer.Served> log = server.log();
        assertEquals(4, log.size(), log.toString());
        assertEquals(302, log.get(0).status());
        assertEquals(302, log.get(2).status());
        assertEquals("bytes=" + CUT + "-", log.get(3).range());
        assertEquals(SIZE - CUT, log.get(3).bytesSent());
    }

    @Test
    void unknownSizeIsAcceptedWhenTheChecksumMatches() throws IOException {
        PinnedFile unsized = new PinnedFile("data.bin", pin.url(), null, pin.sha256());
        Path file = downloader(1).fetch(unsized, dir, ProgressListener.NONE);
        assertEquals(SIZE, Files.size(file));
    }

    @Test
    void notFoundIsNotRetried() {
        PinnedFile missing = new PinnedFile("nope.bin", server.url("nope.bin"), 10L, pin.sha256());
        IOException e = assertThrows(IOException.class, () -> downloader(4).fetch(missing, dir, ProgressListener.NONE));
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
        assertEquals(1, server.requests());
    }

    @Test
    void serverErrorsAreRetriedUpToTheAttemptLimit() {
        server.status("data.bin", 503);
        IOException e = assertThrows(IOException.class, () -> downloader(3).fetch(pin, dir, ProgressListener.NONE));
        assertTrue(e.getMessage().contains("after 3 attempt(s)") && e.getMessage().contains("HTTP 503"), e.getMessage());
        assertEquals(3, server.requests());
    }

    @Test
    void stalledTransferTimesOutAndKeepsWhatArrived() throws IOException {
        server.stall("data.bin", CUT);
        Downloader downloader = Downloader.http(DownloadOptions.defaults()
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(400)).withAttempts(1, Duration.ZERO));
        long start = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> downloader.fetch(pin, dir, ProgressListener.NONE));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 3, "aborted after " + seconds + " s");
        assertTrue(e.getMessage().contains("no data from"), e.getMessage());
        assertEquals(CUT, Files.size(dir.resolve("data.bin.part")));
    }

    @Test
    void unreachableServerFailsWithAnIoError() throws IOException {
        URI closed;
        try (LoopbackServer other = new LoopbackServer()) {
            closed = other.url("data.bin");
        }
        PinnedFile unreachable = new PinnedFile("data.bin", closed, (long) SIZE, pin.sha256());
        IOException e = assertThrows(IOException.class, () -> downloader(2).fetch(unreachable, dir, ProgressListener.NONE));
        assertTrue(e.getMessage().startsWith("download of " + closed + " failed after 2 attempt(s)"), e.getMessage());
    }

    @Test
    void mirrorCopiesByNameWithTheSameChecks(@TempDir Path mirror) throws IOException {
        Files.write(mirror.resolve("data.bin"), content);
        Downloader fromMirror = Downloader.mirror(mirror);
        Path file = fromMirror.fetch(pin, dir, ProgressListener.NONE);
        assertArrayEquals(content, Files.readAllBytes(file));
        assertEquals(0, server.requests(), "a mirror never uses the network");

        Files.delete(file);
        byte[] corrupt = content.clone();
        corrupt[0] ^= 1;
        Files.write(mirror.resolve("data.bin"), corrupt);
        BadInputException e = assertThrows(BadInputException.class, () -> fromMirror.fetch(pin, dir, ProgressListener.NONE));
        assertEquals(mirror.resolve("data.bin").toString(), e.source());
        assertTrue(e.problem().startsWith("SHA-256 mismatch: expected " + pin.sha256() + ", got "), e.problem());
        assertNotEquals(pin.sha256(), Sha256.of(mirror.resolve("data.bin")));
        assertEquals(List.of(), listing());

        Files.delete(mirror.resolve("data.bin"));
        BadInputException missing = assertThrows(BadInputException.class,
                () -> fromMirror.fetch(pin, dir, ProgressListener.NONE));
        assertEquals("mirror folder has no file named 'data.bin'", missing.problem());
    }
}
