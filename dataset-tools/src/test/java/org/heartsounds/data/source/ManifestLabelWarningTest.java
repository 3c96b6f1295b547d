package org.heartsounds.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.heartsounds.core.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestLabelWarningTest {
    @TempDir
    Path dir;

    private Path manifest(String... lines) throws IOException {
        for (int i = 1; i <= 6; i++) {
            Files.write(dir.resolve("r" + i + ".wav"), new byte[] {1});
        }
        Path csv = dir.resolve("m.csv");
        Files.writeString(csv, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return csv;
    }

    @Test
    void labelsJoinedByAnotherSeparatorAreAcceptedWithOneWarningEach() throws IOException {
        Path csv = manifest("path,label", "r1.wav,AS|MR", "r2.wav,N", "r3.wav,AS|MR", "r4.wav,\"MR,MS\"",
                "r5.wav,AS+MVP", "r6.wav,AS;MR");
        SourceListing l = new CsvManifestSource(csv, List.of()).list();
        assertEquals(6, l.recordings().size());
        assertEquals(List.of("AS|MR"), l.recordings().get(0).labels(), "accepted as written");
        assertEquals(List.of(
                csv + ": line 2 (and 1 more lines): label 'AS|MR' looks like several labels joined by '|': "
                        + "did you mean ';'?",
                csv + ": line 5: label 'MR,MS' looks like several labels joined by ',': did you mean ';'?",
                csv + ": line 6: label 'AS+MVP' looks like several labels joined by '+': did you mean ';'?"),
                l.warnings());
    }

    @Test
    void noWarningsForPlainLabels() throws IOException {
        Path csv = manifest("path,label", "r1.wav,AS", "r2.wav,N;MR", "r3.wav,C++");
        assertEquals(List.of(), new CsvManifestSource(csv, List.of()).list().warnings());
    }

    @Test
    void aSlashStaysAnErrorButSaysSo() throws IOException {
        Path csv = manifest("path,label", "r1.wav,AS/MR");
        BadInputException e = assertThrows(BadInputException.class, () -> new CsvManifestSource(csv, List.of())
                .list());
        assertTrue(e.problem().startsWith("line 2: class name 'AS/MR' contains"), e.problem());
        assertTrue(e.problem().endsWith("(several labels? separate them with ';')"), e.problem());
    }
}
