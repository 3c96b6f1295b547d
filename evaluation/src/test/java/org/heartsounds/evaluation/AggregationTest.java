package org.heartsounds.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The two ways of combining probability vectors, on hand-made numbers. */
class AggregationTest {
    @Test
    void meanIsTheArithmeticMean() {
        double[] m = Aggregation.MEAN.combine(List.of(new double[] {0.8, 0.2}, new double[] {0.4, 0.6}));
        assertArrayEquals(new double[] {0.6, 0.4}, m, 1e-12);
        double[] three = Aggregation.MEAN.combine(List.of(new double[] {0.9, 0.1}, new double[] {0.9, 0.1},
                new double[] {0.0001, 0.9999}));
        assertArrayEquals(new double[] {1.8001 / 3, 1.1999 / 3}, three, 1e-12);
        assertArrayEquals(new double[] {0.600033, 0.399967}, three, 1e-6);
    }

    @Test
    void logMeanIsTheRenormalisedGeometricMean() {
        double[] g = Aggregation.LOG_MEAN.combine(List.of(new double[] {0.8, 0.2}, new double[] {0.4, 0.6}));
        // sqrt(0.8 * 0.4) = 0.565685, sqrt(0.2 * 0.6) = 0.346410, renormalised
        double a = Math.sqrt(0.32);
        double b = Math.sqrt(0.12);
        assertArrayEquals(new double[] {a / (a + b), b / (a + b)}, g, 1e-12);
        assertArrayEquals(new double[] {0.620204, 0.379796}, g, 1e-6);
        assertEquals(1.0, g[0] + g[1], 1e-15);
    }

    @Test
    void oneMemberThatAllButExcludesAClassVetoesItOnlyUnderLogMean() {
        List<double[]> rows = List.of(new double[] {0.9, 0.1}, new double[] {0.9, 0.1},
                new double[] {0.0001, 0.9999});
        double[] mean = Aggregation.MEAN.combine(rows);
        double[] log = Aggregation.LOG_MEAN.combine(rows);
        assertTrue(mean[0] > mean[1], "the mean keeps class 0: " + mean[0]);
        // cbrt(0.9 * 0.9 * 0.0001) = 0.043267, cbrt(0.1 * 0.1 * 0.9999) = 0.215432
        assertArrayEquals(new double[] {0.167247, 0.832753}, log, 1e-6);
    }

    @Test
    void threeClassesSumToOneAndZerosStayDefined() {
        double[] g = Aggregation.LOG_MEAN.combine(List.of(new double[] {0.5, 0.3, 0.2}, new double[] {0.2, 0.3, 0.5}));
        // sqrt(0.1), sqrt(0.09), sqrt(0.1): 0.316228, 0.3, 0.316228
        double s = 2 * Math.sqrt(0.1) + 0.3;
        assertArrayEquals(new double[] {Math.sqrt(0.1) / s, 0.3 / s, Math.sqrt(0.1) / s}, g, 1e-12);
        // each class ruled out once: both floored alike, so a tie, not 0/0
        double[] tie = Aggregation.LOG_MEAN.combine(List.of(new double[] {1.0, 0.0}, new double[] {0.0, 1.0}));
        assertArrayEquals(new double[] {0.5, 0.5}, tie, 1e-12);
        double[] veto = Aggregation.LOG_MEAN.combine(List.of(new double[] {0.5, 0.5}, new double[] {1.0, 0.0}));
        assertEquals(1.0, veto[0], 1e-12);
        assertEquals(0.0, veto[1], 1e-12);
        assertArrayEquals(new double[] {0.3, 0.7}, Aggregation.LOG_MEAN.combine(List.of(new double[] {0.3, 0.7})),
                1e-12, "one member is itself");
    }

    @Test
    void parsesItsNamesAndRejectsOthers() {
        assertEquals(Aggregation.MEAN, Aggregation.parse("mean"));
        assertEquals(Aggregation.LOG_MEAN, Aggregation.parse("log_mean"));
        assertEquals(Aggregation.LOG_MEAN, Aggregation.parse("LOG_MEAN"));
        assertEquals("log_mean", Aggregation.LOG_MEAN.key());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Aggregation.parse("median"));
        assertEquals("aggregation must be mean or log_mean, got 'median'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Aggregation.MEAN.combine(List.of()));
        assertThrows(IllegalArgumentException.class, () -> Aggregation.MEAN.combine(List.of(new double[] {1, 0},
                new double[] {1, 0, 0})));
    }
}
