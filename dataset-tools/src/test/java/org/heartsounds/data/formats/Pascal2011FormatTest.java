package org.heartsounds.data.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.heartsounds.core.BadInputException;
import org.heartsounds.data.dataset.Recording;
import org.heartsounds.data.source.SourceListing;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Pascal2011FormatTest {
    @TempDir
    Path dir;
    Replica r;

    /**
     * Set A: 2 labelled files, an unlabelled test row without file, a labelled row without file, an unknown label
     * (file present), a duplicate row, a file without a row. Set B: the renamed rows (plain and noisy), an unlabelled
     * test row, a second recording of patient 112.
     */
    @BeforeEach
    void replica() throws IOException {
        r = new Replica(dir);
        r.wav("set_a/artifact__201012172012.wav");
        r.wav("set_a/murmur__201108222231.wav");
        r.wav("set_a/normal__201106111136.wav");
        r.wav("set_a/normal__201108011112.wav");
        r.text("set_a.csv", "dataset,fname,label,sublabel",
                "a,set_a/artifact__201012172012.wav,artifact,",
                "a,set_a/murmur__201108222231.wav,murmur,",
                "a,set_a/__201012172010.wav,,",
                "a,set_a/extrahls__201101070538.wav,extrahls,",
                "a,set_a/normal__201106111136.wav,noise,",
                "a,set_a/artifact__201012172012.wav,artifact,");
        r.wav("set_b/murmur__112_1306243000964_A.wav");
        r.wav("set_b/extrastole__112_1306243000964_B.wav");
        r.wav("set_b/normal_noisynormal_103_1305031931979_A.wav");
        r.text("set_b.csv", "dataset,fname,label,sublabel",
                "b,set_b/Btraining_murmur_112_1306243000964_A.wav,murmur,",
                "b,set_b/Btraining_extrastole_112_1306243000964_B.wav,extrastole,",
                "b,set_b/Btraining_normal_Btraining_noisynormal_103_1305031931979_A.wav,normal,noisynormal",
                "b,set_b/Bunlabelledtest_101_1305030823364_A.wav,,");
    }

    @Test
    void bothSetsGiveEveryLabelledFileAndReportEachMismatchOnce() throws IOException {
        Conversion c = new Pascal2011Format(List.of("a", "b")).convert(dir);
        ConversionReport rep = c.report();
        assertEquals(1, rep.count(Mismatch.ROW_WITHOUT_FILE));
        assertEquals(List.of("set_a.csv line 5: set_a/extrahls__201101070538.wav "
                + "(no set_a/extrahls__201101070538.wav)"), rep.examples(Mismatch.ROW_WITHOUT_FILE));
        assertEquals(1, rep.count(Mismatch.FILE_WITHOUT_ROW));
        assertEquals(List.of("set_a/normal__201108011112.wav"), rep.examples(Mismatch.FILE_WITHOUT_ROW));
        assertEquals(2, rep.count(Mismatch.UNLABELLED));
        assertEquals(List.of("set_a.csv line 4: set_a/__201012172010.wav (no file)",
                "set_b.csv line 5: set_b/Bunlabelledtest_101_1305030823364_A.wav (no file)"),
                rep.examples(Mismatch.UNLABELLED));
        assertEquals(1, rep.count(Mismatch.UNKNOWN_LABEL));
        assertTrue(rep.examples(Mismatch.UNKNOWN_LABEL).get(0).startsWith(
                "set_a.csv line 6: set_a/normal__201106111136.wav: label 'noise'"), rep.toString());
        assertEquals(1, rep.count(Mismatch.DUPLICATE));
        assertEquals(List.of("set_a.csv line 7: set_a/artifact__201012172012.wav "
                + "(set_a/artifact__201012172012.wav, already on line 2)"), rep.examples(Mismatch.DUPLICATE));
        assertEquals(6, rep.total());

        assertEquals(List.of(
                "path,label,group,set,sublabel",
                "set_a/artifact__201012172012.wav,artifact,,a,",
                "set_a/murmur__201108222231.wav,murmur,,a,",
                "set_b/murmur__112_1306243000964_A.wav,murmur,b112,b,",
                "set_b/extrastole__112_1306243000964_B.wav,extrastole,b112,b,",
                "set_b/normal_noisynormal_103_1305031931979_A.wav,normal,b103,b,noisynormal"), r.manifest(c));
        assertEquals(Map.of("artifact", 1, "extrastole", 1, "murmur", 2, "normal", 1), c.labelCounts());
        assertEquals(2, c.groupCount());
        assertTrue(c.toText().contains("5 recordings, 2 groups (2 recordings without a group)"), c.toText());

        SourceListing l = r.read();
        assertEquals(5, l.recordings().size());
        assertEquals(List.of("artifact", "extrastole", "murmur", "normal"), l.classes().names());
        assertEquals(List.of("b112", "b112", "b103"), l.recordings().subList(2, 5).stream()
                .map(Recording::group).toList());
        assertEquals(List.of(), l.warnings());
    }

    @Test
    void oneSetOnly() throws IOException {
        Conversion c = new Pascal2011Format(List.of("b")).convert(dir);
        assertEquals(3, c.rows().size());
        assertEquals(1, c.report().total(), "only set B's unlabelled test row");
        assertEquals(1, c.report().count(Mismatch.UNLABELLED));
        assertEquals(List.of("set_b.csv: 1 of the 1 unlabelled rows name files that are not in set_b/ (the "
                + "challenge's unlabelled test recordings)"), c.report().notes());
        assertEquals(List.of("b112", "b112", "b103"), c.rows().stream().map(ManifestRow::group).toList());
    }

    @Test
    void rowNamesMapToFileNames() {
        Map<String, Path> none = Map.of();
        assertEquals("murmur__112_1306243000964_A.wav",
                Pascal2011Format.fileName("set_b/Btraining_murmur_112_1306243000964_A.wav", none));
        assertEquals("murmur_noisymurmur_135_1306428972976_B1.wav",
                Pascal2011Format.fileName("set_b/Btraining_murmur_Btraining_noisymurmur_135_1306428972976_B1.wav",
                        none));
        assertEquals("Bunlabelledtest__101_1305030823364_A.wav",
                Pascal2011Format.fileName("set_b/Bunlabelledtest_101_1305030823364_A.wav", none));
        assertEquals("b7", Pascal2011Format.group("normal__7_1306243000964_C1.wav"));
        assertEquals("b135", Pascal2011Format.group("murmur_noisymurmur_135_1306428972976_B1.wav"));
        assertEquals(null, Pascal2011Format.group("normal__201106111136.wav"));
    }

    @Test
    void aLabelFileThatIsNotThisFormatIsBadInputNamingIt() throws IOException {
        Path a = r.text("set_a.csv", "dataset,file,class", "a,set_a/x.wav,normal");
        BadInputException e = assertThrows(BadInputException.class,
                () -> new Pascal2011Format(List.of("a")).convert(dir));
        assertEquals(a.toString(), e.source());
        assertTrue(e.problem().startsWith("missing column 'fname'"), e.problem());

        r.bytes("set_a.csv", new byte[] {'f', 'n', 'a', 'm', 'e', ',', 'l', 'a', 'b', 'e', 'l', '\n', (byte) 0xC3,
            '(', '\n'});
        e = assertThrows(BadInputException.class, () -> new Pascal2011Format(List.of("a")).convert(dir));
        assertEquals("not UTF-8 text", e.problem());

        r.bytes("set_a.csv", new byte[] {'R', 'I', 'F', 'F', 0, 0, 0, 0});
        e = assertThrows(BadInputException.class, () -> new Pascal2011Format(List.of("a")).convert(dir));
        assertEquals("binary file, not a CSV label file", e.problem());

        e = assertThrows(BadInputException.class, () -> new Pascal2011Format(List.of("a")).convert(dir.resolve("x")));
        assertEquals(dir.resolve("x").toString(), e.source());
    }
}
