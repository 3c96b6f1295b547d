package org.heartsounds.data.prepare;

import java.util.List;
import java.util.TreeSet;
import org.heartsounds.core.config.SplitSpec;
import org.heartsounds.data.group.OverlapBands;
import org.heartsounds.data.inspect.DatasetInspector;
import org.heartsounds.data.inspect.RecordingStats;
import org.heartsounds.data.overlap.OverlapDetector;
import org.heartsounds.data.source.SourceListing;

/**
 * What {@code data inspect} found: per-class counts, durations, formats, clipping, groups and the split, and the
 * notes {@code data prepare} would print (resampling, padding, quality, label conflicts).
 */
public record Inspection(SourceListing listing, List<PreparedRecording> recordings, DatasetAnalysis analysis,
                         List<String> notes) {
    public Inspection {
        notes = List.copyOf(notes);
    }

    /** Recordings that contain clipped runs (three or more consecutive samples at full scale). */
    public long clippedRecordings() {
        return recordings.stream().filter(r -> r.clippedSamples() > 0).count();
    }

    /** Band edges offered above the floor by {@link #overlapBands}. */
    static final double[] STANDARD_EDGES = {0.9, 0.95, 0.98, 0.99, 0.995, 0.999};

    /**
     * Detects shared audio again down to {@code floor} (same minimum length as {@code spec}) and tabulates it in
     * correlation bands whose edges are the floor, the standard edges above it and the configured threshold.
     */
    public OverlapBands overlapBands(SplitSpec.Overlap spec, int sampleRate, double floor) {
        if (!(floor > 0 && floor <= 1)) {
            throw new IllegalArgumentException("overlap band floor must be in (0, 1], got " + floor);
        }
        TreeSet<Double> edges = new TreeSet<>();
        edges.add(floor);
        for (double e : STANDARD_EDGES) {
            if (e > floor) {
                edges.add(e);
            }
        }
        if (spec.minCorrelation() > floor) {
            edges.add(spec.minCorrelation());
        }
        var detector = new OverlapDetector(new SplitSpec.Overlap(true, spec.minSeconds(), floor));
        var overlaps = detector.detect(recordings.stream().map(PreparedRecording::signal).toList(), sampleRate);
        return OverlapBands.of(listing.recordings(), overlaps,
                edges.stream().mapToDouble(Double::doubleValue).toArray());
    }

    public String toText() {
        List<RecordingStats> stats = recordings.stream().map(r -> new RecordingStats(r.recording().id(),
                r.sourceRate(), r.channels(), r.bitsPerSample(), r.seconds(), r.clippedSamples()))
                .toList();
        return warningLines(listing.warnings())
                + DatasetInspector.inspect(listing, stats, analysis.groups().report()).toText()
                + analysis.groupSummary() + "\n" + analysis.splitTable()
                + (notes.isEmpty() ? "" : String.join("\n", notes) + "\n");
    }

    /** One {@code warning: ...} line per warning (nothing when there are none). */
    public static String warningLines(List<String> warnings) {
        StringBuilder sb = new StringBuilder();
        warnings.forEach(w -> sb.append("warning: ").append(w).append('\n'));
        return sb.toString();
    }
}
