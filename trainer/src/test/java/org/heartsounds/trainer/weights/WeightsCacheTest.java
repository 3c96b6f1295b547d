package org.heartsounds.trainer.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.io.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsCacheTest {
    @TempDir
    Path tmp;

    @Test
    void defaultRootIsTheEnvironmentVariableElseTheHomeCache() {
        assertEquals(Path.of("/data/hs-cache"), WeightsCache.defaultRoot(Map.of("HEARTSOUNDS_CACHE", "/data/hs-cache"),
                "/home/u"));
        assertEquals(Path.of("/home/u/.cache/heartsounds"), WeightsCache.defaultRoot(Map.of(), "/home/u"));
        assertEquals(Path.of("/home/u/.cache/heartsounds"), WeightsCache.defaultRoot(Map.of("HEARTSOUNDS_CACHE", " "),
                "/home/u"));
        WeightsCache cache = new WeightsCache(tmp, WeightsCatalog.builtIn());
        assertEquals(tmp.resolve("weights"), cache.dir());
        assertEquals(tmp.resolve("weights/resnet18-f37072fd.pth"),
                cache.pathOf(WeightsCatalog.builtIn().require("resnet18-imagenet")));
    }

    @Test
    void missingFileNamesTheFetchCommandAndTheOfflineRoute() {
        WeightsCache cache = new WeightsCache(tmp, WeightsCatalog.builtIn());
        BadInputException e = assertThrows(BadInputException.class, () -> cache.resolve("resnet18-imagenet"));
        String command = "heartsounds weights fetch resnet18-imagenet --cache " + tmp.toAbsolutePath();
        assertEquals(tmp.resolve("weights/resnet18-f37072fd.pth").toString(), e.source());
        assertTrue(e.problem().contains("run `" + command + "`"), e.problem());
        assertTrue(e.problem().contains("cannot reach download.pytorch.org"), e.problem());
        assertTrue(e.problem().contains("`" + command + " --from FILE`"), e.problem());
        assertEquals("heartsounds weights fetch resnet18-imagenet",
                WeightsCache.atDefaultLocation().fetchCommand("resnet18-imagenet"), "no --cache for the default root");
    }

    @Test
    void verifiedFileResolvesAndAMismatchingOneIsAnErrorWithBothHashes() throws IOException {
        WeightsCache cache = new WeightsCache(tmp, Fixtures.catalog(URI.create("http://127.0.0.1:9/x")));
        byte[] content = Fixtures.content();
        Path file = tmp.resolve("weights").resolve(Fixtures.FILE);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        assertEquals(file, cache.resolve(Fixtures.NAME));
        assertTrue(cache.isCached(cache.catalog().require(Fixtures.NAME)));

        byte[] corrupt = content.clone();
        corrupt[100] ^= 1;
        Files.write(file, corrupt);
        BadInputException e = assertThrows(BadInputException.class, () -> cache.resolve(Fixtures.NAME));
        assertEquals(file.toString(), e.source());
        assertEquals("SHA-256 mismatch for tiny-test: expected 200000 bytes with SHA-256 " + Sha256.of(content)
                + ", got 200000 bytes with SHA-256 " + Sha256.of(corrupt) + "; delete it and run `heartsounds weights"
                + " fetch tiny-test --cache " + tmp.toAbsolutePath() + "`", e.problem());
        assertFalse(cache.isCached(cache.catalog().require(Fixtures.NAME)));

        Files.write(file, new byte[] {1, 2, 3});
        BadInputException shorter = assertThrows(BadInputException.class, () -> cache.resolve(Fixtures.NAME));
        assertTrue(shorter.problem().startsWith("size and SHA-256 mismatch for tiny-test: expected 200000 bytes with"
                + " SHA-256 " + Sha256.of(content) + ", got 3 bytes with SHA-256 " + Sha256.of(new byte[] {1, 2, 3})),
                shorter.problem());
    }
}
