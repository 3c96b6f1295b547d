package org.heartsounds.bench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.heartsounds.bench.train.ContentionBenchmark.Neighbour;
import org.heartsounds.bench.train.ContentionBenchmark.Row;
import org.junit.jupiter.api.Test;

/** The table's ratios (the measurement itself is a benchmark a person runs, not a test). */
class ContentionBenchmarkTest {
    @Test
    void eachRowIsComparedWithItsOwnPolicyAndThreadsAlone() {
        List<Row> rows = List.of(new Row("default", 2, Neighbour.NONE, 100), new Row("default", 2, Neighbour.HOG, 30),
                new Row("passive", 2, Neighbour.NONE, 80), new Row("passive", 2, Neighbour.HOG, 60));
        assertEquals(String.join("\n",
                "policy   threads  beside                  img/s  of alone",
                "default        2  alone                   100.0  1.00",
                "default        2  one busy loop            30.0  0.30",
                "passive        2  alone                    80.0  1.00",
                "passive        2  one busy loop            60.0  0.75", ""), ContentionBenchmark.table(rows));
        assertThrows(IllegalArgumentException.class, () -> new ContentionBenchmark(96, 16, 3, 0));
    }
}
