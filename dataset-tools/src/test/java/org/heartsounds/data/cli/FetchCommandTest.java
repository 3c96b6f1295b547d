package org.heartsounds.data.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.heartsounds.core.ExitCodes;
import org.heartsounds.core.io.Sha256;
import org.heartsounds.data.fetch.DatasetArtifact;
import org.heartsounds.data.fetch.DatasetCatalog;
import org.heartsounds.data.fetch.DatasetDefinition;
import org.heartsounds.data.fetch.LoopbackServer;
import org.heartsounds.data.fetch.PinnedFile;
import org.heartsounds.data.fetch.TestData;
import org.heartsounds.data.fetch.Zips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FetchCommandTest {
    @TempDir
    Path tmp;

    /** Result of one command run. */
    record Run(int exit, String out, String err) {
    }

    private static Run run(FetchCommand command, String... args) {
        CommandLine cmd = ExitCodes.configure(new CommandLine(command));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A small dataset "tiny": one ZIP (folder X_dir/ with a.wav, b.wav) for class X, two loose files for Y. */
    private static final class Tiny {
        final Map<String, byte[]> files = new TreeMap<>();
        final byte[] zip;

        Tiny() throws IOException {
            files.put("X/a.wav", random(20_000, 1));
            files.put("X/b.wav", random(30_000, 2));
            files.put("Y/c.wav", random(40_000, 3));
            files.put("Y/d.wav", random(50_000, 4));
            Map<String, byte[]> entries = new LinkedHashMap<>();
            entries.put("X_dir/", new byte[0]);
            entries.put("X_dir/a.wav", files.get("X/a.wav"));
            entries.put("X_dir/b.wav", files.get("X/b.wav"));
            zip = Zips.zip(entries);
        }

        void serve(LoopbackServer server) {
            server.put("X.zip", zip).put("c.wav", files.get("Y/c.wav")).put("d.wav", files.get("Y/d.wav"));
        }

        DatasetCatalog catalog(LoopbackServer server, String sha256OfD) {
            List<DatasetArtifact> artifacts = List.of(
                    DatasetArtifact.archive(pin("X.zip", server.url("X.zip"), zip, null), "X"),
                    DatasetArtifact.file(pin("c.wav", server.url("c.wav"), files.get("Y/c.wav"), null), "Y"),
                    DatasetArtifact.file(pin("d.wav", server.redirectUrl("d.wav"), files.get("Y/d.wav"), sha256OfD), "Y"));
            SortedMap<String, String> expected = new TreeMap<>();
            files.forEach((path, bytes) -> expected.put(path, Sha256.of(bytes)));
            return new DatasetCatalog(List.of(new DatasetDefinition("tiny", "test data", "nobody", artifacts, expected)));
        }

        private static PinnedFile pin(String name, URI url, byte[] content, String sha256) {
            return new PinnedFile(name, url, (long) content.length, sha256 != null ? sha256 : Sha256.of(content));
        }
    }

    @Test
    void fetchesATinyDatasetOverLoopbackHttpThenReusesIt() throws IOException {
        Tiny tiny = new Tiny();
        try (LoopbackServer server = new LoopbackServer()) {
            tiny.serve(server);
            server.cut("c.wav", 10_000, 1); // one broken transfer, resumed by the automatic retry
            DatasetCatalog catalog = tiny.catalog(server, null);
            Path cache = tmp.resolve("cache");

            Run first = run(new FetchCommand(catalog), "tiny", "--cache", cache.toString(), "--retries", "2",
                    "--progress");
            assertEquals(ExitCodes.OK, first.exit(), first.err());
            Path dataset = cache.resolve("tiny");
            assertEquals(dataset.toString(), first.out().strip());
            assertEquals(tiny.files.keySet(), relativeFiles(dataset).keySet());
            for (Map.Entry<String, byte[]> file : tiny.files.entrySet()) {
                assertEquals(Sha256.of(file.getValue()), Sha256.of(dataset.resolve(file.getKey())), file.getKey());
            }
            long payload = tiny.zip.length + 40_000 + 50_000;
            assertEquals(payload, server.bytesSent(), "every byte served once, including the resumed one");
            int requests = server.requests();
            assertEquals(5, requests, "X.zip, c.wav twice (cut + resume), d.wav redirect + file");
            assertTrue(first.err().contains("4 files verified"), first.err());

            Run second = run(new FetchCommand(catalog), "tiny", "--cache", cache.toString());
            assertEquals(ExitCodes.OK, second.exit(), second.err());
            assertEquals(requests, server.requests(), "nothing is downloaded again");
            assertTrue(second.err().contains("4 files present and verified"), second.err());

            Files.write(dataset.resolve("Y/c.wav"), new byte[] {1, 2, 3});
            Files.writeString(dataset.resolve("X/extra.txt"), "stray");
            Run third = run(new FetchCommand(catalog), "tiny", "--cache", cache.toString());
            assertEquals(ExitCodes.OK, third.exit(), third.err());
            assertEquals(requests, server.requests(), "rebuilt from the cached downloads");
            assertEquals(Sha256.of(tiny.files.get("Y/c.wav")), Sha256.of(dataset.resolve("Y/c.wav")));
            assertFalse(Files.exists(dataset.resolve("X/extra.txt")));
            assertEquals(List.of(".tiny.lock", "downloads", "tiny"), names(cache), "no staging folders left");
        }
    }

    @Test
    void checksumMismatchExitsWithTwoAndLeavesNoDataset() throws IOException {
        Tiny tiny = new Tiny();
        try (LoopbackServer server = new LoopbackServer()) {
            tiny.serve(server);
            String wrong = "ab".repeat(32);
            Path cache = tmp.resolve("cache");
            Run run = run(new FetchCommand(tiny.catalog(server, wrong)), "tiny", "--cache", cache.toString());
            assertEquals(ExitCodes.BAD_INPUT, run.exit());
            assertTrue(run.err().contains("error: " + server.redirectUrl("d.wav") + ": SHA-256 mismatch: expected "
                    + wrong + ", got " + Sha256.of(tiny.files.get("Y/d.wav"))), run.err());
            assertFalse(Files.exists(cache.resolve("tiny")));
            assertFalse(Files.exists(cache.resolve("downloads/tiny/d.wav")));
            assertFalse(Files.exists(cache.resolve("downloads/tiny/d.wav.part")));
        }
    }

    @Test
    void networkFailureExitsWithOne() throws IOException {
        Tiny tiny = new Tiny();
        DatasetCatalog catalog;
        try (LoopbackServer server = new LoopbackServer()) {
            catalog = tiny.catalog(server, null); // URLs of a server that is gone below
        }
        Run run = run(new FetchCommand(catalog), "tiny", "--cache", tmp.resolve("cache").toString(), "--retries", "0");
        assertEquals(ExitCodes.FAILURE, run.exit(), run.err());
        assertTrue(run.err().contains("error: download of " + catalog.require("tiny").artifacts().get(0).file().url()
                + " failed after 1 attempt(s): ConnectException"), run.err());
        assertFalse(Files.exists(tmp.resolve("cache/tiny")));
    }

    @Test
    void unknownOrMissingNameExitsWithTwoListingKnownNames() {
        Run unknown = run(new FetchCommand(), "nosuchset", "--cache", tmp.toString());
        assertEquals(ExitCodes.BAD_INPUT, unknown.exit());
        assertEquals("error: nosuchset: unknown dataset; known datasets: yaseen2018", unknown.err().strip());

        Run missing = run(new FetchCommand(), "--cache", tmp.toString());
        assertEquals(ExitCodes.BAD_INPUT, missing.exit());
        assertTrue(missing.err().contains("missing dataset NAME; known datasets: yaseen2018"), missing.err());

        Run badMirror = run(new FetchCommand(), "yaseen2018", "--cache", tmp.toString(), "--mirror",
                tmp.resolve("absent").toString());
        assertEquals(ExitCodes.BAD_INPUT, badMirror.exit());
        assertTrue(badMirror.err().contains("mirror folder does not exist"), badMirror.err());
    }

    @Test
    void helpNamesTheDefaultCache() {
        Run run = run(new FetchCommand(), "--help");
        assertEquals(ExitCodes.OK, run.exit());
        assertTrue(run.out().contains("default: " + System.getProperty("user.home") + "/.cache/heartsounds"), run.out());
    }

    @Test
    void listShowsTheCatalog() {
        Run run = run(new FetchCommand(), "--list");
        assertEquals(ExitCodes.OK, run.exit());
        assertTrue(run.out().startsWith("yaseen2018    1000 files, 204 downloads (23.4 MB)"), run.out());
    }

    /**
     * The whole yaseen2018 fetch from a mirror folder built from the shared archives and AS files (copied into a
     * temporary folder; nothing is written under the shared folder).
     */
    @Test
    void fetchesYaseen2018FromAMirrorEndToEnd() throws IOException {
        Optional<Path> archives = TestData.dataset("yaseen2018-archives");
        Optional<Path> files = TestData.dataset("yaseen2018");
        assumeTrue(archives.isPresent() && files.isPresent(), "shared datasets not available");
        DatasetDefinition yaseen = DatasetCatalog.builtIn().require("yaseen2018");
        Path mirror = Files.createDirectory(tmp.resolve("mirror"));
        for (DatasetArtifact artifact : yaseen.artifacts()) {
            String name = artifact.file().fileName();
            Path source = artifact.kind() == DatasetArtifact.Kind.ARCHIVE
                    ? archives.get().resolve(name) : files.get().resolve("AS").resolve(name);
            Files.copy(source, mirror.resolve(name));
        }
        Path cache = tmp.resolve("cache");

        long start = System.nanoTime();
        Run run = run(new FetchCommand(), "yaseen2018", "--cache", cache.toString(), "--mirror", mirror.toString());
        double firstSeconds = (System.nanoTime() - start) / 1e9;
        assertEquals(ExitCodes.OK, run.exit(), run.err());
        Path dataset = cache.resolve("yaseen2018");
        assertEquals(dataset.toString(), run.out().strip());

        SortedMap<String, Path> present = relativeFiles(dataset);
        assertEquals(yaseen.expectedFiles().keySet(), present.keySet());
        Map<String, Integer> perClass = new TreeMap<>();
        for (String path : present.keySet()) {
            perClass.merge(path.substring(0, path.indexOf('/')), 1, Integer::sum);
        }
        assertEquals(Map.of("AS", 200, "MR", 200, "MS", 200, "MVP", 200, "N", 200), perClass);
        for (String path : List.of("AS/New_AS_001.wav", "MR/New_MR_200.wav", "MS/New_MS_100.wav",
                "MVP/New_MVP_164.wav", "N/New_N_007.wav")) {
            assertEquals(yaseen.expectedFiles().get(path), Sha256.of(dataset.resolve(path)), path);
        }

        start = System.nanoTime();
        Run again = run(new FetchCommand(), "yaseen2018", "--cache", cache.toString(), "--mirror", mirror.toString());
        double secondSeconds = (System.nanoTime() - start) / 1e9;
        assertEquals(ExitCodes.OK, again.exit(), again.err());
        assertTrue(again.err().contains("1000 files present and verified"), again.err());
        System.out.printf("yaseen2018 from mirror: first fetch %.2f s, verified re-run %.2f s%n", firstSeconds, secondSeconds);
    }

    private static SortedMap<String, Path> relativeFiles(Path dir) throws IOException {
        SortedMap<String, Path> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p)) {
                    files.put(dir.relativize(p).toString().replace('\\', '/'), p);
                }
            }
        }
        return files;
    }

    private static List<String> names(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.forEach(p -> names.add(p.getFileName().toString()));
        }
        names.sort(null);
        return names;
    }
}
