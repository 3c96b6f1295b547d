package org.heartsounds.data.audio;

/** Test helpers: sines and least-squares tone measurements. */
final class Signals {
    private Signals() {
    }

    static float[] sine(double hz, double amplitude, int rate, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return x;
    }

    /** Amplitude of the component at {@code hz} in x[from, to), by projection on sin/cos. */
    static double toneAmplitude(float[] x, double hz, int rate, int from, int to) {
        double s = 0;
        double c = 0;
        double ss = 0;
        double cc = 0;
        double sc = 0;
        for (int i = from; i < to; i++) {
            double ph = 2 * Math.PI * hz * i / rate;
            double si = Math.sin(ph);
            double co = Math.cos(ph);
            s += x[i] * si;
            c += x[i] * co;
            ss += si * si;
            cc += co * co;
            sc += si * co;
        }
        // solve the 2x2 normal equations for x ~ a sin + b cos
        double det = ss * cc - sc * sc;
        double a = (s * cc - c * sc) / det;
        double b = (c * ss - s * sc) / det;
        return Math.hypot(a, b);
    }

    static double rms(float[] x, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) x[i] * x[i];
        }
        return Math.sqrt(sum / (to - from));
    }

    /** Frequency of the largest FFT bin of x[from, to) (Hann window), in Hz. */
    static double peakFrequency(float[] x, int rate, int from, int to) {
        int n = to - from;
        float[] buf = new float[n];
        for (int i = 0; i < n; i++) {
            buf[i] = (float) (x[from + i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1))));
        }
        new org.jtransforms.fft.FloatFFT_1D(n).realForward(buf);
        int best = 1;
        double bestPower = -1;
        for (int k = 1; k < n / 2; k++) {
            double p = buf[2 * k] * buf[2 * k] + buf[2 * k + 1] * buf[2 * k + 1];
            if (p > bestPower) {
                bestPower = p;
                best = k;
            }
        }
        return best * (double) rate / n;
    }

    static double db(double ratio) {
        return 20 * Math.log10(ratio);
    }
}
