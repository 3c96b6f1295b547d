package org.heartsounds.data.inspect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.heartsounds.data.dataset.Recording;
import org.heartsounds.data.group.GroupAssigner;
import org.heartsounds.data.group.GroupReport;
import org.heartsounds.data.source.SourceListing;

/**
 * Aggregates per-recording facts into an {@link InspectReport}. Pure: it reads no files; the audio reader measures
 * each recording ({@link RecordingStats}) and {@link GroupAssigner} supplies the grouping.
 */
public final class DatasetInspector {
    static final int MOST_CLIPPED = 10;

    private DatasetInspector() {
    }

    /**
     * @param listing the source's recordings, classes and ignored entries
     * @param stats   one entry per recording (matched by id, any order)
     * @param groups  the grouping report, or null
     * @throws IllegalArgumentException when a recording has no stats or stats name an unknown recording
     */
    public static InspectReport inspect(SourceListing listing, List<RecordingStats> stats, GroupReport groups) {
        List<Recording> recordings = listing.recordings();
        Map<String, RecordingStats> byId = new HashMap<>();
        for (RecordingStats s : stats) {
            if (byId.put(s.id(), s) != null) {
                throw new IllegalArgumentException("stats for " + s.id() + " given twice");
            }
        }
        if (byId.size() != recordings.size()) {
            throw new IllegalArgumentException(stats.size() + " stats for " + recordings.size() + " recordings");
        }
        Map<String, List<Double>> perClass = new HashMap<>();
        List<Double> all = new ArrayList<>();
        TreeMap<Integer, Integer> rates = new TreeMap<>();
        TreeMap<Integer, Integer> channels = new TreeMap<>();
        TreeMap<Integer, Integer> bits = new TreeMap<>();
        List<InspectReport.Clipped> clipped = new ArrayList<>();
        long clippedSamples = 0;
        int multiLabel = 0;
        for (Recording r : recordings) {
            RecordingStats s = byId.get(r.id());
            if (s == null) {
                throw new IllegalArgumentException("no stats for recording " + r.id());
            }
            all.add(s.seconds());
            r.labels().forEach(l -> perClass.computeIfAbsent(l, k -> new ArrayList<>()).add(s.seconds()));
            multiLabel += r.labels().size() > 1 ? 1 : 0;
            rates.merge(s.sampleRate(), 1, Integer::sum);
            channels.merge(s.channels(), 1, Integer::sum);
            bits.merge(s.bitsPerSample(), 1, Integer::sum);
            if (s.clippedSamples() > 0) {
                clipped.add(new InspectReport.Clipped(r.id(), s.clippedSamples()));
                clippedSamples += s.clippedSamples();
            }
        }
        List<InspectReport.ClassStats> classes = new ArrayList<>();
        for (String c : listing.classes().names()) {
            List<Double> d = perClass.getOrDefault(c, List.of());
            classes.add(new InspectReport.ClassStats(c, d.size(), durations(d)));
        }
        clipped.sort(Comparator.comparingInt(InspectReport.Clipped::clippedSamples).reversed()
                .thenComparing(InspectReport.Clipped::id));
        return new InspectReport(listing.source(), recordings.size(), multiLabel, classes, durations(all), rates,
                channels, bits, clipped.size(), clippedSamples, clipped.subList(0, Math.min(MOST_CLIPPED,
                clipped.size())), listing.ignored(), groups);
    }

    /** Min, median, max and total; all 0 for no values. */
    static InspectReport.Durations durations(List<Double> values) {
        if (values.isEmpty()) {
            return new InspectReport.Durations(0, 0, 0, 0);
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        int n = v.length;
        double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        return new InspectReport.Durations(v[0], median, v[n - 1], Arrays.stream(v).sum());
    }
}
