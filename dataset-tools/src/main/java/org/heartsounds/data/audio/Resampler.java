package org.heartsounds.data.audio;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Band-limited sample-rate conversion by a rational factor with a Kaiser-windowed sinc filter. Written by hand: no
 * maintained pure-Java resampler on Maven Central fits (the candidates are unmaintained ports or need native
 * libraries).
 *
 * <p><b>Filter.</b> The interpolation kernel is {@code sinc(fc t) * kaiser(t / halfWidth, beta)} with the cutoff
 * {@code fc = rolloff * min(1, out/in)} (as a fraction of the input Nyquist frequency: with the default rolloff
 * 0.95 the -6 dB point lies at 95% of the lower of the two Nyquist frequencies) and
 * {@code halfWidth = zeroCrossings / fc} input samples, i.e. {@code zeroCrossings} zero crossings of the sinc on
 * each side. Defaults: 32 zero crossings, rolloff 0.95, Kaiser beta 10. Every phase of the kernel is normalised
 * to unit DC gain. Measured with the defaults (as a fraction of the lower Nyquist frequency): flat within 0.01 dB
 * up to 0.85, -0.4 dB at 0.90, -6.0 dB at 0.95, -58 dB at 1.03 and at least 100 dB of attenuation from 1.05 up,
 * so aliases can only land in the top 4% of the output band.
 *
 * <p><b>Polyphase.</b> With {@code g = gcd(in, out)}, {@code L = out/g} and {@code M = in/g}, output sample
 * {@code k} sits at input time {@code k*M/L}; its fractional offset takes only {@code L} values, so the kernel is
 * tabulated once for the {@code L} phases (computed per call instead when {@code L x taps} would exceed
 * {@value #MAX_TABLE_COEFFICIENTS} coefficients, e.g. for coprime rates). Each output is one dot product of
 * a phase's taps with consecutive (zero-padded) input samples.
 *
 * <p><b>Length and edges.</b> {@code n} input samples give {@code round(n * out / in)} output samples (halves
 * rounded up), so the output spans the same duration; output sample 0 is aligned with input sample 0. Samples
 * outside the input are taken as its mirror image about the first and last sample ({@code x[-k] = x[k]},
 * {@code x[n-1+k] = x[n-1-k]}), so a recording cut mid-signal gets no artificial step (and no Gibbs ringing) at
 * its ends and a constant signal stays exactly constant. Equal rates return a copy of the input.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Resampler {
    public static final int DEFAULT_ZERO_CROSSINGS = 32;
    public static final double DEFAULT_ROLLOFF = 0.95;
    public static final double DEFAULT_KAISER_BETA = 10.0;
    static final int MAX_TABLE_COEFFICIENTS = 1 << 20;
    private static final int MAX_CACHED = 64;
    private static final Map<Long, Resampler> CACHE = new ConcurrentHashMap<>();

    private final int inRate;
    private final int outRate;
    private final int up;
    private final int down;
    private final double cutoff;
    private final double halfWidth;
    private final double beta;
    private final double besselI0Beta;
    private final int taps;
    private final int leftTaps;
    private final float[] table;

    /** A resampler with the default filter (32 zero crossings, rolloff 0.95, Kaiser beta 10). */
    public Resampler(int inRate, int outRate) {
        this(inRate, outRate, DEFAULT_ZERO_CROSSINGS, DEFAULT_ROLLOFF, DEFAULT_KAISER_BETA);
    }

    /**
     * @param zeroCrossings sinc zero crossings on each side of the kernel, 1..1024
     * @param rolloff       cutoff as a fraction of the lower Nyquist frequency, (0, 1]
     * @param kaiserBeta    Kaiser window shape, 0..50 (larger: deeper stop band, wider transition)
     */
    public Resampler(int inRate, int outRate, int zeroCrossings, double rolloff, double kaiserBeta) {
        this(inRate, outRate, zeroCrossings, rolloff, kaiserBeta, true);
    }

    /** {@code allowTable = false} forces per-call phase computation (tests compare both paths). */
    Resampler(int inRate, int outRate, int zeroCrossings, double rolloff, double kaiserBeta, boolean allowTable) {
        if (inRate <= 0 || outRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive, got " + inRate + " -> " + outRate);
        }
        if (zeroCrossings < 1 || zeroCrossings > 1024) {
            throw new IllegalArgumentException("zeroCrossings must be in [1, 1024], got " + zeroCrossings);
        }
        if (!(rolloff > 0 && rolloff <= 1)) {
            throw new IllegalArgumentException("rolloff must be in (0, 1], got " + rolloff);
        }
        if (!(kaiserBeta >= 0 && kaiserBeta <= 50)) {
            throw new IllegalArgumentException("kaiserBeta must be in [0, 50], got " + kaiserBeta);
        }
        int g = gcd(inRate, outRate);
        this.inRate = inRate;
        this.outRate = outRate;
        this.up = outRate / g;
        this.down = inRate / g;
        this.cutoff = rolloff * Math.min(1.0, (double) up / down);
        this.halfWidth = zeroCrossings / cutoff;
        this.beta = kaiserBeta;
        this.besselI0Beta = besselI0(kaiserBeta);
        int w = (int) Math.ceil(halfWidth);
        this.taps = (2 * w + 3) & ~3; // rounded up to a multiple of 4 with zero taps at the end
        this.leftTaps = w - 1;
        this.table = allowTable && (long) up * taps <= MAX_TABLE_COEFFICIENTS && !isIdentity() ? buildTable() : null;
    }

    /** Resamples with a shared default-filter resampler for these rates. */
    public static float[] resample(float[] samples, int inRate, int outRate) {
        return forRates(inRate, outRate).process(samples);
    }

    /** A shared default-filter resampler (kernel tables are cached for up to 64 rate pairs). */
    public static Resampler forRates(int inRate, int outRate) {
        long key = (long) inRate << 32 | (outRate & 0xFFFFFFFFL);
        Resampler r = CACHE.get(key);
        if (r == null) {
            r = new Resampler(inRate, outRate);
            if (CACHE.size() < MAX_CACHED) {
                CACHE.putIfAbsent(key, r);
            }
        }
        return r;
    }

    public int inRate() {
        return inRate;
    }

    public int outRate() {
        return outRate;
    }

    /** Filter taps per output sample. */
    public int tapsPerOutput() {
        return taps;
    }

    public boolean isIdentity() {
        return up == 1 && down == 1;
    }

    /** Output length for {@code n} input samples: round(n * out / in), halves rounded up. */
    public int outputLength(int n) {
        long len = ((long) n * up * 2 + down) / (2L * down);
        if (len > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("output of " + len + " samples is too long");
        }
        return (int) len;
    }

    /** Returns the input resampled from {@link #inRate()} to {@link #outRate()}; the input is not modified. */
    public float[] process(float[] input) {
        int nOut = outputLength(input.length);
        if (isIdentity()) {
            return input.clone();
        }
        float[] out = new float[nOut];
        if (nOut == 0) {
            return out;
        }
        long maxN0 = (long) (nOut - 1) * down / up;
        float[] xp = extended(input, (int) (maxN0 + taps));
        float[] scratch = table == null ? new float[taps] : null;
        for (int kp = 0; kp < Math.min(up, nOut); kp++) {
            long km = (long) kp * down;
            int phase = (int) (km % up);
            float[] h = table != null ? table : phaseTaps(phase, scratch, 0);
            int hOffset = table != null ? phase * taps : 0;
            filterPhase(xp, (int) (km / up), h, hOffset, out, kp);
        }
        return out;
    }

    /**
     * Computes the outputs k = kp, kp + L, kp + 2L, ... which all share one kernel phase; output kp + rL is the
     * dot product of the phase's taps with xp[n0 + rM ...]. Two outputs are computed per pass so each tap is
     * loaded once for both (plain Java 17 does not vectorise this, so the loop is written for instruction-level
     * parallelism instead).
     */
    private void filterPhase(float[] xp, int n0, float[] h, int ho, float[] out, int kp) {
        int step = up;
        int k = kp;
        int x = n0;
        for (; k + step < out.length; k += 2 * step, x += 2 * down) {
            int xb = x + down;
            float a0 = 0;
            float a1 = 0;
            float a2 = 0;
            float a3 = 0;
            float b0 = 0;
            float b1 = 0;
            float b2 = 0;
            float b3 = 0;
            for (int i = 0; i < taps; i += 4) {
                float h0 = h[ho + i];
                float h1 = h[ho + i + 1];
                float h2 = h[ho + i + 2];
                float h3 = h[ho + i + 3];
                a0 += h0 * xp[x + i];
                a1 += h1 * xp[x + i + 1];
                a2 += h2 * xp[x + i + 2];
                a3 += h3 * xp[x + i + 3];
                b0 += h0 * xp[xb + i];
                b1 += h1 * xp[xb + i + 1];
                b2 += h2 * xp[xb + i + 2];
                b3 += h3 * xp[xb + i + 3];
            }
            out[k] = (a0 + a1) + (a2 + a3);
            out[k + step] = (b0 + b1) + (b2 + b3);
        }
        if (k < out.length) {
            float a0 = 0;
            float a1 = 0;
            for (int i = 0; i < taps; i += 2) {
                a0 += h[ho + i] * xp[x + i];
                a1 += h[ho + i + 1] * xp[x + i + 1];
            }
            out[k] = a0 + a1;
        }
    }

    /**
     * The input shifted right by leftTaps into an array of {@code length}, the positions before and after it filled
     * by mirroring about the first and last sample (x[-k] = x[k], x[n-1+k] = x[n-1-k], folded again for short
     * inputs).
     */
    private float[] extended(float[] x, int length) {
        float[] xp = new float[length];
        int n = x.length;
        System.arraycopy(x, 0, xp, leftTaps, Math.min(n, length - leftTaps));
        int period = 2 * (n - 1);
        for (int j = 0; j < length; j++) {
            int src = j - leftTaps;
            if (src >= 0 && src < n) {
                j = leftTaps + n - 1; // skip the copied part
                continue;
            }
            xp[j] = x[mirror(src, n, period)];
        }
        return xp;
    }

    private static int mirror(int i, int n, int period) {
        if (period == 0) {
            return 0;
        }
        int j = Math.floorMod(i, period);
        return j < n ? j : period - j;
    }

    private float[] buildTable() {
        float[] t = new float[up * taps];
        for (int p = 0; p < up; p++) {
            phaseTaps(p, t, p * taps);
        }
        return t;
    }

    /** Kernel taps for fractional offset p/L, normalised to sum 1, written to dst[offset..offset+taps). */
    private float[] phaseTaps(int phase, float[] dst, int offset) {
        double frac = (double) phase / up;
        double[] h = new double[taps];
        double sum = 0;
        for (int i = 0; i < taps; i++) {
            h[i] = kernel(i - leftTaps - frac);
            sum += h[i];
        }
        for (int i = 0; i < taps; i++) {
            dst[offset + i] = (float) (h[i] / sum);
        }
        return dst;
    }

    private double kernel(double t) {
        double r = t / halfWidth;
        if (Math.abs(r) >= 1) {
            return 0;
        }
        double x = Math.PI * cutoff * t;
        double sinc = x == 0 ? 1 : Math.sin(x) / x;
        return sinc * besselI0(beta * Math.sqrt(1 - r * r)) / besselI0Beta;
    }

    /** Modified Bessel function of the first kind, order 0 (power series). */
    static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int k = 1; k < 500; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
