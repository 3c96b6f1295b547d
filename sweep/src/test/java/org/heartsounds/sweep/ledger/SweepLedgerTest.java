package org.heartsounds.sweep.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.heartsounds.core.BadInputException;
import org.heartsounds.sweep.config.SweepSpec;
import org.heartsounds.sweep.run.BestCandidate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sweep.csv written and read back, and the choice of the best row. */
class SweepLedgerTest {
    private static final List<String> KEYS = List.of("train.learning_rate", "train.freeze");

    @TempDir
    Path tmp;

    @Test
    void rowsRoundTripInCandidateOrderWithQuotedReasons() throws IOException {
        Path csv = tmp.resolve("sweep.csv");
        SweepLedger ledger = SweepLedger.create(csv, KEYS);
        ledger.record(CandidateRow.ok(2, 0.75, 12.34, List.of("3.0E-4", "none"), "candidates/2"));
        ledger.record(CandidateRow.failed(0, 1.0, List.of("9.0", "stem"), "candidates/0",
                "training diverged, \"loss\" 887\nat iteration 1"));
        ledger.record(CandidateRow.ok(1, 0.8, 5, List.of("1.0E-3", "stem"), "candidates/1").ranOn(2, "spark 1"));
        List<String> lines = Files.readAllLines(csv);
        assertEquals(List.of(
                "candidate,status,score,seconds,train.learning_rate,train.freeze,run_dir,reason,attempts,executor",
                "0,failed,,1.0,9.0,stem,candidates/0,\"training diverged, \"\"loss\"\" 887 at iteration 1\",1,",
                "1,ok,0.8,5.0,1.0E-3,stem,candidates/1,,2,spark 1",
                "2,ok,0.75,12.3,3.0E-4,none,candidates/2,,1,"), lines);
        SweepLedger back = SweepLedger.open(csv, KEYS);
        assertEquals(3, back.rows().size());
        assertEquals("training diverged, \"loss\" 887 at iteration 1", back.get(0).reason());
        assertNull(back.get(0).score());
        assertEquals(0.8, back.get(1).score(), 0.0);
        assertEquals(2, back.get(1).attempts());
        assertEquals("spark 1", back.get(1).executor());
        assertEquals(ledger.format(), back.format());
        assertNull(back.get(3));
    }

    @Test
    void aLedgerWrittenBeforeAttemptsWereRecordedIsReadAsOneAttemptEach() throws IOException {
        Path csv = tmp.resolve("old-sweep.csv");
        Files.writeString(csv, "candidate,status,score,seconds,train.learning_rate,train.freeze,run_dir,reason\n"
                + "0,ok,0.6,1.0,2,none,candidates/0,\n1,failed,,2.0,9,none,,diverged\n");
        SweepLedger back = SweepLedger.open(csv, KEYS);
        assertEquals(2, back.rows().size());
        assertEquals(1, back.get(0).attempts());
        assertEquals("candidates/0", back.get(0).runDir());
        assertEquals("diverged", back.get(1).reason());
        assertEquals(0.6, back.get(0).score(), 0.0);
    }

    @Test
    void aLedgerOfAnotherSweepIsBadInput() throws IOException {
        Path csv = tmp.resolve("sweep.csv");
        SweepLedger.create(csv, KEYS).record(CandidateRow.ok(0, 0.5, 1, List.of("1", "none"), "candidates/0"));
        BadInputException e = assertThrows(BadInputException.class,
                () -> SweepLedger.open(csv, List.of("train.epochs")));
        assertTrue(e.getMessage().startsWith(csv.toString()) && e.getMessage().contains("another sweep"),
                e.getMessage());
        Files.writeString(csv, Files.readString(csv) + "0,ok,0.6,1.0,2,none,candidates/0,,1,local\n");
        BadInputException twice = assertThrows(BadInputException.class, () -> SweepLedger.open(csv, KEYS));
        assertTrue(twice.getMessage().contains("line 3: candidate 0 is listed twice"), twice.getMessage());
        Files.writeString(csv, "candidate,status,score,seconds,train.learning_rate,train.freeze,run_dir,reason\n"
                + "0,done,0.6,1.0,2,none,candidates/0,\n");
        BadInputException status = assertThrows(BadInputException.class, () -> SweepLedger.open(csv, KEYS));
        assertTrue(status.getMessage().contains("line 2: status must be ok or failed"), status.getMessage());
    }

    @Test
    void bestIsTheArgmaxOfAccuracyOrTheArgminOfLossFirstOnTies() {
        List<CandidateRow> rows = List.of(
                CandidateRow.ok(0, 0.60, 1, List.of("a", "b"), "candidates/0"),
                CandidateRow.failed(1, 1, List.of("a", "b"), "", "diverged"),
                CandidateRow.ok(2, 0.85, 1, List.of("a", "b"), "candidates/2"),
                CandidateRow.ok(3, 0.85, 1, List.of("a", "b"), "candidates/3"),
                CandidateRow.ok(4, 0.40, 1, List.of("a", "b"), "candidates/4"));
        assertEquals(2, BestCandidate.select(rows, SweepSpec.Score.VAL_ACC).index(), "max 0.85, first of two");
        assertEquals(4, BestCandidate.select(rows, SweepSpec.Score.VAL_LOSS).index(), "min 0.40");
        assertNull(BestCandidate.select(List.of(rows.get(1)), SweepSpec.Score.VAL_ACC), "nothing finished ok");
        assertThrows(IllegalArgumentException.class, () -> CandidateRow.ok(0, Double.NaN, 1, List.of(), ""));
        assertEquals(CandidateRow.MAX_REASON_CHARS, CandidateRow.failed(0, 1, List.of(), "", "x".repeat(5000))
                .reason().length());
    }
}
