package org.heartsounds.data.overlap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds clips cut one after the other from one recording: the last {@code L} samples of one clip are exactly the
 * first {@code L} samples of another (same sample rate, bit-exact decoded samples), for some {@code L} of at least
 * {@link #MIN_SECONDS}. In Yaseen 2018 consecutive clips share their last 5 ms to 1 s like this, too little for the
 * correlation detector ({@code split.overlap.min_seconds}: 0.25 s) when it is tens of milliseconds; an exact match
 * of that length is evidence enough. A run of few distinct values (silence, a constant, a clipped plateau) is not
 * evidence: the shared run must hold at least {@link #MIN_DISTINCT} distinct sample values.
 *
 * <p>Hand-written: an index of every clip's first four samples, probed at every position of every clip's last
 * {@link #MAX_SECONDS}, each hit verified sample by sample. Linear in the number of clips times the probed length.
 */
public final class AdjacentCutDetector {
    /** Shortest shared run that counts, in seconds (5 ms: 40 samples at 8 kHz). */
    public static final double MIN_SECONDS = 0.005;
    /** Longest shared run looked for; longer ones are also found by the correlation detector. */
    public static final double MAX_SECONDS = 1.0;
    /** Distinct sample values the shared run must hold. */
    public static final int MIN_DISTINCT = 16;

    private static final int KEY = 4;

    private AdjacentCutDetector() {
    }

    /**
     * The first and last {@link #MAX_SECONDS} of a decoded recording (all of it when shorter), at its own rate.
     *
     * @param length the recording's length in samples
     */
    public record Edges(int sampleRate, int length, float[] head, float[] tail) {
        public static Edges of(float[] samples, int sampleRate) {
            int e = (int) Math.min(samples.length, Math.round(MAX_SECONDS * sampleRate));
            return new Edges(sampleRate, samples.length, Arrays.copyOf(samples, e),
                    Arrays.copyOfRange(samples, samples.length - e, samples.length));
        }
    }

    /**
     * @return one link per pair found ({@code a < b} as {@link Overlap} requires; {@code lagSamples}: the sample of
     *         {@code a} where {@code b} starts, or minus the sample of {@code b} where {@code a} starts; correlation
     *         1), sorted by (a, b)
     */
    public static List<Overlap> detect(List<Edges> recordings) {
        Map<Long, List<Integer>> byStart = new HashMap<>();
        for (int j = 0; j < recordings.size(); j++) {
            Edges e = recordings.get(j);
            if (e.head().length >= minSamples(e.sampleRate())) {
                byStart.computeIfAbsent(key(e.sampleRate(), e.head(), 0), k -> new ArrayList<>()).add(j);
            }
        }
        List<Overlap> links = new ArrayList<>();
        Set<Long> linked = new HashSet<>();
        for (int i = 0; i < recordings.size(); i++) {
            Edges e = recordings.get(i);
            float[] tail = e.tail();
            int min = minSamples(e.sampleRate());
            for (int p = 0; p + min <= tail.length; p++) { // p ascending: the longest shared run first
                List<Integer> candidates = byStart.get(key(e.sampleRate(), tail, p));
                if (candidates == null) {
                    continue;
                }
                int len = tail.length - p;
                for (int j : candidates) {
                    Edges other = recordings.get(j);
                    if (j == i || other.sampleRate() != e.sampleRate() || len > other.head().length
                            || linked.contains(pair(i, j))
                            || !Arrays.equals(tail, p, tail.length, other.head(), 0, len)
                            || distinct(tail, p) < MIN_DISTINCT) {
                        continue;
                    }
                    linked.add(pair(i, j));
                    int start = e.length() - len; // j starts at this sample of i
                    double seconds = len / (double) e.sampleRate();
                    links.add(i < j ? new Overlap(i, j, start, seconds, 1.0) : new Overlap(j, i, -start, seconds, 1.0));
                }
            }
        }
        links.sort((x, y) -> x.a() != y.a() ? Integer.compare(x.a(), y.a()) : Integer.compare(x.b(), y.b()));
        return links;
    }

    private static int minSamples(int sampleRate) {
        return Math.max(KEY, (int) Math.ceil(MIN_SECONDS * sampleRate));
    }

    private static long pair(int i, int j) {
        return ((long) i << 32) | (j & 0xffffffffL);
    }

    private static long key(int rate, float[] x, int from) {
        long h = rate;
        for (int k = 0; k < KEY; k++) {
            h = h * 0x9E3779B97F4A7C15L + Float.floatToIntBits(x[from + k]);
        }
        return h;
    }

    private static int distinct(float[] x, int from) {
        Set<Float> values = new HashSet<>();
        for (int k = from; k < x.length && values.size() < MIN_DISTINCT; k++) {
            values.add(x[k]);
        }
        return values.size();
    }
}
