package org.heartsounds.data.overlap;

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
 * {@code grid}-sample cell is put in an index ({@link FingerprintIndex}; words common to many places are dropped),
 * together with its variants with any of its (at most {@code maxWeakBits}) weak bits flipped. Every position of
 * every recording is then looked up; each hit votes for (other recording, lag). The index also holds every
 * recording shifted by half a sample, so clips cut at an odd offset and then resampled 2:1 still match (their
 * lag is reported rounded down). Lags with enough votes are verified, best-voted first, by normalised
 * cross-correlation ({@link OverlapVerifier}): accepted when the matching run lasts at least {@code minSeconds}
 * with Pearson correlation at least {@code minCorrelation}. Work grows with the total audio, not with the number
 * of pairs (no all-pairs comparison); recordings are processed in parallel, with a deterministic result.
 *
 * <p>What counts as shared depends on {@code minCorrelation}. In the Yaseen 2018 data, 0.995 finds exactly the
 * clips cut with overlapping, sample-identical audio; 0.98 also joins clips whose heart sounds are the same
 * waveform (correlation 0.99 and above sample by sample) with different noise between them, which makes one large
 * group per class.
 *
 * <p>Input signals must share one sample rate; DC removal and peak normalisation are expected (the fingerprints do
 * not need them, the silence floor assumes full scale 1). Recordings shorter than one fingerprint (65 strides,
 * about 49 ms) cannot be matched. Polarity-inverted copies are not detected.
 */
public final class OverlapDetector {
    private final SplitSpec.Overlap spec;
    private final Tuning tuning;

    /**
     * Internal parameters, exposed for experiments. {@link #defaults()} (0.75 ms stride, one indexed word per 6 ms,
     * at most 2 weak bits) was chosen on seeded synthetic clips (all of 660 planted pairs found, no false pairs)
     * and on the Yaseen 2018 recordings (490 of the 491 pairs sharing at least 0.25 s of sample-identical audio
     * found after 2:1 resampling).
     *
     * @param strideSeconds  fingerprint stride {@code S} in seconds (rounded to whole samples, at least 1)
     * @param gridStrides    index cell in strides (one indexed word per cell)
     * @param weakFraction   a bit is weak below this fraction of the local RMS of the smoothed difference
     * @param maxWeakBits    words with more weak bits are skipped; an indexed word is stored in its 2^weak variants
     * @param minTransitions words with fewer bit changes (ramps, silence) or more than 63 minus this are skipped
     * @param silenceFloor   per-sample amplitude treated as silence (full scale 1)
     * @param maxBucket      words indexed more often than this are too common and dropped
     * @param minVotes       votes (at the lag and its two neighbours) needed to verify a lag
     * @param maxLagsPerPair candidate lags verified per pair, best-voted first
     * @param maxVotesPerQuery distinct (recording, lag) keys tracked per query recording
     * @param halfSampleShifts also index every recording shifted by half a sample ({@link HalfSampleShift}), so
     *                       copies offset by an odd number of samples before a 2:1 resampling are found
     * @param parallel       use the common fork-join pool
     */
    public record Tuning(double strideSeconds, int gridStrides, double weakFraction, int maxWeakBits,
                         int minTransitions, double silenceFloor, int maxBucket, int minVotes, int maxLagsPerPair,
                         int maxVotesPerQuery, boolean halfSampleShifts, boolean parallel) {
        public Tuning {
            if (!(strideSeconds > 0) || gridStrides < 1 || !(weakFraction >= 0) || maxWeakBits < 0
                    || maxWeakBits > 8 || minTransitions < 0 || minTransitions > 31 || !(silenceFloor >= 0)
                    || maxBucket < 1 || minVotes < 1 || maxLagsPerPair < 1 || maxVotesPerQuery < 16) {
                throw new IllegalArgumentException("invalid overlap detector tuning: " + strideSeconds + ", "
                        + gridStrides + ", " + weakFraction + ", " + maxWeakBits + ", " + minTransitions + ", "
                        + silenceFloor + ", " + maxBucket + ", " + minVotes + ", " + maxLagsPerPair + ", "
                        + maxVotesPerQuery);
            }
        }

        public static Tuning defaults() {
            return new Tuning(0.00075, 8, 0.05, 2, 4, 1e-3, 64, 2, 4, 1 << 21, true, true);
        }

        public Tuning withParallel(boolean p) {
            return new Tuning(strideSeconds, gridStrides, weakFraction, maxWeakBits, minTransitions, silenceFloor,
                    maxBucket, minVotes, maxLagsPerPair, maxVotesPerQuery, halfSampleShifts, p);
        }
    }

