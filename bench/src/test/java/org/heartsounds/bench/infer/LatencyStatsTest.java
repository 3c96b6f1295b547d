package org.heartsounds.bench.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Median, nearest-rank p95, mean, min and max of timings. */
class LatencyStatsTest {
    @Test
    void oddCountAndNanoseconds() {
        LatencyStats s = LatencyStats.ofNanos(new long[] {5_000_000, 1_000_000, 3_000_000, 2_000_000, 4_000_000});
        assertEquals(5, s.count());
        assertEquals(3.0, s.medianMs(), 1e-12);
        assertEquals(5.0, s.p95Ms(), 1e-12, "ceil(0.95 * 5) = 5th value");
        assertEquals(3.0, s.meanMs(), 1e-12);
        assertEquals(1.0, s.minMs(), 1e-12);
        assertEquals(5.0, s.maxMs(), 1e-12);
    }

    @Test
    void evenCountAveragesTheMiddlePairAndP95IsTheNineteenthOfTwenty() {
        double[] ms = new double[20];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = 20 - i; // 20, 19, ..., 1: unsorted input
        }
        LatencyStats s = LatencyStats.ofMillis(ms);
        assertEquals(10.5, s.medianMs(), 1e-12);
        assertEquals(19.0, s.p95Ms(), 1e-12);
        assertEquals(10.5, s.meanMs(), 1e-12);
        assertEquals(20.0, LatencyStats.ofMillis(append(ms, 21.0)).p95Ms(), 1e-12, "ceil(0.95 * 21) = 20th value");
    }

    @Test
    void oneSampleIsEverything() {
        LatencyStats s = LatencyStats.ofMillis(new double[] {7.25});
        assertEquals(7.25, s.medianMs());
        assertEquals(7.25, s.p95Ms());
        assertEquals(0, LatencyStats.nearestRank(0.95, 1));
        assertThrows(IllegalArgumentException.class, () -> LatencyStats.ofMillis(new double[0]));
    }

    private static double[] append(double[] a, double v) {
        double[] b = java.util.Arrays.copyOf(a, a.length + 1);
        b[a.length] = v;
        return b;
    }
}
