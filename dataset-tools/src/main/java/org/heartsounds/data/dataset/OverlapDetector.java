package org.heartsounds.data.dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.heartsounds.core.config.SplitSpec;

/**
 * Finds pairs of recordings that share a stretch of identical or near-identical audio at any offset: clips cut
 * from one longer recording (overlapping windows), possibly re-scaled or with a little noise added. Such pairs
 * must never be split between training and test data.
 *
 * <p>Method (hand-written; no maintained library does this): every recording is fingerprinted at every sample
 * position with a gain- and DC-invariant 64-bit word ({@link Fingerprinter}). The most reliable word of every
 * {@code grid}-sample cell is put in an index ({@link FingerprintIndex}; words common to many places are dropped).
 * Every position of every recording is then looked up, including the variants of its word with its (at most
 * {@code maxWeakBits}) weak bits flipped; each hit votes for (other recording, lag). Lags with enough votes are
 * verified by normalised cross-correlation ({@link OverlapVerifier}): accepted when the matching run lasts at
 * least {@code minSeconds} with Pearson correlation at least {@code minCorrelation}. Work grows linearly with the
 * total audio (no all-pairs comparison); recordings are processed in parallel, with a deterministic result.
 *
 * <p>Input signals must share one sample rate; DC removal and peak normalisation are expected (the fingerprints do
 * not need them, the silence floor assumes full scale 1). Recordings shorter than one fingerprint (65 strides,
 * about 33 ms) cannot be matched. Polarity-inverted copies are not detected.
 */
public final class OverlapDetector {
    private final SplitSpec.Overlap spec;
    private final Tuning tuning;

    /**
     * Internal parameters, exposed for experiments; {@link #defaults()} is tuned on synthetic clips and on the
     * Yaseen 2018 recordings.
     *
     * @param strideSeconds  fingerprint stride {@code S} in seconds (rounded to whole samples, at least 1)
     * @param gridStrides    index cell in strides (one indexed word per cell)
     * @param weakFraction   a bit is weak below this fraction of the local RMS of the smoothed difference
     * @param maxWeakBits    words with more weak bits are skipped; a query tries 2^weak variants
     * @param minTransitions words with fewer bit changes (ramps, silence) or more than 63 minus this are skipped
     * @param silenceFloor   per-sample amplitude treated as silence (full scale 1)
     * @param maxBucket      words indexed more often than this are too common and dropped
     * @param minVotes       votes (at the lag and its two neighbours) needed to verify a lag
     * @param maxLagsPerPair candidate lags verified per pair, best-voted first
     * @param maxVotesPerQuery distinct (recording, lag) keys tracked per query recording
     * @param parallel       use the common fork-join pool
     */
    public record Tuning(double strideSeconds, int gridStrides, double weakFraction, int maxWeakBits,
                         int minTransitions, double silenceFloor, int maxBucket, int minVotes, int maxLagsPerPair,
                         int maxVotesPerQuery, boolean parallel) {
        public Tuning {
            if (!(strideSeconds > 0) || gridStrides < 1 || !(weakFraction >= 0) || maxWeakBits < 0
                    || maxWeakBits > 8 || minTransitions < 0 || minTransitions > 31 || !(silenceFloor >= 0)
                    || maxBucket < 1 || minVotes < 1 || maxLagsPerPair < 1 || maxVotesPerQuery < 16) {
                throw new IllegalArgumentException("invalid overlap tuning " + thisString(strideSeconds,
                        gridStrides, weakFraction, maxWeakBits, minTransitions, silenceFloor, maxBucket, minVotes));
            }
        }

        private static String thisString(Object... values) {
            return Arrays.toString(values);
        }

        public static Tuning defaults() {
            return new Tuning(0.0005, 8, 0.05, 2, 4, 1e-3, 64, 2, 4, 1 << 21, true);
        }

        public Tuning withParallel(boolean p) {
            return new Tuning(strideSeconds, gridStrides, weakFraction, maxWeakBits, minTransitions, silenceFloor,
                    maxBucket, minVotes, maxLagsPerPair, maxVotesPerQuery, p);
        }
    }

    /**
     * @param overlaps      the pairs found, ordered by (a, b); one per pair (its longest verified run)
     * @param indexedWords  words in the index
     * @param droppedWords  words left out of the index as too common
     * @param verifiedLags  candidate lags that were verified by correlation
     */
    public record Result(List<Overlap> overlaps, int indexedWords, int droppedWords, long verifiedLags) {
        public Result {
            overlaps = List.copyOf(overlaps);
        }
    }

    public OverlapDetector(SplitSpec.Overlap spec) {
        this(spec, Tuning.defaults());
    }

    public OverlapDetector(SplitSpec.Overlap spec, Tuning tuning) {
        this.spec = spec;
        this.tuning = tuning;
    }

    /** The pairs that share audio, ordered by (a, b); empty when detection is disabled in the spec. */
    public List<Overlap> detect(List<float[]> signals, int sampleRate) {
        return run(signals, sampleRate).overlaps();
    }

