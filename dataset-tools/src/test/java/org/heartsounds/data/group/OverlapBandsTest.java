package org.heartsounds.data.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.heartsounds.data.dataset.Recording;
import org.heartsounds.data.overlap.Overlap;
import org.junit.jupiter.api.Test;

class OverlapBandsTest {
    private static final List<Recording> RECS = List.of(
            GroupAssignerTest.rec("r0", "AS", null), GroupAssignerTest.rec("r1", "AS", null),
            GroupAssignerTest.rec("r2", "N", null), GroupAssignerTest.rec("r3", "N", null),
            GroupAssignerTest.rec("r4", "MR", null), GroupAssignerTest.rec("r5", "MR", null));
    // r0-r1 exact copy, r1-r2 weak cross-label link, r3-r4 weak cross-label, r4-r5 strong same-label
    private static final List<Overlap> PAIRS = List.of(
            new Overlap(0, 1, 0, 0.8, 0.9995), new Overlap(1, 2, 10, 0.3, 0.93), new Overlap(3, 4, 5, 2.5, 0.96),
            new Overlap(4, 5, 0, 1.2, 0.985));

    @Test
    void countsPairsPerBandWithLabelAgreementAndSegmentLength() {
        OverlapBands b = OverlapBands.of(RECS, PAIRS, 0.9, 0.95, 0.98, 0.999);
        assertEquals(4, b.bands().size());
        OverlapBands.Band low = b.bands().get(0); // [0.90, 0.95): r1-r2
        assertEquals(1, low.pairs());
        assertEquals(0, low.sameLabelPairs());
        assertArrayEquals(new int[] {1, 0, 0, 0}, low.bySeconds());
        OverlapBands.Band mid = b.bands().get(1); // [0.95, 0.98): r3-r4, 2.5 s
        assertArrayEquals(new int[] {0, 0, 0, 1}, mid.bySeconds());
        assertEquals(0.0, mid.sameLabelFraction());
        OverlapBands.Band high = b.bands().get(2); // [0.98, 0.999): r4-r5
        assertEquals(1, high.sameLabelPairs());
        assertArrayEquals(new int[] {0, 0, 1, 0}, high.bySeconds());
        OverlapBands.Band top = b.bands().get(3); // [0.999, 1]: r0-r1
        assertEquals(1.0, top.high());
        assertEquals(1.0, top.sameLabelFraction());
        assertArrayEquals(new int[] {0, 1, 0, 0}, top.bySeconds());
    }

    @Test
    void groupsShrinkAsTheThresholdRises() {
        OverlapBands b = OverlapBands.of(RECS, PAIRS, 0.9, 0.95, 0.98, 0.999);
        // 0.90: {0,1,2}, {3,4,5} -> 2 groups of 3; 0.95: {0,1}, {3,4,5}, {2}; 0.98: {0,1}, {4,5}, {2}, {3};
        // 0.999: {0,1} + 4 singletons
        assertEquals(List.of(4, 3, 2, 1), b.thresholds().stream().map(OverlapBands.Threshold::pairs).toList());
        assertEquals(List.of(2, 3, 4, 5), b.thresholds().stream().map(OverlapBands.Threshold::groups).toList());
        assertEquals(List.of(3, 3, 2, 2), b.thresholds().stream().map(OverlapBands.Threshold::largestGroup).toList());
        assertEquals(List.of(6, 5, 4, 2),
                b.thresholds().stream().map(OverlapBands.Threshold::recordingsInSharedGroups).toList());
        String text = b.toText();
        assertTrue(text.contains("[0.999, 1.000]"), text);
        assertTrue(text.contains("100.0 %"), text);
    }

    @Test
    void rejectsEdgesThatDoNotAscend() {
        assertThrows(IllegalArgumentException.class, () -> OverlapBands.of(RECS, PAIRS, 0.98, 0.95));
        assertThrows(IllegalArgumentException.class, () -> OverlapBands.of(RECS, PAIRS, 0.0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> OverlapBands.of(RECS, PAIRS));
    }
}
