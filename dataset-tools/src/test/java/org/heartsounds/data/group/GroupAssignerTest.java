package org.heartsounds.data.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
        assertEquals(List.of(new GroupReport.Link("r0", "r1", 1200, 0.86, 0.9999, GroupReport.SHARED_AUDIO),
                new GroupReport.Link("r1", "r2", -400, 0.5, 0.991, GroupReport.SHARED_AUDIO)), first.overlaps());
        assertEquals(List.of(GroupReport.SHARED_AUDIO), first.sources());
        assertEquals(GroupReport.SAME_AUDIO_CONFLICT, first.conflict());
        GroupReport.Group given = r.multiFileGroups().get(1);
        assertFalse(given.mixedLabels());
        assertEquals(List.of(), given.overlaps());
        assertEquals("p9", given.members().get(1).givenGroup());
        assertNull(first.members().get(0).givenGroup());

        String text = r.toText();
        assertTrue(text.startsWith("8 recordings in 4 groups (largest: 3 recordings)\n"), text);
        assertTrue(text.contains("WARNING: 1 group(s) join recordings with different labels (same audio under "
                + "different labels): g0001"), text);
        assertTrue(text.contains("shared audio: r0 ~ r1  0.860 s, correlation 0.9999, lag 1200"), text);
        assertTrue(text.contains("  r6  [MR]  given id p9"), text);
    }

    /**
     * Given ids, ids from the file names and both kinds of audio link are merged into one grouping, and the report
     * says which evidence formed each group and which kind of label conflict it holds.
     */
    @Test
    void mergesPatternIdsAdjacentCutsAndGivenIdsAndSaysWhichFormedEachGroup() {
        List<Recording> recs = List.of(
                new Recording("a", Path.of("murmur__112_1306_A.wav"), List.of("murmur"), null, null),
                new Recording("b", Path.of("normal__112_1307_B.wav"), List.of("normal"), null, null),
                new Recording("c", Path.of("normal__113_1308_A.wav"), List.of("normal"), "p7", null),
                new Recording("d", Path.of("normal__114_1309_A.wav"), List.of("normal"), "p7", null),
                new Recording("e", Path.of("clip_001.wav"), List.of("AS"), null, null),
                new Recording("f", Path.of("clip_002.wav"), List.of("AS"), null, null),
                new Recording("g", Path.of("clip_003.wav"), List.of("MR"), null, null));
        List<String> ids = GroupPattern.of("__(\\d+)_").idsOf(recs);
        assertEquals(Arrays.asList("112", "112", "113", "114", null, null, null), ids);
        GroupAssignment g = GroupAssigner.assign(recs, new GroupEvidence(ids, List.of(),
                List.of(new Overlap(4, 5, 19600, 0.03, 1.0), new Overlap(5, 6, 20000, 0.02, 1.0))));
        assertEquals(List.of("g0001", "g0001", "g0002", "g0002", "g0003", "g0003", "g0003"), g.groupIds());
        GroupReport r = g.report();
        assertEquals(2, r.adjacentCuts());
        assertEquals(List.of(GroupReport.NAME_PATTERN), r.multiFileGroups().get(0).sources());
        assertEquals(List.of(GroupReport.GIVEN_ID), r.multiFileGroups().get(1).sources());
        assertEquals(List.of(GroupReport.ADJACENT_CUT), r.multiFileGroups().get(2).sources());
        assertEquals(Map.of(GroupReport.NAME_PATTERN, 1L, GroupReport.GIVEN_ID, 1L, GroupReport.ADJACENT_CUT, 1L),
                r.groupsBySource());
        assertEquals(Map.of(GroupReport.SAME_PATIENT_CONFLICT, List.of("g0001"),
                GroupReport.SAME_AUDIO_CONFLICT, List.of("g0003")), r.conflicts());
        assertEquals("112", r.multiFileGroups().get(0).members().get(1).patternGroup());
        String text = r.toText();
        assertTrue(text.contains("groups of several recordings formed by: given id 1, name pattern 1, adjacent cut 1;"
                + " adjacent cuts joined: 2"), text);
        assertTrue(text.contains("adjacent cut: f ~ g  0.020 s, correlation 1.0000, lag 20000"), text);
        assertTrue(text.contains("g0001 (2 recordings; name pattern; MIXED LABELS: same patient, different labels "
                + "per recording)"), text);
    }

    @Test
    void aGroupPatternNeedsExactlyOneCaptureGroup() {
        assertEquals("007", GroupPattern.of("^p(\\d+)_").idOf("p007_site2.wav"));
        assertNull(GroupPattern.of("^p(\\d+)_").idOf("x007_site2.wav"));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> GroupPattern.of("p\\d+"));
        assertTrue(none.getMessage().contains("exactly one capture group") && none.getMessage().contains("has 0"),
                none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GroupPattern.of("(a)(b)"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> GroupPattern.of("(a"));
        assertTrue(bad.getMessage().startsWith("data.group_pattern is not a regular expression"), bad.getMessage());
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
