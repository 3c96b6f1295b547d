package org.heartsounds.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.heartsounds.core.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCsvTest {
    @TempDir
    Path dir;

    @Test
    void readsEpochsWithMissingValidation() throws IOException {
        Path f = write("epoch,train_loss,train_acc,val_loss,val_acc,lr,seconds,images_per_s\n"
                + "1,1.50,0.40,1.40,0.45,0.001,12.5,320.0\n"
                + "2,1.10,0.55,,NaN,0.001,12.0,333.3\n"
                + "\n"
                + "3,0.90,0.66,1.00,0.61,5e-4,11.9,336\n");
        List<EpochMetrics> e = MetricsCsv.read(f);
        assertEquals(3, e.size());
        assertEquals(new EpochMetrics(1, 1.5, 0.4, 1.4, 0.45, 0.001, 12.5, 320.0), e.get(0));
        assertTrue(Double.isNaN(e.get(1).valLoss()));
        assertTrue(Double.isNaN(e.get(1).valAcc()));
        assertEquals(5e-4, e.get(2).lr(), 0.0);
        assertEquals(336.0, e.get(2).imagesPerS(), 0.0);
    }

    @Test
    void columnsInAnyOrderAndExtraColumns() throws IOException {
        Path f = write("images_per_s,seconds,lr,val_acc,val_loss,train_acc,train_loss,epoch,note\n"
                + "100,2,0.1,0.5,0.9,0.6,0.8,7,x\n");
        EpochMetrics e = MetricsCsv.read(f).get(0);
        assertEquals(new EpochMetrics(7, 0.8, 0.6, 0.9, 0.5, 0.1, 2, 100), e);
    }

    @Test
    void readsTheClassAveragedValidationColumnsTheTrainerWritesAndNaNWhereAnOlderFileLacksThem()
            throws IOException {
        Path f = write(org.heartsounds.trainer.train.EpochResult.csv(List.of(
                new org.heartsounds.trainer.train.EpochResult(0, 1.6, 0.2, 1.61, 0.2, 0, 3, 0, 0.2, 0.067, 0.5),
                new org.heartsounds.trainer.train.EpochResult(1, 1.2, 0.5, 1.3, 0.45, 1e-3, 10, 50, 0.41, 0.38,
                        0.77))));
        List<EpochMetrics> e = MetricsCsv.read(f);
        assertEquals(new EpochMetrics(1, 1.2, 0.5, 1.3, 0.45, 1e-3, 10, 50, 0.41, 0.38, 0.77), e.get(1));
        assertEquals(0.067, e.get(0).valMacroF1(), 0.0);
        assertEquals(List.of("val_balanced_acc", "val_macro_f1", "val_macro_auroc"), MetricsCsv.OPTIONAL_COLUMNS);

        EpochMetrics old = MetricsCsv.read(write("epoch,train_loss,train_acc,val_loss,val_acc,lr,seconds,"
                + "images_per_s\n1,1.2,0.5,1.3,0.45,0.001,10,50\n")).get(0);
        assertEquals(0.45, old.valAcc(), 0.0);
        assertTrue(Double.isNaN(old.valBalancedAcc()) && Double.isNaN(old.valMacroF1())
                && Double.isNaN(old.valMacroAuroc()), old.toString());
    }

    @Test
    void badInputNamesFileLineAndColumn() throws IOException {
        Path f = write("epoch,train_loss,train_acc,val_loss,val_acc,lr,seconds,images_per_s\n"
                + "1,1.5,0.4,1.4,0.45,0.001,12.5,320\n"
                + "2,abc,0.4,1.4,0.45,0.001,12.5,320\n");
        BadInputException e = assertThrows(BadInputException.class, () -> MetricsCsv.read(f));
        assertEquals(f.toString(), e.source());
        assertEquals("line 3, column train_loss: 'abc' is not a finite number", e.problem());

        Path g = write("epoch,train_loss,train_acc,val_loss,val_acc,lr,seconds\n1,1,1,1,1,1,1\n");
        e = assertThrows(BadInputException.class, () -> MetricsCsv.read(g));
        assertTrue(e.problem().startsWith("header lacks column 'images_per_s'"), e.problem());

        Path h = write("epoch,train_loss,train_acc,val_loss,val_acc,lr,seconds,images_per_s\n1.5,1,1,1,1,1,1,1\n");
        e = assertThrows(BadInputException.class, () -> MetricsCsv.read(h));
        assertTrue(e.problem().contains("column epoch"), e.problem());

        Path i = write("epoch,train_loss,train_acc,val_loss,val_acc,lr,seconds,images_per_s\n1,1,1\n");
        e = assertThrows(BadInputException.class, () -> MetricsCsv.read(i));
        assertEquals("line 2 has 3 fields, expected at least 8", e.problem());

        Path empty = write("");
        assertThrows(BadInputException.class, () -> MetricsCsv.read(empty));
    }

    private Path write(String text) throws IOException {
        Path f = Files.createTempFile(dir, "metrics", ".csv");
        Files.writeString(f, text);
        return f;
    }
}
