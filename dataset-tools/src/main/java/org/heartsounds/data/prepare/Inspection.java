package org.heartsounds.data.prepare;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.TreeSet;

/** What {@code data inspect} found: per-class counts, durations, formats, clipping, groups and the split. */
public record Inspection(String source, List<String> classes, List<PreparedRecording> recordings,
                         List<String> ignored, DatasetAnalysis analysis) {

    /** Recordings that contain samples at full scale. */
    public long clippedRecordings() {
        return recordings.stream().filter(r -> r.clippedSamples() > 0).count();
    }

    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("source: ").append(source).append('\n');
        sb.append(String.format(Locale.ROOT, "%-8s %7s %9s %9s %9s %9s%n", "class", "files", "min s", "median s",
                "max s", "clipped"));
        TreeMap<String, List<PreparedRecording>> byClass = new TreeMap<>();
        for (String c : classes) {
            byClass.put(c, new java.util.ArrayList<>());
        }
        for (PreparedRecording r : recordings) {
            byClass.get(r.recording().primaryLabel()).add(r);
        }
        for (var e : byClass.entrySet()) {
            line(sb, e.getKey(), e.getValue());
        }
        line(sb, "all", recordings);
        TreeSet<String> formats = new TreeSet<>();
        recordings.forEach(r -> formats.add(r.sourceRate() + " Hz " + r.bitsPerSample() + "-bit "
                + (r.channels() == 1 ? "mono" : r.channels() + " ch")));
        sb.append("formats: ").append(String.join(", ", formats)).append('\n');
        sb.append(String.format(Locale.ROOT, "clipping: %d of %d recordings have samples at full scale (max %d "
                        + "samples in one file)%n", clippedRecordings(), recordings.size(),
                recordings.stream().mapToInt(PreparedRecording::clippedSamples).max().orElse(0)));
        if (!ignored.isEmpty()) {
            sb.append("ignored (not .wav): ").append(ignored.size()).append(ignored.size() <= 5 ? " " + ignored : "")
                    .append('\n');
        }
        sb.append(analysis.groupSummary()).append('\n');
        sb.append(analysis.splitTable());
        return sb.toString();
    }

    private static void line(StringBuilder sb, String name, List<PreparedRecording> rs) {
        double[] d = rs.stream().mapToDouble(PreparedRecording::seconds).sorted().toArray();
        long clipped = rs.stream().filter(r -> r.clippedSamples() > 0).count();
        if (d.length == 0) {
            sb.append(String.format(Locale.ROOT, "%-8s %7d%n", name, 0));
            return;
        }
        double median = d.length % 2 == 1 ? d[d.length / 2] : (d[d.length / 2 - 1] + d[d.length / 2]) / 2;
        sb.append(String.format(Locale.ROOT, "%-8s %7d %9.2f %9.2f %9.2f %9d%n", name, d.length, d[0], median,
                d[d.length - 1], clipped));
        Arrays.fill(d, 0);
    }
}
