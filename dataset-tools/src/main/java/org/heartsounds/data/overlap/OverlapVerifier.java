package org.heartsounds.data.overlap;

/**
 * Confirms a candidate alignment of two signals by normalised cross-correlation and measures the matching run.
 * <ol>
 *   <li>Seed: the first of (the whole stretch where fingerprints matched; that stretch less half a fingerprint at
 *       each end; one fingerprint in its middle) whose correlation reaches {@code minCorrelation}, at the lag or a
 *       neighbour (a half-sample shift votes for both).</li>
 *   <li>Growth, block by block in both directions, while the Pearson correlation of the whole run stays at least
 *       {@code minCorrelation} and the new block either is quiet in both signals (below 1% of the run's mean power:
 *       silence, or a copy's added noise) or correlates at least {@link #BLOCK_MIN_CORRELATION} by itself with
 *       about the run's gain ({@link #MAX_GAIN_CHANGE}).</li>
 *   <li>Quiet blocks at the ends that do not match on their own are trimmed (quiet but identical audio stays).</li>
 *   <li>Accepted when the run lasts {@code minSamples}, its correlation is at least {@code minCorrelation}, and
 *       its blocks that match <em>on their own</em> (correlation at least {@code minCorrelation} at the run's
 *       gain) add up to {@code minSamples}: quiet or loosely matching blocks may bridge a run but are not
 *       evidence, so two sounds that happen to coincide with silence between them are not a shared stretch.</li>
 * </ol>
 * Hand-written (no library verifies audio alignments); cost is linear in the run's length.
 */
final class OverlapVerifier {
    /** A seed correlating less than this at the voted lag is not tried at the neighbouring lags. */
    static final double PLAUSIBLE_CORRELATION = 0.5;
    /** A new block that is not quiet must correlate at least this much by itself. */
    static final double BLOCK_MIN_CORRELATION = 0.8;
    /** A block is quiet when its power is below this fraction of the run's mean power, in both signals. */
    static final double QUIET_FRACTION = 0.01;
    /**
     * A copy has one gain: a new block's amplitude ratio (RMS of b over RMS of a) may differ from the run's by at
     * most this factor either way. Without it, self-similar sounds (an exponentially damped sinusoid shifted by
     * whole periods is a scaled copy of itself) chain into long runs.
     */
    static final double MAX_GAIN_CHANGE = 1.25;

    private final double minCorrelation;
    private final int minSamples;
    private final int block;
    private final double silencePower;

    /**
     * @param minCorrelation smallest accepted Pearson correlation
     * @param minSamples     shortest accepted run
     * @param block          growth step in samples
     * @param silenceFloor   per-sample RMS below which a signal is silent (such a run is never accepted)
     */
    OverlapVerifier(double minCorrelation, int minSamples, int block, double silenceFloor) {
        this.minCorrelation = minCorrelation;
        this.minSamples = minSamples;
        this.block = block;
        this.silencePower = silenceFloor * silenceFloor;
    }

    /** An accepted run: {@code b[t] ~ a[t + lag]} for {@code t} in [{@code from}, {@code to}). */
    record Match(int lag, int from, int to, double correlation) {
        int length() {
            return to - from;
        }
    }

    /**
     * @param lag      candidate lag; lag-1 and lag+1 are tried too (fingerprints of a half-sample shift vote for both)
     * @param firstHit first position of {@code b} whose fingerprint matched at this lag
     * @param lastHit  last such position
     * @param span     samples one fingerprint covers
     * @return the accepted run, or null
     */
    Match verify(float[] a, float[] b, int lag, int firstHit, int lastHit, int span) {
        // Seeds, widest first: the whole matched stretch; without half a word at each end (a word that matched
        // at the edge of a shared stretch may reach a little past it); one word in the middle.
        int mid = firstHit + (lastHit - firstHit) / 2;
        int[][] seeds = {
            {firstHit, lastHit + span},
            {firstHit + span / 2, lastHit + span / 2},
            {mid, mid + span},
        };
        for (int[] seed : seeds) {
            if (seed[1] - seed[0] < span) {
                continue;
            }
            double atLag = seedCorrelation(a, b, lag, seed);
            if (atLag < PLAUSIBLE_CORRELATION) {
                continue; // a chance match of fingerprints, or a seed reaching into other audio: no need for lag +-1
            }
            int bestLag = lag;
            double bestCorr = atLag;
            for (int l = lag - 1; l <= lag + 1; l += 2) {
                double c = seedCorrelation(a, b, l, seed);
                if (c > bestCorr) {
                    bestCorr = c;
                    bestLag = l;
                }
            }
            if (bestCorr >= minCorrelation) {
                return grow(a, b, bestLag, seed[0], seed[1]);
            }
        }
        return null;
    }

    /** Correlation over the seed at lag {@code l} (clipped to where the signals overlap), or -1 when too short. */
    private static double seedCorrelation(float[] a, float[] b, int l, int[] seed) {
        int lo = Math.max(0, -l);
        int hi = Math.min(b.length, a.length - l);
        int s = clamp(seed[0], lo, hi);
        int e = clamp(seed[1], lo, hi);
        return e - s < 2 ? -1 : sums(a, b, l, s, e).correlation();
    }

