package org.heartsounds.data.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.heartsounds.data.source.CsvManifestSource;
import org.heartsounds.data.source.SourceListing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared copy of PASCAL 2011 ({@code $HEARTSOUNDS_DATA_DIR/pascal2011}); skipped when absent. */
class Pascal2011RealDataTest {
    @TempDir
    Path tmp;

    static Path pascal() {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("HEARTSOUNDS_DATA_DIR");
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            candidates.add(p.resolve("../shared/datasets").normalize());
        }
        candidates.add(Path.of("/work/shared/datasets"));
        for (Path c : candidates) {
            if (Files.isRegularFile(c.resolve("pascal2011/set_b.csv"))) {
                return c.resolve("pascal2011");
            }
        }
        return null;
    }

    @Test
    void setAAllMatched() throws IOException {
        Path root = pascal();
        assumeTrue(root != null, "pascal2011 not present");
        Conversion c = new Pascal2011Format(List.of("a")).convert(root);
        assertEquals(124, c.rows().size());
        assertEquals(Map.of("artifact", 40, "extrahls", 19, "murmur", 34, "normal", 31), c.labelCounts());
        assertEquals(0, c.groupCount());
        ConversionReport r = c.report();
        assertEquals(52, r.count(Mismatch.UNLABELLED), "the unlabelled test rows");
        assertEquals(52, r.total(), "nothing else unmatched");
        checkReadBack(c, 124);
    }

    @Test
    void setBAllMatchedWithPatientGroups() throws IOException {
        Path root = pascal();
        assumeTrue(root != null, "pascal2011 not present");
        Conversion c = new Pascal2011Format(List.of("b")).convert(root);
        assertEquals(461, c.rows().size());
        assertEquals(Map.of("extrastole", 46, "murmur", 95, "normal", 320), c.labelCounts());
        assertEquals(165, c.groupCount());
        assertEquals(0, c.ungroupedRows());
        assertEquals(149, c.rows().stream().filter(r -> !r.extra("sublabel").isEmpty()).count(),
                "noisynormal 120 + noisymurmur 29");
        ConversionReport r = c.report();
        assertEquals(0, r.count(Mismatch.FILE_WITHOUT_ROW), "every labelled set B file matched");
        assertEquals(0, r.count(Mismatch.ROW_WITHOUT_FILE));
        assertEquals(195, r.count(Mismatch.UNLABELLED), "the Bunlabelledtest rows, not distributed");
        assertEquals(195, r.total());
        checkReadBack(c, 461);
    }

    private void checkReadBack(Conversion c, int recordings) throws IOException {
        Path out = tmp.resolve("manifest.csv");
        ManifestCsv.write(c, out, false);
        SourceListing l = new CsvManifestSource(out, List.of()).list();
        assertEquals(recordings, l.recordings().size());
        assertEquals(List.copyOf(c.labelCounts().keySet()), l.classes().names());
    }
}
