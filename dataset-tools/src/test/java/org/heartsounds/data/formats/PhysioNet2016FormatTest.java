package org.heartsounds.data.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.heartsounds.core.BadInputException;
import org.heartsounds.data.source.SourceListing;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhysioNet2016FormatTest {
    @TempDir
    Path dir;
    Replica r;

    @BeforeEach
    void replica() throws IOException {
        r = new Replica(dir);
        for (String n : List.of("a0001", "a0002", "a0004", "a0005", "a0009")) {
            r.wav("training-a/" + n + ".wav");
            r.text("training-a/" + n + ".hea", n + " 1 2000 100");
            r.bytes("training-a/" + n + ".dat", new byte[] {0, 1, 2, 3});
        }
        r.text("training-a/REFERENCE.csv",
                "a0001,-1",
                "a0002,1",
                "a0003,1",
                "a0004,",
                "a0005,0",
                "a0001,1");
        r.wav("training-b/b0001.wav");
        r.text("training-b/REFERENCE.csv", "b0001,1,0");
        r.text("validation/REFERENCE.csv", "a0001,-1");
    }

    @Test
    void everyFolderEveryMismatchKind() throws IOException {
        Conversion c = new PhysioNet2016Format().convert(dir);
        ConversionReport rep = c.report();
        assertEquals(List.of("training-a/REFERENCE.csv line 3: a0003 (no training-a/a0003.wav)"),
                rep.examples(Mismatch.ROW_WITHOUT_FILE));
        assertEquals(List.of("training-a/a0009.wav"), rep.examples(Mismatch.FILE_WITHOUT_ROW));
        assertEquals(List.of("training-a/REFERENCE.csv line 4: a0004 (no label)"), rep.examples(Mismatch.UNLABELLED));
        assertEquals(List.of("training-a/REFERENCE.csv line 5: a0005: label '0' (expected -1 or 1)"),
                rep.examples(Mismatch.UNKNOWN_LABEL));
        assertEquals(List.of("training-a/REFERENCE.csv line 6: a0001 (already on line 1)"),
                rep.examples(Mismatch.DUPLICATE));
        assertEquals(5, rep.total());
        assertEquals(1, rep.notes().size());

        assertEquals(List.of("path,label,group,source",
                "training-a/a0001.wav,normal,,training-a",
                "training-a/a0002.wav,abnormal,,training-a",
                "training-b/b0001.wav,abnormal,,training-b"), r.manifest(c));
        SourceListing l = r.read();
        assertEquals(List.of("abnormal", "normal"), l.classes().names());
        assertEquals(3, l.recordings().size());
    }

    @Test
    void oneTrainingFolderOnItsOwn() {
        Conversion c = new PhysioNet2016Format().convert(dir.resolve("training-b"));
        assertEquals(1, c.rows().size());
        assertEquals(Map.of("abnormal", 1), c.labelCounts());
        assertEquals(0, c.report().total());
    }

    @Test
    void notThisLayoutIsBadInput() throws IOException {
        BadInputException e = assertThrows(BadInputException.class,
                () -> new PhysioNet2016Format().convert(dir.resolve("training-a/a0001.hea")));
        assertTrue(e.problem().startsWith("not a folder"), e.problem());
        Path ref = r.text("training-b/REFERENCE.csv", "b0001,1,0,x,y");
        e = assertThrows(BadInputException.class, () -> new PhysioNet2016Format().convert(dir));
        assertEquals(ref.toString(), e.source());
        assertTrue(e.problem().startsWith("line 1: 5 fields"), e.problem());
    }
}
