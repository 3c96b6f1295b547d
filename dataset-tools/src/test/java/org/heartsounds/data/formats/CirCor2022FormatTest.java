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

class CirCor2022FormatTest {
    /** The header of the published training_data.csv. */
    static final String HEADER = "Patient ID,Recording locations:,Age,Sex,Height,Weight,Pregnancy status,Murmur,"
            + "Murmur locations,Most audible location,Systolic murmur timing,Systolic murmur shape,"
            + "Systolic murmur grading,Systolic murmur pitch,Systolic murmur quality,Diastolic murmur timing,"
            + "Diastolic murmur shape,Diastolic murmur grading,Diastolic murmur pitch,Diastolic murmur quality,"
            + "Outcome,Campaign,Additional ID";
    static final String NANS = ",nan,nan,nan,nan,nan,nan,nan,nan,nan,nan,nan,nan,";

    @TempDir
    Path dir;
    Replica r;

    private static String row(String id, String locations, String murmur, String outcome, String additional) {
        return id + "," + locations + ",Child,Female,98.0,15.9,False," + murmur + NANS.substring(0, NANS.length() - 1)
                + "," + outcome + ",CC2015," + additional;
    }

    @BeforeEach
    void replica() throws IOException {
        r = new Replica(dir);
        for (String f : List.of("100_AV", "100_PV", "100_TV", "100_MV", "101_AV", "101_MV_1", "101_MV_2", "102_AV",
                "103_AV", "104_AV", "105_PV", "999_AV")) {
            r.wav("training_data/" + f + ".wav");
            r.text("training_data/" + f + ".hea", f);
            r.text("training_data/" + f + ".tsv", "0\t1\t1");
        }
        r.wav("training_data/100-AV.wav");
        r.text("training_data/100.txt", "100 4 4000");
        r.text("training_data.csv", HEADER,
                row("100", "AV+PV+TV+MV", "Present", "Abnormal", "nan"),
                row("101", "AV+MV+MV", "Absent", "Normal", "nan"),
                row("102", "AV+PV", "Absent", "Abnormal", "nan"),
                row("103", "AV", "nan", "Normal", "nan"),
                row("104", "AV", "Maybe", "Normal", "nan"),
                row("100", "AV+PV+TV+MV", "Present", "Abnormal", "nan"),
                row("105", "PV", "Unknown", "Normal", "101"));
    }

    @Test
    void oneRowPerRecordingLabelledByMurmur() throws IOException {
        Conversion c = new CirCor2022Format(CirCor2022Format.LabelBy.MURMUR).convert(dir);
        ConversionReport rep = c.report();
        assertEquals(List.of("training_data.csv line 4: patient 102 lists PV, no training_data/102_PV.wav"),
                rep.examples(Mismatch.ROW_WITHOUT_FILE));
        assertEquals(List.of("training_data/100-AV.wav (name is not <patient>_<site>[_<n>].wav)",
                "training_data/999_AV.wav (patient 999 is not in training_data.csv)"),
                rep.examples(Mismatch.FILE_WITHOUT_ROW));
        assertEquals(List.of("training_data.csv line 5: patient 103: empty Murmur (1 recordings)"),
                rep.examples(Mismatch.UNLABELLED));
        assertEquals(List.of("training_data.csv line 6: patient 104: Murmur 'Maybe' (expected absent, present, "
                + "unknown)"), rep.examples(Mismatch.UNKNOWN_LABEL));
        assertEquals(List.of("training_data.csv line 7: patient 100 (already on line 2)"),
                rep.examples(Mismatch.DUPLICATE));
        assertEquals(6, rep.total());

        assertEquals(List.of("path,label,group,site,outcome",
                "training_data/100_AV.wav,present,100,AV,abnormal",
                "training_data/100_MV.wav,present,100,MV,abnormal",
                "training_data/100_PV.wav,present,100,PV,abnormal",
                "training_data/100_TV.wav,present,100,TV,abnormal",
                "training_data/101_AV.wav,absent,101,AV,normal",
                "training_data/101_MV_1.wav,absent,101,MV,normal",
                "training_data/101_MV_2.wav,absent,101,MV,normal",
                "training_data/102_AV.wav,absent,102,AV,abnormal",
                "training_data/105_PV.wav,unknown,101,PV,normal"), r.manifest(c));
        assertEquals(Map.of("absent", 4, "present", 4, "unknown", 1), c.labelCounts());
        assertEquals(3, c.groupCount(), "105 is 101's second id");
        SourceListing l = r.read();
        assertEquals(9, l.recordings().size());
        assertEquals("101", l.recordings().get(8).group());
        assertEquals(List.of("absent", "present", "unknown"), l.classes().names());
        assertEquals(List.of("100", "101", "102"), l.recordings().stream().map(Recording::group).distinct()
                .toList());
    }

    @Test
    void labelledByOutcomeKeepsTheMurmur() throws IOException {
        Conversion c = new CirCor2022Format(CirCor2022Format.LabelBy.OUTCOME).convert(dir);
        assertEquals(List.of("site", "murmur"), c.extraColumns());
        assertEquals(Map.of("abnormal", 5, "normal", 6), c.labelCounts(), "103 and 104 count now");
        assertEquals(0, c.report().count(Mismatch.UNLABELLED));
        assertEquals(0, c.report().count(Mismatch.UNKNOWN_LABEL));
        List<String> lines = r.manifest(c);
        assertEquals("training_data/103_AV.wav,normal,103,AV,", lines.get(9));
        assertEquals("training_data/104_AV.wav,normal,104,AV,maybe", lines.get(10));
    }

    @Test
    void aTableWithoutTheMurmurColumnIsBadInput() throws IOException {
        Path csv = r.text("training_data.csv", "Patient ID,Recording locations:,Outcome", "100,AV,Normal");
        BadInputException e = assertThrows(BadInputException.class,
                () -> new CirCor2022Format(CirCor2022Format.LabelBy.MURMUR).convert(dir));
        assertEquals(csv.toString(), e.source());
        assertTrue(e.problem().startsWith("missing column 'Murmur'"), e.problem());
    }
}
