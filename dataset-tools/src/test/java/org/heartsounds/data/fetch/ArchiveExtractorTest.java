package org.heartsounds.data.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.io.Sha256;
import org.heartsounds.data.archive.ArchiveExtractor;
import org.heartsounds.data.archive.ExtractionLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArchiveExtractorTest {
    private static final String KOREAN_DIR = "MR_New_3" + Yaseen2018.CYCLE;

    @TempDir
    Path dir;

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Asserts a refusal that names archive and entry, and that nothing but the archive is left in the folder. */
    private BadInputException assertRefused(Path archive, ExtractionLimits limits, String entry, String problemPart)
            throws IOException {
        Path target = dir.resolve("out");
        BadInputException e = assertThrows(BadInputException.class,
                () -> new ArchiveExtractor(limits).extract(archive, target));
        assertEquals(archive.toString(), e.source());
        if (entry != null) {
            assertTrue(e.problem().startsWith("entry '" + entry + "': "), e.problem());
        }
        assertTrue(e.problem().contains(problemPart), e.problem());
        assertEquals(List.of(archive.getFileName().toString()), listing(), "no target, no staging left over");
        return e;
    }

    @Test
    void extractsZipWithUnicodeNamesAtomicallyAndOnlyOnce() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(KOREAN_DIR + "/", new byte[0]);
        entries.put(KOREAN_DIR + "/New_MR_001.wav", random(5000, 1));
        entries.put(KOREAN_DIR + "/sub/New_MR_002.wav", random(7000, 2));
        Path archive = write("a.zip", Zips.zip(entries));
        Path target = dir.resolve("out");
        ArchiveExtractor extractor = new ArchiveExtractor();
        assertFalse(extractor.isExtracted(archive, target));

        assertEquals(target, extractor.extract(archive, target));
        assertArrayEquals(entries.get(KOREAN_DIR + "/New_MR_001.wav"),
                Files.readAllBytes(target.resolve(KOREAN_DIR).resolve("New_MR_001.wav")));
        assertArrayEquals(entries.get(KOREAN_DIR + "/sub/New_MR_002.wav"),
                Files.readAllBytes(target.resolve(KOREAN_DIR).resolve("sub").resolve("New_MR_002.wav")));
        assertEquals(Sha256.of(archive) + "  a.zip\n",
                Files.readString(target.resolve(ArchiveExtractor.MARKER), StandardCharsets.UTF_8));
        assertEquals(List.of("a.zip", "out"), listing(), "the staging folder was renamed, not left behind");
        assertTrue(extractor.isExtracted(archive, target));

        Path sentinel = Files.writeString(target.resolve("sentinel"), "x");
        extractor.extract(archive, target);
        assertTrue(Files.exists(sentinel), "a completed extraction of the same archive is skipped");
    }

    @Test
    void replacesItsOwnEarlierExtractionOfADifferentArchive() throws IOException {
        Path target = dir.resolve("out");
        Path archive = write("a.zip", Zips.zip("x.txt", "old".getBytes(StandardCharsets.UTF_8)));
        new ArchiveExtractor().extract(archive, target);
        write("a.zip", Zips.zip("y.txt", "new".getBytes(StandardCharsets.UTF_8)));
        new ArchiveExtractor().extract(archive, target);
        assertFalse(Files.exists(target.resolve("x.txt")));
        assertEquals("new", Files.readString(target.resolve("y.txt")));
        assertEquals(List.of("a.zip", "out"), listing());
    }

    @Test
    void neverReplacesAFolderItDidNotCreate() throws IOException {
        Path archive = write("a.zip", Zips.zip("x.txt", new byte[] {1}));
        Path target = Files.createDirectory(dir.resolve("out"));
        Path precious = Files.writeString(target.resolve("precious.txt"), "keep");
        IOException e = assertThrows(IOException.class, () -> new ArchiveExtractor().extract(archive, target));
        assertTrue(e.getMessage().contains("not created by the archive extractor"), e.getMessage());
        assertEquals("keep", Files.readString(precious));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil.txt", "a/../../evil.txt", "..\\evil.txt", "a\\..\\..\\evil.txt"})
    void refusesEntriesThatClimbOut(String name) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("fine.txt", new byte[] {1});
        entries.put(name, new byte[] {2});
        Path archive = write("evil.zip", Zips.zip(entries));
        assertRefused(archive, ExtractionLimits.defaults(), name, "'..' escapes the target folder");
        assertFalse(Files.exists(dir.resolve("evil.txt")));
        assertFalse(Files.exists(dir.getParent().resolve("evil.txt")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/tmp/abs.txt", "\\windows\\abs.txt", "C:/abs.txt", "c:\\abs.txt", "x:y.txt"})
    void refusesAbsoluteAndDrivePaths(String name) throws IOException {
        Path archive = write("abs.zip", Zips.zip(name, new byte[] {1}));
        BadInputException e = assertRefused(archive, ExtractionLimits.defaults(), name, "");
        assertTrue(e.problem().endsWith("absolute path") || e.problem().endsWith("drive-letter path")
                || e.problem().endsWith("':' in name"), e.problem());
    }

    @Test
    void refusesUnixSymbolicLinks() throws IOException {
        byte[] zip = Zips.zip("link", "/etc/passwd".getBytes(StandardCharsets.UTF_8));
        Path archive = write("link.zip", Zips.withUnixMode(zip, "link", 0120777));
        assertRefused(archive, ExtractionLimits.defaults(), "link", "symbolic links are not extracted");
    }

    @Test
    void refusesDeviceEntriesButAcceptsRegularUnixFiles() throws IOException {
        byte[] zip = Zips.zip("dev", new byte[] {0});
        Path archive = write("dev.zip", Zips.withUnixMode(zip, "dev", 0020666)); // character device
        assertRefused(archive, ExtractionLimits.defaults(), "dev", "device, FIFO or socket");

        Files.delete(archive);
        Path regular = write("reg.zip", Zips.withUnixMode(zip, "dev", 0100644));
        new ArchiveExtractor().extract(regular, dir.resolve("out"));
        assertArrayEquals(new byte[] {0}, Files.readAllBytes(dir.resolve("out").resolve("dev")));
    }

    @Test
    void refusesEncryptedEntries() throws IOException {
        Path archive = write("enc.zip", Zips.withFlags(Zips.zip("secret.txt", new byte[] {1, 2, 3}), "secret.txt", 1));
        assertRefused(archive, ExtractionLimits.defaults(), "secret.txt", "encrypted entries are not supported");
    }

    @Test
    void refusesAnEntryLargerThanTheCap() throws IOException {
        Path archive = write("big.zip", Zips.zip("zeros.bin", new byte[3 << 20]));
        ExtractionLimits limits = ExtractionLimits.defaults().withMaxEntryBytes(1 << 20).withMaxRatio(1e9, 0);
        assertRefused(archive, limits, "zeros.bin", "declares 3145728 bytes, more than the limit of 1048576 per entry");
    }

    @Test
    void refusesAHighlyCompressibleEntryByRatio() throws IOException {
        Path archive = write("bomb.zip", Zips.zip("zeros.bin", new byte[8 << 20])); // deflates about 1000:1
        assertRefused(archive, ExtractionLimits.defaults(), "zeros.bin", "compression ratio above 200.0");
    }

    @Test
    void stopsAnEntryThatLiesAboutItsSizeAtTheDeclaredSize() throws IOException {
        byte[] zip = Zips.withDeclaredSize(Zips.zip("zeros.bin", new byte[4 << 20]), "zeros.bin", 1000);
        Path archive = write("liar.zip", zip);
        assertRefused(archive, ExtractionLimits.defaults(), "zeros.bin", "expands beyond its declared size of 1000 bytes");
    }

    @Test
    void stopsAnArchiveThatExceedsTheTotalCap() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("a.bin", random(600_000, 1));
        entries.put("b.bin", random(600_000, 2));
        Path archive = write("total.zip", Zips.zip(entries));
        ExtractionLimits limits = ExtractionLimits.defaults().withMaxTotalBytes(1_000_000);
        BadInputException e = assertRefused(archive, limits, null, "more than the limit of 1000000");
        assertEquals("entries declare 1200000 bytes in total, more than the limit of 1000000", e.problem());
    }

    @Test
    void refusesNamesThatCollideAfterNormalisation() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("a/b.txt", new byte[] {1});
        entries.put("a\\b.txt", new byte[] {2});
        assertRefused(write("dup.zip", Zips.zip(entries)), ExtractionLimits.defaults(), "a\\b.txt", "duplicate entry");

        Files.delete(dir.resolve("dup.zip"));
        Map<String, byte[]> clash = new LinkedHashMap<>();
        clash.put("a", new byte[] {1});
        clash.put("a/b.txt", new byte[] {2});
        BadInputException e = assertRefused(write("clash.zip", Zips.zip(clash)), ExtractionLimits.defaults(), null, "");
        assertEquals("entry 'a' is both a file and a folder", e.problem());
    }

    @Test
    void detectsCorruptDataByCrc() throws IOException {
        byte[] content = "0123456789abcdef".repeat(100).getBytes(StandardCharsets.US_ASCII);
        byte[] zip = Zips.storedZip("data.txt", content);
        int at = indexOf(zip, content);
        zip[at + 500] ^= 0x20;
        Path archive = write("crc.zip", zip);
        assertRefused(archive, ExtractionLimits.defaults(), "data.txt", "CRC mismatch");
    }

    @Test
    void refusesFilesThatAreNotArchives() throws IOException {
        Path notArchive = write("x.rar", "hello, not an archive".getBytes(StandardCharsets.US_ASCII));
        assertRefused(notArchive, ExtractionLimits.defaults(), null, "not a ZIP or RAR archive");
        Files.delete(notArchive);
        Path rar5 = write("v5.rar", new byte[] {0x52, 0x61, 0x72, 0x21, 0x1A, 0x07, 0x01, 0x00, 0, 0, 0, 0});
        assertRefused(rar5, ExtractionLimits.defaults(), null, "RAR5 archives are not supported");
    }

    // ------------------------------------------------------------------------------------------------ RAR

    @Test
    void extractsAStoredRar4Archive() throws IOException {
        byte[] one = random(3000, 7);
        byte[] two = "second".getBytes(StandardCharsets.US_ASCII);
        Path archive = write("ok.rar", new Rar4Writer()
                .entry("dir", new byte[0], Rar4Writer.HOST_WIN32, 0x10, Rar4Writer.FLAG_DIRECTORY)
                .file("dir\\one.bin", one)
                .entry("dir\\two.txt", two, Rar4Writer.HOST_UNIX, 0100644, 0)
                .toByteArray());
        Path target = new ArchiveExtractor().extract(archive, dir.resolve("out"));
        assertArrayEquals(one, Files.readAllBytes(target.resolve("dir").resolve("one.bin")));
        assertArrayEquals(two, Files.readAllBytes(target.resolve("dir").resolve("two.txt")));
    }

    @Test
    void refusesRarEntriesThatClimbOut() throws IOException {
        Path archive = write("evil.rar", new Rar4Writer().file("ok.txt", new byte[] {1})
                .file("..\\..\\evil.txt", new byte[] {2}).toByteArray());
        assertRefused(archive, ExtractionLimits.defaults(), "..\\..\\evil.txt", "'..' escapes the target folder");
    }

    @Test
    void refusesRarUnixSymlinksAndEncryptedEntries() throws IOException {
        Path link = write("link.rar", new Rar4Writer()
                .entry("link", "../../etc/passwd".getBytes(StandardCharsets.US_ASCII), Rar4Writer.HOST_UNIX, 0120777, 0)
                .toByteArray());
        assertRefused(link, ExtractionLimits.defaults(), "link", "symbolic links are not extracted");
        Files.delete(link);
        Path reparse = write("reparse.rar", new Rar4Writer()
                .entry("junction", new byte[] {1}, Rar4Writer.HOST_WIN32, 0x420, 0).toByteArray());
        assertRefused(reparse, ExtractionLimits.defaults(), "junction", "symbolic links are not extracted");
        Files.delete(reparse);
        Path encrypted = write("enc.rar", new Rar4Writer()
                .entry("secret.txt", new byte[] {1, 2, 3}, Rar4Writer.HOST_WIN32, 0x20, Rar4Writer.FLAG_ENCRYPTED)
                .toByteArray());
        assertRefused(encrypted, ExtractionLimits.defaults(), "secret.txt", "encrypted entries are not supported");
    }

    @Test
    void detectsCorruptRarDataByCrc() throws IOException {
        byte[] content = random(2000, 3);
        byte[] rar = new Rar4Writer().file("data.bin", content).toByteArray();
        rar[indexOf(rar, content) + 1000] ^= 1;
        Path archive = write("crc.rar", rar);
        assertRefused(archive, ExtractionLimits.defaults(), "data.bin", "CRC mismatch");
    }

    @Test
    void rarEntriesCountAgainstTheCaps() throws IOException {
        Path archive = write("big.rar", new Rar4Writer().file("big.bin", random(50_000, 4)).toByteArray());
        ExtractionLimits limits = ExtractionLimits.defaults().withMaxEntryBytes(10_000);
        assertRefused(archive, limits, "big.bin", "declares 50000 bytes, more than the limit of 10000 per entry");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }
}
