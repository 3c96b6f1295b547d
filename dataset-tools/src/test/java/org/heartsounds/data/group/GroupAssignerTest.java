package org.heartsounds.data.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.heartsounds.data.dataset.Recording;
import org.heartsounds.data.overlap.Overlap;
import org.junit.jupiter.api.Test;

class GroupAssignerTest {
    static Recording rec(String id, String label, String group) {
        return new Recording(id, Path.of(id + ".wav"), List.of(label), group, null);
    }

    private static final List<Recording> RECS = List.of(
            rec("r0", "AS", null), rec("r1", "AS", null), rec("r2", "N", null), rec("r3", "N", null),
            rec("r4", "MR", "p9"), rec("r5", "MR", null), rec("r6", "MR", "p9"), rec("r7", "MR", null));
    private static final List<Overlap> LINKS = List.of(
            new Overlap(1, 2, -400, 0.5, 0.991), new Overlap(0, 1, 1200, 0.86, 0.9999), new Overlap(5, 7, 0, 1.0, 1.0));

    @Test
    void mergesSharedAudioAndGivenIdsIntoNumberedGroups() {
        GroupAssignment g = GroupAssigner.assign(RECS, LINKS);
        assertEquals(List.of("g0001", "g0001", "g0001", "g0002", "g0003", "g0004", "g0003", "g0004"), g.groupIds());
        assertEquals(Map.of("g0001", List.of(0, 1, 2), "g0002", List.of(3), "g0003", List.of(4, 6),
                "g0004", List.of(5, 7)), g.members());
        GroupReport r = g.report();
        assertEquals(8, r.recordings());
        assertEquals(4, r.groups());
        assertEquals(Map.of(1, 1, 2, 2, 3, 1), r.sizeHistogram());
        assertEquals(3, r.largestGroup());
        assertEquals(List.of("g0001", "g0003", "g0004"), r.multiFileGroups().stream().map(GroupReport.Group::id).toList());
        assertEquals(List.of("g0001"), r.mixedLabelGroups()); // AS, AS and N share audio
        GroupReport.Group first = r.multiFileGroups().get(0);
        assertTrue(first.mixedLabels());
        assertEquals(List.of(new GroupReport.Link("r0", "r1", 1200, 0.86, 0.9999),
                new GroupReport.Link("r1", "r2", -400, 0.5, 0.991)), first.overlaps());
        GroupReport.Group given = r.multiFileGroups().get(1);
        assertFalse(given.mixedLabels());
        assertEquals(List.of(), given.overlaps());
        assertEquals("p9", given.members().get(1).givenGroup());
        assertNull(first.members().get(0).givenGroup());

        String text = r.toText();
        assertTrue(text.startsWith("8 recordings in 4 groups (largest: 3 recordings)\n"), text);
        assertTrue(text.contains("WARNING: 1 group(s) join recordings with different labels: g0001"), text);
        assertTrue(text.contains("shared audio: r0 ~ r1  0.860 s, correlation 0.9999, lag 1200"), text);
        assertTrue(text.contains("  r6  [MR]  given id p9"), text);
    }

    @Test
    void idsDependOnRecordingOrderAndLinksOnlyNotOnLinkOrder() {
        List<Overlap> shuffled = new ArrayList<>(LINKS);
        Collections.reverse(shuffled);
        assertEquals(GroupAssigner.assign(RECS, LINKS), GroupAssigner.assign(RECS, shuffled));
    }

    @Test
    void idsWidenBeyondNineThousandNineHundredNinetyNineGroups() {
        List<Recording> many = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            many.add(rec("x" + i, "N", null));
        }
        GroupAssignment g = GroupAssigner.assign(many, List.of());
        assertEquals("g00001", g.groupOf(0));
        assertEquals("g10000", g.groupOf(9_999));
        assertEquals(Map.of(1, 10_000), g.report().sizeHistogram());
        assertEquals(List.of(), g.report().multiFileGroups());
    }

    @Test
    void reportSerialisesToJson() throws Exception {
        JsonNode json = new ObjectMapper().valueToTree(GroupAssigner.assign(RECS, LINKS).report());
        assertEquals(4, json.get("groups").asInt());
        assertEquals(2, json.get("sizeHistogram").get("2").asInt());
        assertEquals("r1", json.get("multiFileGroups").get(0).get("overlaps").get(0).get("b").asText());
        assertEquals(0.9999, json.get("multiFileGroups").get(0).get("overlaps").get(0).get("correlation").asDouble());
    }
}
