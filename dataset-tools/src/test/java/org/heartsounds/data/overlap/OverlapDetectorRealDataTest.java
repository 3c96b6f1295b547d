package org.heartsounds.data.overlap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.heartsounds.core.config.SplitSpec;
import org.heartsounds.data.dataset.Recording;
import org.heartsounds.data.group.GroupAssigner;
import org.heartsounds.data.group.GroupAssignment;
import org.heartsounds.data.group.GroupReport;
import org.heartsounds.data.source.FolderPerClassSource;
import org.heartsounds.data.source.SourceListing;
import org.heartsounds.data.split.DatasetSplitter;
import org.heartsounds.data.split.SplitAssignment;
import org.heartsounds.data.split.SplitSummary;
import org.junit.jupiter.api.Test;

/**
 * The Yaseen 2018 recordings (skipped when absent), from folder listing to grouped split. Consecutive clips were
 * cut from longer recordings with overlaps of up to about 0.9 s of sample-identical audio. The ground truth here is found independently, by exact
 * matching of 16-bit samples at the native 8 kHz; the detector runs at 4 kHz after 2:1 resampling, as the pipeline
 * does, where half of the copies are offset by half a sample.
 */
class OverlapDetectorRealDataTest {
    private static final int MIN_SAMPLES_8K = 2000; // 0.25 s

    @Test
    void findsTheSampleIdenticalClipsOfYaseen2018AfterResampling() throws Exception {
        Path root = RealData.yaseen();
        assumeTrue(root != null, "shared dataset absent (HEARTSOUNDS_DATA_DIR or ../shared/datasets)");
        SourceListing listing = new FolderPerClassSource(root, List.of()).list();
        assertEquals(List.of("AS", "MR", "MS", "MVP", "N"), listing.classes().names());
        assertEquals(List.of("SHA256SUMS"), listing.ignored());
        List<Path> files = listing.recordings().stream().map(Recording::path).toList();
        assertEquals(1000, files.size());
        List<short[]> pcm = new ArrayList<>();
        for (Path f : files) {
            pcm.add(RealData.pcm16(f));
        }
        Map<Long, Integer> truth = exactSharedRuns(pcm); // pair -> lag at 8 kHz
        List<float[]> at4k = pcm.stream().map(RealData::toFloat).map(RealData::decimate2)
                .map(SyntheticSignals::normalise).toList();
        List<Overlap> found = new OverlapDetector(new SplitSpec.Overlap(true, 0.25, 0.98)).detect(at4k, 4000);

        Map<Long, Overlap> byPair = new HashMap<>();
        for (Overlap o : found) {
            byPair.put(key(o.a(), o.b()), o);
            assertEquals(cls(files, o.a()), cls(files, o.b()), "no class shares audio with another");
        }
        int recalled = 0;
        for (Map.Entry<Long, Integer> t : truth.entrySet()) {
            Overlap o = byPair.get(t.getKey());
            if (o != null) {
                recalled++;
            }
        }
        assertTrue(truth.size() >= 480 && truth.size() <= 500, "ground truth pairs: " + truth.size());
        assertTrue(recalled >= truth.size() - 3, "recalled " + recalled + " of " + truth.size());
        // what matters for leakage: every group of the truth is inside one detected group
        int[] detectedGroup = components(files.size(), found.stream().map(o -> new int[] {o.a(), o.b()}).toList());
        for (long pair : truth.keySet()) {
            int a = (int) (pair >>> 32);
            int b = (int) pair;
            assertEquals(detectedGroup[a], detectedGroup[b], files.get(a) + " and " + files.get(b) + " grouped");
        }
        // AS/New_AS_001.wav ends with the first 6885 samples (0.86 s) of New_AS_002.wav, at 8 kHz lag 13964
        Overlap first = byPair.get(key(0, 1));
        assertEquals(13964 / 2, first.lagSamples(), 1);
        assertEquals(0.86, first.seconds(), 0.05);
        assertTrue(first.correlation() > 0.999, "resampled identical audio: " + first);

        // groups and a leak-free split of the real data (measured: 270 groups, 214 of them pairs)
        GroupAssignment groups = GroupAssigner.assign(listing.recordings(), found);
        GroupReport report = groups.report();
        assertEquals(List.of(), report.mixedLabelGroups());
        assertTrue(report.groups() >= 200 && report.groups() <= 520, "groups: " + report.groups());
        assertTrue(report.sizeHistogram().getOrDefault(2, 0) >= 150, "pairs: " + report.sizeHistogram());
        DatasetSplitter grouped = new DatasetSplitter(SplitSpec.defaults(), 42);
        SplitAssignment split = grouped.split(listing.recordings(), listing.classes(), groups);
        SplitSummary summary = grouped.summarize(split, listing.recordings(), listing.classes(), groups);
        assertEquals(0, summary.groupsSpanningSplits());
        for (String c : listing.classes().names()) {
            assertEquals(20, summary.recordings().get("test").get(c), 4, "test recordings of " + c);
        }
        DatasetSplitter byFile = new DatasetSplitter(new SplitSpec(SplitSpec.Mode.FILE, 0.8, 0.1, 0.1, 5, null), 42);
        SplitSummary leaky = byFile.summarize(byFile.split(listing.recordings(), listing.classes(), groups),
                listing.recordings(), listing.classes(), groups);
        assertTrue(leaky.leaky() && leaky.groupsSpanningSplits() > 50, "file mode leaks: " + leaky.warnings());
    }

