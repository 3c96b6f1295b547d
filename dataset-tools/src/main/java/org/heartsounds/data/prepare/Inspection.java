package org.heartsounds.data.prepare;

import java.util.List;
import org.heartsounds.data.dataset.DatasetInspector;
import org.heartsounds.data.dataset.RecordingStats;
import org.heartsounds.data.dataset.SourceListing;

/** What {@code data inspect} found: per-class counts, durations, formats, clipping, groups and the split. */
public record Inspection(SourceListing listing, List<PreparedRecording> recordings, DatasetAnalysis analysis) {

    /** Recordings that contain samples at full scale. */
    public long clippedRecordings() {
        return recordings.stream().filter(r -> r.clippedSamples() > 0).count();
    }

    public String toText() {
        List<RecordingStats> stats = recordings.stream().map(r -> new RecordingStats(r.recording().id(),
                r.sourceRate(), r.channels(), r.bitsPerSample(), r.seconds(), r.clippedSamples()))
                .toList();
        return DatasetInspector.inspect(listing, stats, analysis.groups().report()).toText()
                + analysis.groupSummary() + "\n" + analysis.splitTable();
    }
}
