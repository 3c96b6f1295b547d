package org.heartsounds.data.inspect;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import org.heartsounds.core.text.TextTable;
import org.heartsounds.data.group.GroupReport;

/**
 * What a dataset holds: recordings per class, durations, file formats, clipping and the grouping of recordings
 * that share audio or a patient. Made by {@link DatasetInspector}; serialisable with Jackson; {@link #toText()}
 * renders plain aligned tables.
 *
 * @param source               the folder or manifest
 * @param recordings           number of recordings
 * @param multiLabelRecordings recordings with more than one label
 * @param classes              per class (in class order): recordings carrying the label and their durations
 * @param durations            durations of all recordings
 * @param sampleRates          sample rate (Hz) to recordings
 * @param channels             channel count to recordings
 * @param bitsPerSample        bits per sample to recordings
 * @param clippedRecordings    recordings with at least one clipped sample
 * @param clippedSamples       clipped samples in all
 * @param mostClipped          the recordings with the most clipped samples (at most 10), most first
 * @param ignoredFiles         entries the source skipped
 * @param groups               the grouping report, or null when not computed
 */
public record InspectReport(String source, int recordings, int multiLabelRecordings, List<ClassStats> classes,
                            Durations durations, SortedMap<Integer, Integer> sampleRates,
                            SortedMap<Integer, Integer> channels, SortedMap<Integer, Integer> bitsPerSample,
                            int clippedRecordings, long clippedSamples, List<Clipped> mostClipped,
                            List<String> ignoredFiles, GroupReport groups) {
    public InspectReport {
        classes = List.copyOf(classes);
        sampleRates = Collections.unmodifiableSortedMap(new TreeMap<>(sampleRates));
        channels = Collections.unmodifiableSortedMap(new TreeMap<>(channels));
        bitsPerSample = Collections.unmodifiableSortedMap(new TreeMap<>(bitsPerSample));
        mostClipped = List.copyOf(mostClipped);
        ignoredFiles = List.copyOf(ignoredFiles);
    }

    /** Recordings of one class and their durations. */
    public record ClassStats(String name, int recordings, Durations durations) {
    }

    /** Duration statistics in seconds (median of an even count: mean of the two middle values). */
    public record Durations(double min, double median, double max, double total) {
    }

    /** A recording with clipped samples. */
    public record Clipped(String id, int clippedSamples) {
    }

    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s: %d recordings (%d with several labels), %.1f s of audio%n%n",
                source, recordings, multiLabelRecordings, durations.total()));
        TextTable t = new TextTable("class", "recordings", "min s", "median s", "max s", "total s");
        for (ClassStats c : classes) {
            Durations d = c.durations();
            t.row(c.name(), c.recordings(), f2(d.min()), f2(d.median()), f2(d.max()), f1(d.total()));
        }
        t.row("all", recordings, f2(durations.min()), f2(durations.median()), f2(durations.max()),
                f1(durations.total()));
        sb.append(t.render()).append('\n');
        sb.append(histogram("sample rate (Hz)", sampleRates)).append('\n');
        sb.append(histogram("channels", channels)).append('\n');
        sb.append(histogram("bits per sample", bitsPerSample)).append('\n');
        sb.append(String.format(Locale.ROOT, "clipping (samples in runs of >= 3 at full scale): %d recordings, %d samples%n",
                clippedRecordings, clippedSamples));
        if (!mostClipped.isEmpty()) {
            TextTable c = new TextTable("most clipped", "samples");
            mostClipped.forEach(x -> c.row(x.id(), x.clippedSamples()));
            sb.append(c.render());
        }
        if (!ignoredFiles.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%nignored entries: %d (e.g. %s)%n", ignoredFiles.size(),
                    String.join(", ", ignoredFiles.subList(0, Math.min(5, ignoredFiles.size())))));
        }
        if (groups != null) {
            sb.append('\n').append(groups.toText());
        }
        return sb.toString();
    }

    private static String histogram(String name, SortedMap<Integer, Integer> h) {
        TextTable t = new TextTable(name, "recordings");
        h.forEach((k, v) -> t.row(k, v));
        return t.render();
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
