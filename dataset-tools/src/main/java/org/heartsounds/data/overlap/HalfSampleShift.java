package org.heartsounds.data.overlap;

/**
 * Band-limited interpolation of a signal half a sample later: {@code y[t] = x(t + 1/2)}, by a 16-tap
 * Blackman-windowed sinc (zero outside the signal). Two clips cut from one recording at an odd offset and then
 * resampled to half the rate are such half-sample-shifted copies of each other; comparing against the shifted
 * signal makes them identical again (up to the interpolation error, about -50 dB below 0.4 of the rate).
 */
final class HalfSampleShift {
    static final int HALF_TAPS = 8;
    private static final float[] KERNEL = kernel();

    private HalfSampleShift() {
    }

    /** Taps for x[t - 7 .. t + 8]: sinc(k - 1/2) under a Blackman window, normalised to unit DC gain. */
    private static float[] kernel() {
        int taps = 2 * HALF_TAPS;
        double[] h = new double[taps];
        double sum = 0;
        for (int i = 0; i < taps; i++) {
            double d = (i - (HALF_TAPS - 1)) - 0.5; // distance from t + 1/2 to sample t - 7 + i
            double sinc = Math.sin(Math.PI * d) / (Math.PI * d);
            double pos = (i + 0.5) / taps; // window position in (0, 1)
            double w = 0.42 - 0.5 * Math.cos(2 * Math.PI * pos) + 0.08 * Math.cos(4 * Math.PI * pos);
            h[i] = sinc * w;
            sum += h[i];
        }
        float[] k = new float[taps];
        for (int i = 0; i < taps; i++) {
            k[i] = (float) (h[i] / sum);
        }
        return k;
    }

    static float[] apply(float[] x) {
        int n = x.length;
        float[] y = new float[n];
        int first = HALF_TAPS - 1;
        for (int t = 0; t < n; t++) {
            int from = t - first;
            float acc = 0;
            if (from >= 0 && from + KERNEL.length <= n) {
                for (int i = 0; i < KERNEL.length; i++) {
                    acc += KERNEL[i] * x[from + i];
                }
            } else {
                for (int i = 0; i < KERNEL.length; i++) {
                    int u = from + i;
                    if (u >= 0 && u < n) {
                        acc += KERNEL[i] * x[u];
                    }
                }
            }
            y[t] = acc;
        }
        return y;
    }
}
