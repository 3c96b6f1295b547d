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

class WideFormatTest {
    @TempDir
    Path dir;
    Replica r;
    Path table;

    @BeforeEach
    void replica() throws IOException {
        r = new Replica(dir);
        for (String f : List.of("p1_a", "p1_b", "p2_a", "p2_b", "p3", "p4", "p7", "extra", "sub/deep")) {
            r.wav("audio/" + f + ".wav");
        }
        table = r.text("patients.csv", "Patient,AS,MR,MS,MVP,rec1,rec2,age",
                "p1,1,0,0,0,p1_a.wav,p1_b.wav,40",
                "p2,1,1,0,0,\"p2_a.wav; p2_b\",,51",
                "p3,0,0,0,0,p3.wav,,62",
                "p4,0,2,0,0,p4.wav,,33",
                "p5,1,0,0,,missing.wav,,20",
                "p1,0,1,0,0,p7.wav,,40",
                "p6,0,0,1,0,,p1_a.wav,70");
    }

    private WideFormat.Options options(String noneLabel) {
        return new WideFormat.Options("patient", List.of("AS", "MR", "MS", "MVP"), List.of("rec1", "rec2"),
                noneLabel, List.of("age"), dir.resolve("audio"));
    }

    @Test
    void multiHotRowsEveryMismatchKind() throws IOException {
        Conversion c = new WideFormat(options(null)).convert(table);
        ConversionReport rep = c.report();
        assertEquals(1, rep.count(Mismatch.ROW_WITHOUT_FILE));
        assertTrue(rep.examples(Mismatch.ROW_WITHOUT_FILE).get(0).startsWith(
                "patients.csv line 6: id p5: 'missing.wav' not found in "), rep.examples(Mismatch.ROW_WITHOUT_FILE)
                .toString());
        assertEquals(List.of("extra.wav", "sub/deep.wav"), rep.examples(Mismatch.FILE_WITHOUT_ROW));
        assertEquals(List.of("patients.csv line 4: id p3: no label column is 1"), rep.examples(Mismatch.UNLABELLED));
        assertEquals(List.of("patients.csv line 5: id p4: MR = '2' (expected 0 or 1)"),
                rep.examples(Mismatch.UNKNOWN_LABEL));
        assertEquals(List.of("patients.csv line 7: id p1: id already on line 2",
                "patients.csv line 8: id p6: 'p1_a.wav' already on line 2"), rep.examples(Mismatch.DUPLICATE));
        assertEquals(7, rep.total());

        assertEquals(List.of("path,label,group,age",
                "audio/p1_a.wav,AS,p1,40",
                "audio/p1_b.wav,AS,p1,40",
                "audio/p2_a.wav,AS;MR,p2,51",
                "audio/p2_b.wav,AS;MR,p2,51"), r.manifest(c));
        SourceListing l = r.read();
        assertEquals(List.of("AS", "MR"), l.classes().names());
        assertEquals(List.of("AS", "MR"), l.recordings().get(3).labels());
        assertEquals(List.of("p1", "p1", "p2", "p2"), l.recordings().stream().map(Recording::group).toList());
    }

    @Test
    void aNoneLabelNamesRowsWithoutALesion() throws IOException {
        Conversion c = new WideFormat(options("N")).convert(table);
        assertEquals(0, c.report().count(Mismatch.UNLABELLED));
        assertEquals(6, c.report().total());
        assertEquals(Map.of("AS", 4, "MR", 2, "N", 1), c.labelCounts());
        assertEquals("audio/p3.wav,N,p3,62", r.manifest(c).get(5));
    }

    @Test
    void missingColumnsAndBadOptionsAreBadInput() {
        WideFormat.Options wrong = new WideFormat.Options("patient", List.of("AS", "TR"), List.of("rec1"), null,
                List.of(), null);
        BadInputException e = assertThrows(BadInputException.class, () -> new WideFormat(wrong).convert(table));
        assertEquals(table.toString(), e.source());
        assertTrue(e.problem().startsWith("missing column 'TR'"), e.problem());
        e = assertThrows(BadInputException.class, () -> new WideFormat.Options("patient", List.of("AS/MR"),
                List.of("rec1"), null, List.of(), null));
        assertEquals("--label-columns", e.source());
        e = assertThrows(BadInputException.class, () -> new WideFormat.Options("patient", List.of("AS"),
                List.of("rec1"), null, List.of("Label"), null));
        assertEquals("--keep-columns", e.source());
    }
}
