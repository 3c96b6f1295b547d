package org.heartsounds.data.overlap;

/**
 * 64-bit fingerprints of short stretches of audio, one per sample position, invariant to gain and DC offset. With
 * stride {@code S}, let {@code D[t]} be the sum of the {@code S} samples after {@code t+S} minus the sum of the
 * {@code S} samples after {@code t} (a smoothed first difference). The word at position {@code p} holds the signs
 * of {@code D[p], D[p+S], ..., D[p+63S]} (first difference most significant), so it covers {@code 65S} samples.
 * A bit is <em>weak</em> when its {@code |D|} is below {@code alpha} times the local RMS of {@code D} or below an
 * absolute floor (silence): noise or a half-sample shift may flip it. Words are computed incrementally along each
 * residue class mod {@code S}, so a whole recording costs O(n S).
 *
 * <p>Hand-written: no maintained Java library fingerprints audio for near-duplicate detection at sample level.
 */
final class Fingerprinter {
    static final int BITS = 64;

    private final int stride;
    private final double alpha;
    private final double floor;

    /**
     * @param stride        {@code S}, samples per difference step
     * @param alpha         weak-bit threshold relative to the local RMS of {@code D}
     * @param silenceFloor  per-sample amplitude (full scale 1) below which a difference counts as silence
     */
    Fingerprinter(int stride, double alpha, double silenceFloor) {
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be >= 1");
        }
        this.stride = stride;
        this.alpha = alpha;
        this.floor = silenceFloor * stride;
    }

    /** Samples one word covers. */
    int span() {
        return (BITS + 1) * stride;
    }

    /** Fingerprints at positions {@code 0 .. n - span()}: words and their weak-bit masks (same bit layout). */
    record Prints(long[] words, long[] weak) {
        int size() {
            return words.length;
        }
    }

    Prints compute(float[] x) {
        int positions = x.length - span() + 1;
        if (positions <= 0) {
            return new Prints(new long[0], new long[0]);
        }
        int nd = x.length - 2 * stride + 1;
        float[] d = new float[nd];
        for (int t = 0; t < nd; t++) {
            float s = 0;
            for (int u = 0; u < stride; u++) {
                s += x[t + stride + u] - x[t + u];
            }
            d[t] = s;
        }
        boolean[] weak = weakBits(d);
        long[] words = new long[positions];
        long[] masks = new long[positions];
        int last = (BITS - 1) * stride;
        for (int p = 0; p < positions; p++) {
            long w;
            long m;
            if (p < stride) {
                w = 0;
                m = 0;
                for (int k = 0; k < BITS; k++) {
                    int t = p + k * stride;
                    w = (w << 1) | (d[t] > 0 ? 1 : 0);
                    m = (m << 1) | (weak[t] ? 1 : 0);
                }
            } else {
                int t = p + last;
                w = (words[p - stride] << 1) | (d[t] > 0 ? 1 : 0);
                m = (masks[p - stride] << 1) | (weak[t] ? 1 : 0);
            }
            words[p] = w;
            masks[p] = m;
        }
        return new Prints(words, masks);
    }

    /** Weak differences: below {@code alpha} x RMS of {@code D} over the 64 steps centred on it, or below the floor. */
    private boolean[] weakBits(float[] d) {
        int n = d.length;
        double[] cum = new double[n + 1];
        for (int t = 0; t < n; t++) {
            cum[t + 1] = cum[t] + (double) d[t] * d[t];
        }
        int half = BITS / 2 * stride;
        boolean[] weak = new boolean[n];
        double a2 = alpha * alpha;
        double f2 = floor * floor;
        for (int t = 0; t < n; t++) {
            int lo = Math.max(0, t - half);
            int hi = Math.min(n, t + half + 1);
            double meanSq = (cum[hi] - cum[lo]) / (hi - lo);
            double v = (double) d[t] * d[t];
            weak[t] = v < f2 || v < a2 * meanSq;
        }
        return weak;
    }

    /** Number of sign changes between neighbouring bits: low for ramps, high for near-Nyquist tones. */
    static int transitions(long word) {
        return Long.bitCount((word ^ (word >>> 1)) & 0x7FFF_FFFF_FFFF_FFFFL);
    }
}
