package org.heartsounds.data.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.heartsounds.core.text.TextTable;
import org.heartsounds.data.dataset.Recording;
import org.heartsounds.data.overlap.Overlap;

/**
 * How strongly recordings share audio, as evidence for choosing {@code split.overlap.min_correlation}: the pairs
 * found down to a floor correlation, counted per correlation band (with the share of pairs whose labels agree and
 * the length of the shared segment), and the groups a grouped split would form at each band edge used as the
 * threshold. Pairs of unrelated recordings agree on their label only by chance (about 1 in the number of
 * classes); bands where nearly every pair agrees point to audio that really is shared.
 *
 * @param edges       band edges, ascending; the first is the floor the pairs were detected at
 * @param bands       one row per band {@code [edges[i], edges[i+1])}; the last band is {@code [last edge, 1]}
 * @param thresholds  one row per edge: what grouping at that threshold gives
 */
public record OverlapBands(List<Double> edges, List<Band> bands, List<Threshold> thresholds) {
    /** Shared-segment length bins, in seconds (lower edges); the last bin is open. */
    public static final double[] SECONDS_BINS = {0.0, 0.5, 1.0, 2.0};

    public OverlapBands {
        edges = List.copyOf(edges);
        bands = List.copyOf(bands);
        thresholds = List.copyOf(thresholds);
    }

    /** Pairs with correlation in {@code [low, high)} ({@code high} is inclusive for the top band). */
    public record Band(double low, double high, int pairs, int sameLabelPairs, int[] bySeconds) {
        public Band {
            bySeconds = bySeconds.clone();
        }

        public double sameLabelFraction() {
            return pairs == 0 ? Double.NaN : (double) sameLabelPairs / pairs;
        }
    }

    /** Grouping with every pair at or above {@code minCorrelation}. */
    public record Threshold(double minCorrelation, int pairs, int groups, int largestGroup,
                            int recordingsInSharedGroups) {
    }

    /**
     * @param recordings the recordings the overlaps index into
     * @param overlaps   pairs detected with {@code min_correlation} at or below {@code edges[0]}
     * @param edges      ascending band edges in (0, 1]
     */
    public static OverlapBands of(List<Recording> recordings, List<Overlap> overlaps, double... edges) {
        Objects.requireNonNull(recordings, "recordings");
        if (edges.length == 0) {
            throw new IllegalArgumentException("at least one band edge is needed");
        }
        List<Double> e = new ArrayList<>();
        for (int i = 0; i < edges.length; i++) {
            if (!(edges[i] > 0 && edges[i] <= 1) || (i > 0 && edges[i] <= edges[i - 1])) {
                throw new IllegalArgumentException("band edges must ascend within (0, 1], got "
                        + java.util.Arrays.toString(edges));
            }
            e.add(edges[i]);
        }
        List<Band> bands = new ArrayList<>();
        List<Threshold> thresholds = new ArrayList<>();
        for (int i = 0; i < edges.length; i++) {
            double low = edges[i];
            double high = i + 1 < edges.length ? edges[i + 1] : 1.0;
            boolean top = i + 1 == edges.length;
            int pairs = 0;
            int same = 0;
            int[] bySeconds = new int[SECONDS_BINS.length];
            for (Overlap o : overlaps) {
                double c = o.correlation();
                if (c >= low && (c < high || top)) {
                    pairs++;
                    if (recordings.get(o.a()).primaryLabel().equals(recordings.get(o.b()).primaryLabel())) {
                        same++;
                    }
                    bySeconds[secondsBin(o.seconds())]++;
                }
            }
            bands.add(new Band(low, high, pairs, same, bySeconds));
            List<Overlap> kept = overlaps.stream().filter(o -> o.correlation() >= low).toList();
            GroupReport report = GroupAssigner.assign(recordings, kept).report();
            int shared = report.sizeHistogram().entrySet().stream().filter(en -> en.getKey() > 1)
                    .mapToInt(en -> en.getKey() * en.getValue()).sum();
            thresholds.add(new Threshold(low, kept.size(), report.groups(), report.largestGroup(), shared));
        }
        return new OverlapBands(e, bands, thresholds);
    }

    private static int secondsBin(double seconds) {
        int bin = 0;
        for (int i = 0; i < SECONDS_BINS.length; i++) {
            if (seconds >= SECONDS_BINS[i]) {
                bin = i;
            }
        }
        return bin;
    }

    /** Both tables as aligned text. */
    public String toText() {
        TextTable b = new TextTable("correlation", "pairs", "same label", "<0.5 s", "0.5-1 s", "1-2 s", ">=2 s");
        for (Band band : bands) {
            b.row(String.format(Locale.ROOT, "[%.3f, %.3f%s", band.low(), band.high(),
                    band == bands.get(bands.size() - 1) ? "]" : ")"), band.pairs(),
                    band.pairs() == 0 ? "-" : String.format(Locale.ROOT, "%.1f %%", 100 * band.sameLabelFraction()),
                    band.bySeconds()[0], band.bySeconds()[1], band.bySeconds()[2], band.bySeconds()[3]);
        }
        TextTable t = new TextTable("min_correlation", "pairs", "groups", "largest", "recordings in shared groups");
        for (Threshold th : thresholds) {
            t.row(String.format(Locale.ROOT, "%.3f", th.minCorrelation()), th.pairs(), th.groups(),
                    th.largestGroup(), th.recordingsInSharedGroups());
        }
        return "Pairs sharing audio, by correlation of the shared segment (same label: share of pairs whose\n"
                + "labels agree; unrelated pairs agree only by chance):\n" + b.render()
                + "\nGroups a grouped split would keep whole, by split.overlap.min_correlation:\n" + t.render();
    }
}
