package org.heartsounds.bench.infer;

import java.util.Arrays;

/**
 * Summary of repeated timings in milliseconds: median, 95th percentile (nearest rank: the smallest sample that at
 * least 95 % of the samples do not exceed), mean, minimum and maximum.
 */
public record LatencyStats(int count, double medianMs, double p95Ms, double meanMs, double minMs, double maxMs) {
    /** Summarises durations given in nanoseconds; at least one is needed. */
    public static LatencyStats ofNanos(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no timings");
        }
        double[] ms = new double[nanos.length];
        for (int i = 0; i < nanos.length; i++) {
            ms[i] = nanos[i] / 1e6;
        }
        return ofMillis(ms);
    }

    /** Summarises durations given in milliseconds; at least one is needed. */
    public static LatencyStats ofMillis(double[] millis) {
        int n = millis.length;
        if (n == 0) {
            throw new IllegalArgumentException("no timings");
        }
        double[] s = millis.clone();
        Arrays.sort(s);
        double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        double sum = 0;
        for (double v : s) {
            sum += v;
        }
        return new LatencyStats(n, median, s[nearestRank(0.95, n)], sum / n, s[0], s[n - 1]);
    }

    /** Zero-based index of the nearest-rank {@code q} quantile among {@code n} sorted values. */
    static int nearestRank(double q, int n) {
        return Math.max(0, (int) Math.ceil(q * n) - 1);
    }
}