    /**
     * @param overlaps      the pairs found, ordered by (a, b); one per pair (its best-voted lag that verifies)
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

    /**
     * Indexes, per cell of {@code grid} positions, the usable word with the fewest weak bits; with
     * {@link Tuning#halfSampleShifts()} the same for the recording shifted by half a sample. Entry positions are
     * stored as {@code 2 * position + half}.
     */
    private FingerprintIndex buildIndex(List<float[]> signals, Fingerprinter fp, int grid) {
        long[][] words = new long[signals.size()][];
        int[][] positions = new int[signals.size()][];
        range(signals.size()).forEach(r -> {
            float[] x = signals.get(r);
            long[] w = new long[0];
            int[] pos = new int[0];
            for (int half = 0; half <= (tuning.halfSampleShifts() ? 1 : 0); half++) {
                Fingerprinter.Prints p = fp.compute(half == 0 ? x : HalfSampleShift.apply(x));
                int cells = (p.size() + grid - 1) / grid;
                int n = w.length;
                w = Arrays.copyOf(w, n + cells);
                pos = Arrays.copyOf(pos, n + cells);
                for (int c = 0; c < cells; c++) {
                    int best = bestInCell(p, c * grid, Math.min(p.size(), (c + 1) * grid));
                    if (best < 0) {
                        continue;
                    }
                    long word = p.words()[best];
                    long weak = p.weak()[best];
                    int variants = 1 << Long.bitCount(weak);
                    if (n + variants > w.length) {
                        w = Arrays.copyOf(w, Math.max(n + variants, w.length * 2));
                        pos = Arrays.copyOf(pos, w.length);
                    }
                    long sub = weak;
                    while (true) { // the word with every subset of its weak bits flipped
                        if ((word ^ sub) != 0) { // 0 marks an empty index slot; queries never look it up
                            w[n] = word ^ sub;
                            pos[n++] = 2 * best + half;
                        }
                        if (sub == 0) {
                            break;
                        }
                        sub = (sub - 1) & weak;
                    }
                }
                w = Arrays.copyOf(w, n);
                pos = Arrays.copyOf(pos, n);
            }
            words[r] = w;
            positions[r] = pos;
        });
        return FingerprintIndex.build(words, positions, tuning.maxBucket());
    }

    /** The usable position in [from, to) with the fewest weak bits, or -1. */
    private int bestInCell(Fingerprinter.Prints p, int from, int to) {
        int best = -1;
        int bestWeak = Integer.MAX_VALUE;
        for (int q = from; q < to; q++) {
            int weak = Long.bitCount(p.weak()[q]);
            if (weak < bestWeak && usable(p.words()[q], p.weak()[q])) {
                best = q;
                bestWeak = weak;
            }
        }
        return best;
    }

    /**
     * Looks up every usable position of recording {@code i} against recordings before it; votes are keyed by
     * (recording, lag in half samples).
     */
    private void vote(List<float[]> signals, int i, Fingerprinter fp, FingerprintIndex index, VoteTable votes) {
        Fingerprinter.Prints p = fp.compute(signals.get(i));
        long[] words = p.words();
        long[] weak = p.weak();
        for (int q = 0; q < words.length; q++) {
            if (!usable(words[q], weak[q])) {
                continue;
            }
            int slot = index.find(words[q]);
            if (slot < 0) {
                continue;
            }
            for (int e = index.bucketStart(slot), end = index.bucketEnd(slot); e < end; e++) {
                int j = index.rec(e);
                if (j >= i) {
                    break; // entries are in recording order
                }
                votes.add(j, index.pos(e) - 2 * q, q); // lag in half samples
            }
        }
    }

    /** Verifies the best-voted lags of each earlier recording, best first; the first accepted one is kept. */
    private List<Overlap> verify(List<float[]> signals, int i, VoteTable votes, int span, OverlapVerifier verifier,
                                 int sampleRate, long[] verified) {
        List<int[]> candidates = candidates(votes);
        List<Overlap> found = new ArrayList<>();
        float[] b = signals.get(i);
        float[] bShifted = null;
        int k = 0;
        while (k < candidates.size()) {
            int j = candidates.get(k)[0];
            float[] a = signals.get(j);
            OverlapVerifier.Match best = null;
            for (int tried = 0; k < candidates.size() && candidates.get(k)[0] == j; k++, tried++) {
                if (tried >= tuning.maxLagsPerPair()) {
                    continue;
                }
                int[] c = candidates.get(k);
                int lag = c[1] >> 1; // floor of the half-sample lag
                OverlapVerifier.Match m;
                verified[i]++;
                if ((c[1] & 1) == 0) {
                    m = verifier.verify(a, b, lag, c[3], c[4], span);
                } else {
                    // b[t] ~ a(t + lag + 1/2), so b(t + 1/2) ~ a[t + lag + 1]: shift b once, compare at lag + 1
                    bShifted = bShifted != null ? bShifted : HalfSampleShift.apply(b);
                    m = verifier.verify(a, bShifted, lag + 1, c[3], c[4], span);
                    m = m == null ? null : new OverlapVerifier.Match(lag, m.from(), m.to(), m.correlation());
                }
                if (m != null) {
                    best = m;
                    tried = tuning.maxLagsPerPair(); // the best-voted lag that verifies is the pair's evidence
                }
            }
            if (best != null) {
                found.add(new Overlap(j, i, best.lag(), best.length() / (double) sampleRate, best.correlation()));
            }
        }
        return found;
    }

    /**
     * Lags (in half samples) whose votes, with their two half-sample neighbours, reach {@code minVotes} and are a
     * local maximum: {j, lag2, score, firstHit, lastHit}, by recording, then score (descending), then lag.
     */
    private List<int[]> candidates(VoteTable votes) {
        List<int[]> candidates = new ArrayList<>();
        for (int u = 0; u < votes.size(); u++) {
            int slot = votes.usedSlot(u);
            long key = votes.keyAt(slot);
            int j = VoteTable.rec(key);
            int lag2 = VoteTable.lag(key);
            int v = votes.votesAt(slot);
            int before = votesAt(votes, j, lag2 - 1);
            int after = votesAt(votes, j, lag2 + 1);
            int score = v + before + after;
            if (score >= tuning.minVotes() && v >= before && v >= after) {
                candidates.add(new int[] {j, lag2, score, votes.minQAt(slot), votes.maxQAt(slot)});
            }
        }
        candidates.sort(Comparator.<int[]>comparingInt(c -> c[0]).thenComparingInt(c -> -c[2])
                .thenComparingInt(c -> c[1]));
        return candidates;
    }

    private static int votesAt(VoteTable votes, int j, int lag) {
        int s = votes.find(j, lag);
        return s < 0 ? 0 : votes.votesAt(s);
    }
}