    private static String cls(List<Path> files, int i) {
        return files.get(i).getParent().getFileName().toString();
    }

    private static long key(int a, int b) {
        return ((long) a << 32) | b;
    }

    /**
     * Pairs (a < b) sharing at least 0.25 s of identical 16-bit samples, with their lag (a[t + lag] = b[t]): windows
     * of 64 samples (not near-silent) on a grid of 16 are indexed by content, every position is looked up, and each
     * candidate lag is confirmed by scanning for the longest run of equal samples.
     */
    private static Map<Long, Integer> exactSharedRuns(List<short[]> pcm) {
        int w = 64;
        Map<Long, List<int[]>> index = new HashMap<>();
        for (int r = 0; r < pcm.size(); r++) {
            short[] s = pcm.get(r);
            for (int p = 0; p + w <= s.length; p += 16) {
                if (loud(s, p, w)) {
                    index.computeIfAbsent(hash(s, p, w), k -> new ArrayList<>()).add(new int[] {r, p});
                }
            }
        }
        Map<Long, Integer> truth = new HashMap<>();
        long top = 1;
        for (int k = 1; k < w; k++) {
            top *= 31; // 31^(w-1), for the rolling hash
        }
        for (int i = 0; i < pcm.size(); i++) {
            short[] b = pcm.get(i);
            Set<Long> tried = new HashSet<>();
            long h = b.length >= w ? hash(b, 0, w) : 0;
            for (int q = 0; q + w <= b.length; q++) {
                if (q > 0) {
                    h = (h - top * b[q - 1]) * 31 + b[q + w - 1];
                }
                List<int[]> hits = index.get(h);
                if (hits == null) {
                    continue;
                }
                for (int[] hit : hits) {
                    int j = hit[0];
                    int lag = hit[1] - q;
                    if (j < i && tried.add(key(j, lag)) && longestEqualRun(pcm.get(j), b, lag) >= MIN_SAMPLES_8K) {
                        truth.putIfAbsent(key(j, i), lag);
                    }
                }
            }
        }
        return truth;
    }

    private static boolean loud(short[] s, int p, int w) {
        for (int k = p; k < p + w; k++) {
            if (Math.abs(s[k]) >= 20) {
                return true;
            }
        }
        return false;
    }

    private static long hash(short[] s, int p, int w) {
        long h = 0;
        for (int k = p; k < p + w; k++) {
            h = 31 * h + s[k];
        }
        return h;
    }

    private static int longestEqualRun(short[] a, short[] b, int lag) {
        int best = 0;
        int run = 0;
        for (int t = Math.max(0, -lag); t < Math.min(b.length, a.length - lag); t++) {
            run = a[t + lag] == b[t] ? run + 1 : 0;
            best = Math.max(best, run);
        }
        return best;
    }

    private static int[] components(int n, List<int[]> edges) {
        int[] parent = new int[n];
        Arrays.setAll(parent, i -> i);
        for (int[] e : edges) {
            parent[find(parent, e[0])] = find(parent, e[1]);
        }
        int[] comp = new int[n];
        Arrays.setAll(comp, i -> find(parent, i));
        return comp;
    }

    private static int find(int[] parent, int x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }
}
