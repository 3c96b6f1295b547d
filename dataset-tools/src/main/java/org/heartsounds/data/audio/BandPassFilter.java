package org.heartsounds.data.audio;

import org.heartsounds.core.config.AudioSpec;

/**
 * Digital Butterworth band-pass filter as a cascade of second-order sections, designed by the bilinear transform
 * with pre-warped band edges, and applied zero-phase (forwards, then backwards over the reversed output), the
 * scheme of scipy's {@code sosfiltfilt}. Written by hand: no maintained Java DSP library on Maven Central offers
 * zero-phase IIR filtering.
 *
 * <p><b>Design.</b> An analog Butterworth low-pass prototype of order {@code N} is turned into a band-pass with
 * edges pre-warped to {@code 2 fs tan(pi f / fs)}, giving {@code 2N} poles, {@code N} zeros at z = 1 and
 * {@code N} at z = -1; these form {@code N} biquads, each scaled to unit gain at the geometric band centre. One
 * pass therefore has exactly -3.01 dB at both band edges; the zero-phase application squares the magnitude
 * (-6.02 dB at the edges, doubled stop-band attenuation) and has no phase shift.
 *
 * <p><b>Edges.</b> As in {@code sosfiltfilt} with its defaults: the signal is extended at both ends by an odd
 * (point-symmetric) reflection of {@code 3 (2N + 1)} samples (fewer when the signal is shorter: at most
 * {@code n - 1}), and each pass starts from the steady state of a constant input equal to its first sample, which
 * suppresses start-up transients. Computation is in double precision.
 */
public final class BandPassFilter {
    private final double lowHz;
    private final double highHz;
    private final int order;
    private final int sampleRate;
    /** Per section: b0, b1, b2, a1, a2 (a0 = 1). */
    private final double[] sos;

