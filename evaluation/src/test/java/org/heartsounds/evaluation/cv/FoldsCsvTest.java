package org.heartsounds.evaluation.cv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.heartsounds.core.BadInputException;
import org.heartsounds.data.dataset.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** folds.csv as CrossValidationRun writes it, and the errors for files it does not write. */
class FoldsCsvTest {
    @TempDir
    Path tmp;

    private Path write(String text) throws Exception {
        return Files.writeString(tmp.resolve("folds.csv"), text);
    }

    @Test
    void readsEveryRecordingsSplitPerFold() throws Exception {
        FoldsCsv f = FoldsCsv.read(write("recording,group,fold0,fold1,fold2\n"
                + "AS/a.wav,g1,test,train,val\n\"N/b,c.wav\",g2,val,test,train\nMR/d.wav,g1,train,val,test\n\n"));
        assertEquals(3, f.folds());
        assertEquals(List.of("AS/a.wav", "N/b,c.wav", "MR/d.wav"), f.recordings());
        assertEquals(List.of("AS/a.wav"), f.recordingsIn(0, Split.TEST));
        assertEquals(List.of("N/b,c.wav"), f.recordingsIn(1, Split.TEST));
        assertEquals(List.of("MR/d.wav"), f.recordingsIn(2, Split.TEST));
        assertEquals(List.of("AS/a.wav"), f.recordingsIn(1, Split.TRAIN));
        assertEquals(List.of("N/b,c.wav"), f.recordingsIn(0, Split.VAL));
        assertEquals(List.of("MR/d.wav"), f.recordingsIn(0, Split.TRAIN));
        assertEquals(List.of("N/b,c.wav"), f.recordingsIn(2, Split.TRAIN));
    }

    @Test
    void malformedFilesNameTheFileAndTheLine() throws Exception {
        Path p = write("recording,group,fold0,fold1\nAS/a.wav,g1,test,holdout\n");
        assertEquals(p + ": line 2, fold1: unknown split 'holdout' (expected train, val or test)",
                assertThrows(BadInputException.class, () -> FoldsCsv.read(p)).getMessage());
        Path fields = write("recording,group,fold0,fold1\nAS/a.wav,g1,test\n");
        assertEquals(fields + ": line 2: 3 fields, expected 4",
                assertThrows(BadInputException.class, () -> FoldsCsv.read(fields)).getMessage());
        Path header = write("recording,group,fold1,fold0\n");
        assertEquals(header + ": column 3 of the header must be fold0, got 'fold1'",
                assertThrows(BadInputException.class, () -> FoldsCsv.read(header)).getMessage());
        Path twice = write("recording,group,fold0,fold1\na,g,test,val\na,g,val,test\n");
        assertEquals(twice + ": line 3: recording 'a' is listed twice",
                assertThrows(BadInputException.class, () -> FoldsCsv.read(twice)).getMessage());
        Path empty = write("recording,group,fold0,fold1\n");
        assertEquals(empty + ": lists no recordings",
                assertThrows(BadInputException.class, () -> FoldsCsv.read(empty)).getMessage());
    }
}
