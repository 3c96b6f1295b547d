package org.heartsounds.data.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.heartsounds.core.BadInputException;
import org.junit.jupiter.api.Test;

class Yaseen2018Test {
    private final DatasetDefinition dataset = DatasetCatalog.builtIn().require("yaseen2018");

    @Test
    void catalogKnowsOnlyYaseen2018AndRejectsOtherNames() {
        assertEquals(List.of("yaseen2018"), DatasetCatalog.builtIn().names());
        BadInputException e = assertThrows(BadInputException.class, () -> DatasetCatalog.builtIn().require("physionet"));
        assertEquals("physionet: unknown dataset; known datasets: yaseen2018", e.getMessage());
    }

    @Test
    void pinsFourArchivesAndTwoHundredAsFiles() {
        List<DatasetArtifact> artifacts = dataset.artifacts();
        assertEquals(204, artifacts.size());
        List<DatasetArtifact> archives = artifacts.stream().filter(a -> a.kind() == DatasetArtifact.Kind.ARCHIVE).toList();
        assertEquals(List.of("MR", "MS", "MVP", "N"), archives.stream().map(DatasetArtifact::destination).toList());
        assertEquals("https://github.com/yaseen21khan/Classification-of-Heart-Sound-Signal-Using-Multiple-Features-"
                + "/raw/master/MR_New_3%EC%A3%BC%EA%B8%B0.rar", archives.get(0).file().url().toString());
        assertEquals("MVP_New_3\uC8FC\uAE30.rar", archives.get(2).file().fileName());
        assertEquals(3_712_796L + 3_912_635L + 3_978_356L + 2_976_955L,
                archives.stream().mapToLong(a -> a.file().size()).sum());

        List<DatasetArtifact> as = artifacts.stream().filter(a -> a.kind() == DatasetArtifact.Kind.FILE).toList();
        assertEquals(200, as.size());
        for (int i = 0; i < 200; i++) {
            PinnedFile pin = as.get(i).file();
            String name = String.format("New_AS_%03d.wav", i + 1);
            assertEquals(name, pin.fileName());
            assertEquals("AS", as.get(i).destination());
            assertEquals("https://github.com/miladshiraniUCB/Classification-of-Heart-Sound-Signal-Using-Multiple-"
                    + "Features-/raw/master/Data/AS_New/" + name, pin.url().toString());
            assertEquals(dataset.expectedFiles().get("AS/" + name), pin.sha256(), name);
        }
    }

    @Test
    void expectsExactly200FilesPerClass() {
        SortedMap<String, Integer> perClass = new TreeMap<>();
        for (String path : dataset.expectedFiles().keySet()) {
            String[] parts = path.split("/");
            assertEquals(2, parts.length, path);
            assertEquals(true, parts[1].matches("New_" + parts[0] + "_\\d{3}\\.wav"), path);
            perClass.merge(parts[0], 1, Integer::sum);
        }
        assertEquals(Map.of("AS", 200, "MR", 200, "MS", 200, "MVP", 200, "N", 200), perClass);
    }

    @Test
    void pinsMatchTheSharedCopies() throws IOException {
        Optional<Path> archives = TestData.dataset("yaseen2018-archives");
        Optional<Path> files = TestData.dataset("yaseen2018");
        assumeTrue(archives.isPresent() && files.isPresent(), "shared datasets not available");
        SortedMap<String, String> archiveSums = ChecksumList.read(archives.get().resolve("SHA256SUMS"));
        assertEquals(4, archiveSums.size());
        assertEquals(dataset.expectedFiles(), ChecksumList.read(files.get().resolve("SHA256SUMS")));
        for (DatasetArtifact artifact : dataset.artifacts()) {
            PinnedFile pin = artifact.file();
            Path copy = artifact.kind() == DatasetArtifact.Kind.ARCHIVE
                    ? archives.get().resolve(pin.fileName()) : files.get().resolve("AS").resolve(pin.fileName());
            assertEquals(Files.size(copy), pin.size(), pin.fileName());
            if (artifact.kind() == DatasetArtifact.Kind.ARCHIVE) {
                assertEquals(archiveSums.get(pin.fileName()), pin.sha256(), pin.fileName());
            }
        }
    }
}
