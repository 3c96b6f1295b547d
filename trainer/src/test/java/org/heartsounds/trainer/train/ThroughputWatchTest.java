package org.heartsounds.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ThroughputWatchTest {
    @Test
    void anEpochAtLessThanHalfTheBestEarlierRateIsReported() {
        ThroughputWatch w = new ThroughputWatch();
        assertEquals("", w.observe(100.0), "nothing to compare the first epoch with");
        assertEquals("", w.observe(120.0));
        assertEquals("", w.observe(61.0), "0.51 of the best: ordinary noise");
        assertEquals("  (0.25x this run's earlier 120.0 img/s: another CPU-heavy process on this machine? give each "
                + "job fewer threads, --threads)", w.observe(30.0));
        assertEquals("", w.observe(118.0), "back to speed");
        assertEquals("  (0.07x this run's earlier 120.0 img/s: another CPU-heavy process on this machine? give each "
                + "job fewer threads, --threads)", w.observe(8.0));
    }
}