    /**
     * @param lowHz      lower -3 dB edge, 0 &lt; lowHz &lt; highHz
     * @param highHz     upper -3 dB edge, below the Nyquist frequency
     * @param order      order of the low-pass prototype, 1..16 (gives that many biquads)
     * @param sampleRate sample rate of the signals it will filter
     */
    public BandPassFilter(double lowHz, double highHz, int order, int sampleRate) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        }
        if (!(lowHz > 0 && highHz > lowHz && highHz < sampleRate / 2.0)) {
            throw new IllegalArgumentException("band-pass needs 0 < low < high < Nyquist (" + sampleRate / 2.0
                    + " Hz), got " + lowHz + " .. " + highHz + " Hz");
        }
        if (order < 1 || order > 16) {
            throw new IllegalArgumentException("band-pass order must be in [1, 16], got " + order);
        }
        this.lowHz = lowHz;
        this.highHz = highHz;
        this.order = order;
        this.sampleRate = sampleRate;
        this.sos = ButterworthDesign.bandPass(lowHz, highHz, order, sampleRate);
    }

    /** The filter a band-pass setting describes, for signals at {@code sampleRate}. */
    public static BandPassFilter of(AudioSpec.BandPass spec, int sampleRate) {
        return new BandPassFilter(spec.lowHz(), spec.highHz(), spec.order(), sampleRate);
    }

    public double lowHz() {
        return lowHz;
    }

    public double highHz() {
        return highHz;
    }

    public int order() {
        return order;
    }

    public int sampleRate() {
        return sampleRate;
    }

    /** Number of second-order sections (= order). */
    public int sections() {
        return sos.length / 5;
    }

    /** Coefficients in scipy's sos layout, one row per section: b0, b1, b2, 1, a1, a2. */
    public double[][] coefficients() {
        double[][] rows = new double[sections()][];
        for (int s = 0; s < rows.length; s++) {
            int o = 5 * s;
            rows[s] = new double[] {sos[o], sos[o + 1], sos[o + 2], 1.0, sos[o + 3], sos[o + 4]};
        }
        return rows;
    }

    /** Magnitude of one (causal) pass at {@code hz}; the zero-phase filter's magnitude is its square. */
    public double magnitudeAt(double hz) {
        double w = 2 * Math.PI * hz / sampleRate;
        double c1 = Math.cos(w);
        double s1 = -Math.sin(w);
        double c2 = Math.cos(2 * w);
        double s2 = -Math.sin(2 * w);
        double mag = 1;
        for (int o = 0; o < sos.length; o += 5) {
            double nr = sos[o] + sos[o + 1] * c1 + sos[o + 2] * c2;
            double ni = sos[o + 1] * s1 + sos[o + 2] * s2;
            double dr = 1 + sos[o + 3] * c1 + sos[o + 4] * c2;
            double di = sos[o + 3] * s1 + sos[o + 4] * s2;
            mag *= Math.sqrt((nr * nr + ni * ni) / (dr * dr + di * di));
        }
        return mag;
    }

    /** Number of samples the zero-phase application extends each end by, for a signal of {@code n} samples. */
    public int padLength(int n) {
        return Math.max(0, Math.min(3 * (2 * sections() + 1), n - 1));
    }

    /** Zero-phase filtered copy of {@code x} (see the class comment for the edge handling). */
    public float[] filtfilt(float[] x) {
        int n = x.length;
        if (n == 0) {
            return new float[0];
        }
        int pad = padLength(n);
        double[] ext = oddExtension(x, pad);
        double[] zi = steadyState();
        filterInPlace(ext, zi, ext[0], false);
        filterInPlace(ext, zi, ext[ext.length - 1], true);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) ext[pad + i];
        }
        return out;
    }

    /** Single causal pass from rest (zero initial state); mostly for tests and inspection. */
    public float[] filterCausal(float[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i];
        }
        filterInPlace(y, new double[2 * sections()], 0, false);
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) y[i];
        }
        return out;
    }

    private static double[] oddExtension(float[] x, int pad) {
        int n = x.length;
        double[] ext = new double[n + 2 * pad];
        double first = x[0];
        double last = x[n - 1];
        for (int i = 0; i < pad; i++) {
            ext[i] = 2 * first - x[pad - i];
            ext[pad + n + i] = 2 * last - x[n - 2 - i];
        }
        for (int i = 0; i < n; i++) {
            ext[pad + i] = x[i];
        }
        return ext;
    }

    /**
     * Per-section direct-form-II-transposed states for a unit constant input (scipy's {@code sosfilt_zi}): each
     * section at rest on the steady-state output of the sections before it.
     */
    private double[] steadyState() {
        double[] zi = new double[2 * sections()];
        double level = 1;
        for (int s = 0, o = 0; s < sections(); s++, o += 5) {
            double b0 = sos[o];
            double b1 = sos[o + 1];
            double b2 = sos[o + 2];
            double a1 = sos[o + 3];
            double a2 = sos[o + 4];
            double gain = (b0 + b1 + b2) / (1 + a1 + a2);
            double z2 = b2 - a2 * gain;
            double z1 = b1 - a1 * gain + z2;
            zi[2 * s] = z1 * level;
            zi[2 * s + 1] = z2 * level;
            level *= gain;
        }
        return zi;
    }

    /** Runs the cascade over y in place (backwards when {@code reverse}), states starting at zi * x0. */
    private void filterInPlace(double[] y, double[] zi, double x0, boolean reverse) {
        int n = y.length;
        for (int s = 0, o = 0; s < sections(); s++, o += 5) {
            double b0 = sos[o];
            double b1 = sos[o + 1];
            double b2 = sos[o + 2];
            double a1 = sos[o + 3];
            double a2 = sos[o + 4];
            double z1 = zi[2 * s] * x0;
            double z2 = zi[2 * s + 1] * x0;
            int i = reverse ? n - 1 : 0;
            int step = reverse ? -1 : 1;
            for (int k = 0; k < n; k++, i += step) {
                double in = y[i];
                double out = b0 * in + z1;
                z1 = b1 * in - a1 * out + z2;
                z2 = b2 * in - a2 * out;
                y[i] = out;
            }
        }
    }
}
