package org.heartsounds.data.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.heartsounds.data.dataset.ClassIndex;
import org.heartsounds.data.dataset.Recording;
import org.heartsounds.data.group.GroupAssigner;
import org.heartsounds.data.group.GroupReport;
import org.heartsounds.data.overlap.Overlap;
import org.heartsounds.data.source.SourceListing;
import org.junit.jupiter.api.Test;

class DatasetInspectorTest {
    private static Recording rec(String id, List<String> labels) {
        return new Recording(id, Path.of(id), labels, null, null);
    }

    private static final List<Recording> RECS = List.of(
            rec("AS/a.wav", List.of("AS")), rec("AS/b.wav", List.of("AS")), rec("AS/c.wav", List.of("AS", "MR")),
            rec("N/d.wav", List.of("N")), rec("N/e.wav", List.of("N")));
    private static final SourceListing LISTING = new SourceListing("data", RECS, ClassIndex.of(List.of("AS", "MR", "N")),
            List.of("README.md"));
    private static final List<RecordingStats> STATS = List.of(
            new RecordingStats("N/e.wav", 4000, 1, 16, 3.0, 0),
            new RecordingStats("AS/a.wav", 8000, 1, 16, 1.5, 12),
            new RecordingStats("AS/b.wav", 8000, 2, 24, 2.5, 0),
            new RecordingStats("AS/c.wav", 8000, 1, 16, 2.0, 320),
            new RecordingStats("N/d.wav", 8000, 1, 16, 4.0, 12));

    @Test
    void aggregatesCountsDurationsFormatsAndClipping() {
        InspectReport r = DatasetInspector.inspect(LISTING, STATS, null);
        assertEquals(5, r.recordings());
        assertEquals(1, r.multiLabelRecordings());
        assertEquals(List.of("AS", "MR", "N"), r.classes().stream().map(InspectReport.ClassStats::name).toList());
        assertEquals(List.of(3, 1, 2), r.classes().stream().map(InspectReport.ClassStats::recordings).toList());
        assertEquals(new InspectReport.Durations(1.5, 2.0, 2.5, 6.0), r.classes().get(0).durations());
        assertEquals(new InspectReport.Durations(3.0, 3.5, 4.0, 7.0), r.classes().get(2).durations()); // even count
        assertEquals(new InspectReport.Durations(1.5, 2.5, 4.0, 13.0), r.durations());
        assertEquals(Map.of(4000, 1, 8000, 4), r.sampleRates());
        assertEquals(Map.of(1, 4, 2, 1), r.channels());
        assertEquals(Map.of(16, 4, 24, 1), r.bitsPerSample());
        assertEquals(3, r.clippedRecordings());
        assertEquals(344, r.clippedSamples());
        assertEquals(List.of(new InspectReport.Clipped("AS/c.wav", 320), new InspectReport.Clipped("AS/a.wav", 12),
                new InspectReport.Clipped("N/d.wav", 12)), r.mostClipped());
        assertNull(r.groups());
    }

    @Test
    void rendersAlignedTablesAndSerialisesToJson() throws Exception {
        GroupReport groups = GroupAssigner.assign(RECS, List.of(new Overlap(0, 1, 100, 0.5, 0.99))).report();
        InspectReport r = DatasetInspector.inspect(LISTING, STATS, groups);
        String text = r.toText();
        assertTrue(text.startsWith("data: 5 recordings (1 with several labels), 13.0 s of audio\n"), text);
        assertTrue(text.contains("""
                class  recordings  min s  median s  max s  total s
                --------------------------------------------------
                AS              3   1.50      2.00   2.50      6.0
                MR              1   2.00      2.00   2.00      2.0
                N               2   3.00      3.50   4.00      7.0
                all             5   1.50      2.50   4.00     13.0
                """), text);
        assertTrue(text.contains("clipping (samples in runs of >= 3 at full scale): 3 recordings, 344 samples"), text);
        assertTrue(text.contains("AS/c.wav          320"), text);
        assertTrue(text.contains("ignored entries: 1 (e.g. README.md)"), text);
        assertTrue(text.contains("5 recordings in 4 groups (largest: 2 recordings)"), text);
        JsonNode json = new ObjectMapper().valueToTree(r);
        assertEquals(4, json.get("sampleRates").get("8000").asInt());
        assertEquals(3.5, json.get("classes").get(2).get("durations").get("median").asDouble());
        assertEquals(4, json.get("groups").get("groups").asInt());
    }

    @Test
    void everyRecordingNeedsItsStats() {
        List<RecordingStats> short1 = new ArrayList<>(STATS.subList(0, 4));
        assertThrows(IllegalArgumentException.class, () -> DatasetInspector.inspect(LISTING, short1, null));
        List<RecordingStats> wrongId = new ArrayList<>(short1);
        wrongId.add(new RecordingStats("N/zzz.wav", 8000, 1, 16, 1, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatasetInspector.inspect(LISTING, wrongId, null));
        assertEquals("no stats for recording N/d.wav", e.getMessage());
    }
}
