package org.heartsounds.data.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.heartsounds.core.io.Sha256;
import org.heartsounds.data.archive.ArchiveExtractor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extracts one of the authors' real RAR archives (read in place from the shared folder). */
class GenuineArchiveTest {
    @Test
    void extractsTheMsArchiveWithKoreanFolderNameAndPinnedContent(@TempDir Path tmp) throws IOException {
        Optional<Path> archives = TestData.dataset("yaseen2018-archives");
        Optional<Path> files = TestData.dataset("yaseen2018");
        assumeTrue(archives.isPresent() && files.isPresent(), "shared datasets not available");
        Path archive = archives.get().resolve(Yaseen2018.archiveName("MS"));
        assumeTrue(Files.isRegularFile(archive), "MS archive not available");
        SortedMap<String, String> expected = ChecksumList.read(files.get().resolve("SHA256SUMS"));

        long start = System.nanoTime();
        Path target = new ArchiveExtractor().extract(archive, tmp.resolve("ms"));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("extracting %s took %.2f s%n", archive.getFileName(), seconds);

        Path folder = target.resolve("MS_New_3" + Yaseen2018.CYCLE);
        SortedMap<String, String> actual = new TreeMap<>();
        try (Stream<Path> wavs = Files.list(folder)) {
            for (Path wav : (Iterable<Path>) wavs::iterator) {
                actual.put("MS/" + wav.getFileName(), Sha256.of(wav));
            }
        }
        assertEquals(200, actual.size());
        assertEquals(new TreeMap<>(expected.subMap("MS/", "MS/\uffff")), actual);
        try (Stream<Path> top = Files.list(target)) {
            assertEquals(2, top.count(), "the class folder and the marker");
        }
    }
}