    /** {@link #detect} with counts of the work done. */
    public Result run(List<float[]> signals, int sampleRate) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be > 0, got " + sampleRate);
        }
        if (!spec.enabled() || signals.size() < 2) {
            return new Result(List.of(), 0, 0, 0);
        }
        int stride = Math.max(1, (int) Math.round(tuning.strideSeconds() * sampleRate));
        Fingerprinter fp = new Fingerprinter(stride, tuning.weakFraction(), tuning.silenceFloor());
        int minSamples = (int) Math.ceil(spec.minSeconds() * sampleRate);
        OverlapVerifier verifier = new OverlapVerifier(spec.minCorrelation(), minSamples,
                Fingerprinter.BITS / 2 * stride, tuning.silenceFloor());
        FingerprintIndex index = buildIndex(signals, fp, stride * tuning.gridStrides());
        ThreadLocal<VoteTable> tables = ThreadLocal.withInitial(() -> new VoteTable(tuning.maxVotesPerQuery()));
        long[] verified = new long[signals.size()];
        List<List<Overlap>> perQuery = range(signals.size()).mapToObj(i -> {
            VoteTable votes = tables.get();
            votes.clear();
            vote(signals, i, fp, index, votes);
            List<Overlap> found = verify(signals, i, votes, fp.span(), verifier, sampleRate, verified);
            votes.clear();
            return found;
        }).toList();
        List<Overlap> all = new ArrayList<>();
        perQuery.forEach(all::addAll);
        all.sort(Comparator.comparingInt(Overlap::a).thenComparingInt(Overlap::b));
        return new Result(all, index.entries(), index.droppedEntries(), Arrays.stream(verified).sum());
    }

    private IntStream range(int n) {
        IntStream s = IntStream.range(0, n);
        return tuning.parallel() ? s.parallel() : s;
    }

    private boolean usable(long word, long weak) {
        int t = Fingerprinter.transitions(word);
        return Long.bitCount(weak) <= tuning.maxWeakBits() && t >= tuning.minTransitions()
                && t <= 63 - tuning.minTransitions();
    }

    /** Indexes, per cell of {@code grid} positions, the usable word with the fewest weak bits. */
    private FingerprintIndex buildIndex(List<float[]> signals, Fingerprinter fp, int grid) {
        long[][] words = new long[signals.size()][];
        int[][] positions = new int[signals.size()][];
        range(signals.size()).forEach(r -> {
            Fingerprinter.Prints p = fp.compute(signals.get(r));
            int cells = (p.size() + grid - 1) / grid;
            long[] w = new long[cells];
            int[] pos = new int[cells];
            int n = 0;
            for (int c = 0; c < cells; c++) {
                int best = -1;
                int bestWeak = Integer.MAX_VALUE;
                for (int q = c * grid; q < Math.min(p.size(), (c + 1) * grid); q++) {
                    int weak = Long.bitCount(p.weak()[q]);
                    if (weak < bestWeak && usable(p.words()[q], p.weak()[q])) {
                        best = q;
                        bestWeak = weak;
                    }
                }
                if (best >= 0) {
                    w[n] = p.words()[best];
                    pos[n++] = best;
                }
            }
            words[r] = Arrays.copyOf(w, n);
            positions[r] = Arrays.copyOf(pos, n);
        });
        return FingerprintIndex.build(words, positions, tuning.maxBucket());
    }

    /** Looks up every usable position of recording {@code i} against recordings before it. */
    private void vote(List<float[]> signals, int i, Fingerprinter fp, FingerprintIndex index, VoteTable votes) {
        Fingerprinter.Prints p = fp.compute(signals.get(i));
        long[] words = p.words();
        long[] weak = p.weak();
        for (int q = 0; q < words.length; q++) {
            if (!usable(words[q], weak[q])) {
                continue;
            }
            long m = weak[q];
            long sub = m;
            while (true) {
                int slot = index.find(words[q] ^ sub);
                if (slot >= 0) {
                    for (int e = index.bucketStart(slot), end = index.bucketEnd(slot); e < end; e++) {
                        int j = index.rec(e);
                        if (j >= i) {
                            break; // entries are in recording order
                        }
                        votes.add(j, index.pos(e) - q, q);
                    }
                }
                if (sub == 0) {
                    break;
                }
                sub = (sub - 1) & m;
            }
        }
    }

    /** Verifies the best-voted lags of each earlier recording; keeps the longest accepted run per pair. */
    private List<Overlap> verify(List<float[]> signals, int i, VoteTable votes, int span, OverlapVerifier verifier,
                                 int sampleRate, long[] verified) {
        List<int[]> candidates = new ArrayList<>(); // {j, lag, score, minQ, maxQ}
        for (int u = 0; u < votes.size(); u++) {
            int slot = votes.usedSlot(u);
            long key = votes.keyAt(slot);
            int j = VoteTable.rec(key);
            int lag = VoteTable.lag(key);
            int v = votes.votesAt(slot);
            int before = votesAt(votes, j, lag - 1);
            int after = votesAt(votes, j, lag + 1);
            int score = v + before + after;
            if (score >= tuning.minVotes() && v >= before && v >= after) {
                candidates.add(new int[] {j, lag, score, votes.minQAt(slot), votes.maxQAt(slot)});
            }
        }
        candidates.sort(Comparator.<int[]>comparingInt(c -> c[0]).thenComparingInt(c -> -c[2])
                .thenComparingInt(c -> c[1]));
        List<Overlap> found = new ArrayList<>();
        float[] b = signals.get(i);
        int k = 0;
        while (k < candidates.size()) {
            int j = candidates.get(k)[0];
            OverlapVerifier.Match best = null;
            for (int tried = 0; k < candidates.size() && candidates.get(k)[0] == j; k++, tried++) {
                if (tried >= tuning.maxLagsPerPair()) {
                    continue;
                }
                int[] c = candidates.get(k);
                verified[i]++;
                OverlapVerifier.Match m = verifier.verify(signals.get(j), b, c[1], c[3], c[4], span);
                if (m != null && (best == null || m.length() > best.length()
                        || (m.length() == best.length() && m.correlation() > best.correlation()))) {
                    best = m;
                }
            }
            if (best != null) {
                found.add(new Overlap(j, i, best.lag(), best.length() / (double) sampleRate, best.correlation()));
            }
        }
        return found;
    }

    private static int votesAt(VoteTable votes, int j, int lag) {
        int s = votes.find(j, lag);
        return s < 0 ? 0 : votes.votesAt(s);
    }
}
