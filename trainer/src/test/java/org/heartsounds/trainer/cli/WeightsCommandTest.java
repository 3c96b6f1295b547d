package org.heartsounds.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.heartsounds.core.ExitCodes;
import org.heartsounds.core.io.Sha256;
import org.heartsounds.trainer.weights.Fixtures;
import org.heartsounds.trainer.weights.TestServer;
import org.heartsounds.trainer.weights.WeightsCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class WeightsCommandTest {
    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    private static Run run(Object command, String... args) {
        CommandLine cmd = ExitCodes.configure(new CommandLine(command));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void unknownNameIsExitTwoListingTheKnownNames() {
        Run r = run(new WeightsCommand(), "fetch", "nosuch", "--cache", tmp.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.exit());
        assertEquals("error: nosuch: unknown weights; known weights: resnet18-imagenet", r.err().strip());
        assertEquals("", r.out());
    }

    @Test
    void listPrintsThePinsAndWhetherCached() {
        Run r = run(new WeightsCommand(), "list", "--cache", tmp.toString());
        assertEquals(ExitCodes.OK, r.exit(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals("resnet18-imagenet      46830571  "
                + "f37072fd47e89c5e827621c5baffa7500819f7896bbacec160b1a16c560e07ec  no", lines[1]);
        assertTrue(lines[2].contains("torchvision state_dict, 1000 classes"), lines[2]);
        assertEquals("cache: " + tmp.resolve("weights"), lines[3]);
    }

    @Test
    void fetchOverLoopbackPrintsThePathThenListShowsItCached() throws IOException {
        byte[] content = Fixtures.content();
        try (TestServer server = new TestServer().put(Fixtures.FILE, content)) {
            WeightsCatalog catalog = Fixtures.catalog(server.url("nowhere.pth"));
            Run fetch = run(new WeightsFetchCommand(catalog), Fixtures.NAME, "--cache", tmp.toString(),
                    "--url", server.url(Fixtures.FILE).toString(), "--no-progress");
            assertEquals(ExitCodes.OK, fetch.exit(), fetch.err());
            Path file = tmp.resolve("weights").resolve(Fixtures.FILE);
            assertEquals(file.toString(), fetch.out().strip());
            assertEquals(Sha256.of(content), Sha256.of(file));
            assertTrue(fetch.err().contains("verified (SHA-256 " + Sha256.of(content) + ")"), fetch.err());

            Run list = run(new WeightsListCommand(catalog), "--cache", tmp.toString());
            assertEquals(ExitCodes.OK, list.exit(), list.err());
            assertTrue(list.out().split("\n")[1].matches("tiny-test\\s+200000\\s+" + Sha256.of(content) + "\\s+yes"),
                    list.out());

            Files.write(file, new byte[] {1});
            Run corrupt = run(new WeightsListCommand(catalog), "--cache", tmp.toString());
            assertTrue(corrupt.out().split("\n")[1].endsWith("no (present copy fails verification)"), corrupt.out());
        }
    }

    @Test
    void fromInstallsALocalCopyAndAMismatchIsExitTwo() throws IOException {
        WeightsCatalog catalog = Fixtures.catalog(java.net.URI.create("http://127.0.0.1:9/unused.pth"));
        byte[] content = Fixtures.content();
        Path good = Files.write(tmp.resolve("good.pth"), content);
        Path cache = tmp.resolve("cache");
        Run ok = run(new WeightsFetchCommand(catalog), Fixtures.NAME, "--cache", cache.toString(), "--from",
                good.toString());
        assertEquals(ExitCodes.OK, ok.exit(), ok.err());
        assertEquals(Sha256.of(content), Sha256.of(cache.resolve("weights").resolve(Fixtures.FILE)));

        byte[] wrong = Fixtures.bytes(Fixtures.SIZE, 3);
        Path bad = Files.write(tmp.resolve("bad.pth"), wrong);
        Run mismatch = run(new WeightsFetchCommand(catalog), Fixtures.NAME, "--cache", tmp.resolve("c2").toString(),
                "--from", bad.toString());
        assertEquals(ExitCodes.BAD_INPUT, mismatch.exit());
        assertEquals("error: " + bad + ": SHA-256 mismatch for tiny-test: expected 200000 bytes with SHA-256 "
                + Sha256.of(content) + ", got 200000 bytes with SHA-256 " + Sha256.of(wrong),
                mismatch.err().lines().reduce((a, b) -> b).orElse(""));
        assertTrue(Files.notExists(tmp.resolve("c2/weights").resolve(Fixtures.FILE)));

        Run both = run(new WeightsFetchCommand(catalog), Fixtures.NAME, "--from", good.toString(), "--url",
                "http://127.0.0.1:9/x");
        assertEquals(ExitCodes.BAD_INPUT, both.exit());
        assertTrue(both.err().contains("--url and --from exclude each other"), both.err());
    }

    @Test
    void unreachableHostIsExitOneWithTheFromHint() {
        WeightsCatalog catalog = Fixtures.catalog(java.net.URI.create("http://127.0.0.1:9/unreachable.pth"));
        Run r = run(new WeightsFetchCommand(catalog), Fixtures.NAME, "--cache", tmp.toString(), "--retries", "0");
        assertEquals(ExitCodes.FAILURE, r.exit(), r.err());
        assertTrue(r.err().contains("error: download of http://127.0.0.1:9/unreachable.pth failed after 1 attempt(s)"),
                r.err());
        assertTrue(r.err().contains("--from FILE`"), r.err());
        assertTrue(!r.err().contains("partial download"), "nothing arrived, so no partial download is claimed");
    }
}
