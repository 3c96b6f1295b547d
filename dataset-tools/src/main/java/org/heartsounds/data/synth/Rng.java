package org.heartsounds.data.synth;

/**
 * SplitMix64 pseudo-random numbers with uniform and Gaussian draws computed only with exactly specified
 * operations ({@link StrictMath}), so a seed gives the same sequence on every JVM and platform.
 */
final class Rng {
    private long state;

    Rng(long seed) {
        this.state = seed;
    }

    /** Seed for item {@code (a, b)} of a stream keyed by {@code seed}: independent of how many items exist. */
    static long derive(long seed, long a, long b) {
        return mix(mix(seed ^ 0x6A09E667F3BCC909L) + mix(a * 0x9E3779B97F4A7C15L + 0x3C6EF372FE94F82BL) * 31 + b);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    /** Uniform in [0, 1). */
    double uniform() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [lo, hi). */
    double uniform(double lo, double hi) {
        return lo + (hi - lo) * uniform();
    }

    /** Standard normal (Box-Muller). */
    double gaussian() {
        double u1 = 1.0 - uniform(); // (0, 1]
        double u2 = uniform();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
    }
}