    private Match grow(float[] a, float[] b, int lag, int seedFrom, int seedTo) {
        int lo = Math.max(0, -lag);
        int hi = Math.min(b.length, a.length - lag);
        int s = clamp(seedFrom, lo, hi);
        int e = clamp(seedTo, lo, hi);
        Sums run = sums(a, b, lag, s, e);
        int evidence = matches(run, run) ? e - s : 0; // approximate (gain of the run so far), for an early exit
        boolean grew = true;
        while (grew) {
            grew = false;
            if (s > lo) {
                int s2 = Math.max(lo, s - block);
                Sums blk = sums(a, b, lag, s2, s);
                Sums merged = extend(run, blk);
                if (merged != null) {
                    evidence += matches(blk, run) ? s - s2 : 0;
                    run = merged;
                    s = s2;
                    grew = true;
                }
            }
            if (e < hi) {
                int e2 = Math.min(hi, e + block);
                Sums blk = sums(a, b, lag, e, e2);
                Sums merged = extend(run, blk);
                if (merged != null) {
                    evidence += matches(blk, run) ? e2 - e : 0;
                    run = merged;
                    e = e2;
                    grew = true;
                }
            }
        }
        if (e - s < minSamples || evidence < minSamples / 2) {
            return null;
        }
        Sums reference = run;
        while (e - s > block && bridgeOnly(sums(a, b, lag, s, s + block), reference)) {
            run = run.minus(sums(a, b, lag, s, s + block));
            s += block;
        }
        while (e - s > block && bridgeOnly(sums(a, b, lag, e - block, e), reference)) {
            run = run.minus(sums(a, b, lag, e - block, e));
            e -= block;
        }
        double corr = run.correlation();
        boolean audible = run.powerX() >= silencePower && run.powerY() >= silencePower;
        if (e - s >= minSamples && corr >= minCorrelation && audible
                && evidence(a, b, lag, s, e, run) >= minSamples) {
            return new Match(lag, s, e, corr);
        }
        return null;
    }

    /** The run with {@code blk} added, or null when the block does not continue the match. */
    private Sums extend(Sums run, Sums blk) {
        Sums merged = run.plus(blk);
        if (merged.correlation() < minCorrelation) {
            return null;
        }
        if (blk.quietAgainst(run) || (blk.correlation() >= BLOCK_MIN_CORRELATION && sameGain(blk, run))) {
            return merged;
        }
        return null;
    }

    /** Samples of the run in blocks that match on their own. */
    private int evidence(float[] a, float[] b, int lag, int s, int e, Sums run) {
        int n = 0;
        for (int t = s; t < e; t += block) {
            int end = Math.min(e, t + block);
            if (matches(sums(a, b, lag, t, end), run)) {
                n += end - t;
            }
        }
        return n;
    }

    /** A block that matches on its own: correlation at least {@code minCorrelation}, at the run's gain. */
    private boolean matches(Sums blk, Sums run) {
        return blk.correlation() >= minCorrelation && sameGain(blk, run);
    }

    /** A quiet block that does not match on its own: it may bridge a run, and is trimmed from its ends. */
    private boolean bridgeOnly(Sums blk, Sums run) {
        return blk.quietAgainst(run) && !matches(blk, run);
    }

    private static boolean sameGain(Sums blk, Sums run) {
        double change = blk.amplitudeRatio() / run.amplitudeRatio();
        return change <= MAX_GAIN_CHANGE && change >= 1 / MAX_GAIN_CHANGE;
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** Sums over {@code t} in [{@code from}, {@code to}) of x = a[t + lag], y = b[t]. */
    static Sums sums(float[] a, float[] b, int lag, int from, int to) {
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        for (int t = from; t < to; t++) {
            double x = a[t + lag];
            double y = b[t];
            sx += x;
            sy += y;
            sxx += x * x;
            syy += y * y;
            sxy += x * y;
        }
        return new Sums(to - from, sx, sy, sxx, syy, sxy);
    }

    /** Sufficient statistics for the Pearson correlation of a stretch. */
    record Sums(double n, double sx, double sy, double sxx, double syy, double sxy) {
        Sums plus(Sums o) {
            return new Sums(n + o.n, sx + o.sx, sy + o.sy, sxx + o.sxx, syy + o.syy, sxy + o.sxy);
        }

        Sums minus(Sums o) {
            return new Sums(n - o.n, sx - o.sx, sy - o.sy, sxx - o.sxx, syy - o.syy, sxy - o.sxy);
        }

        /** Pearson correlation; 0 when either side is constant. */
        double correlation() {
            if (n < 2) {
                return 0;
            }
            double vx = sxx - sx * sx / n;
            double vy = syy - sy * sy / n;
            if (vx <= 1e-12 * n || vy <= 1e-12 * n) {
                return 0;
            }
            return (sxy - sx * sy / n) / Math.sqrt(vx * vy);
        }

        /** RMS of y over RMS of x (both about their means); NaN when x is constant. */
        double amplitudeRatio() {
            double vx = sxx - sx * sx / n;
            double vy = syy - sy * sy / n;
            return Math.sqrt(vy / vx);
        }

        double powerX() {
            return n == 0 ? 0 : sxx / n;
        }

        double powerY() {
            return n == 0 ? 0 : syy / n;
        }

        /** Both signals below {@link #QUIET_FRACTION} of {@code ref}'s mean power. */
        boolean quietAgainst(Sums ref) {
            return powerX() < QUIET_FRACTION * ref.powerX() && powerY() < QUIET_FRACTION * ref.powerY();
        }
    }
}
