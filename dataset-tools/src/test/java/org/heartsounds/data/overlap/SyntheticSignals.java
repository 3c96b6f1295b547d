package org.heartsounds.data.overlap;

import java.util.Random;

/** Seeded synthetic audio for overlap-detection tests (no files). All signals are at {@link #RATE}. */
final class SyntheticSignals {
    static final int RATE = 4000;

    private SyntheticSignals() {
    }

    /**
     * A recording of {@code seconds}: 1-3 tones (40-400 Hz) with slow amplitude modulation, low-passed noise,
     * heart-sound-like bursts (damped 40-150 Hz sinusoids at a random beat rate) and, when {@code silenceAt >= 0},
     * digital silence over [{@code silenceAt}, {@code silenceAt + silenceSeconds}).
     */
    static float[] recording(Random rnd, double seconds, double silenceAt, double silenceSeconds) {
        int n = (int) Math.round(seconds * RATE);
        float[] x = new float[n];
        int tones = 1 + rnd.nextInt(3);
        for (int k = 0; k < tones; k++) {
            double f = 40 + rnd.nextDouble() * 360;
            double amp = 0.1 + rnd.nextDouble() * 0.4;
            double ph = rnd.nextDouble() * 2 * Math.PI;
            double fm = 0.2 + rnd.nextDouble() * 2;
            for (int t = 0; t < n; t++) {
                double env = 0.6 + 0.4 * Math.sin(2 * Math.PI * fm * t / RATE + ph);
                x[t] += (float) (amp * env * Math.sin(2 * Math.PI * f * t / RATE + ph));
            }
        }
        addLowPassNoise(rnd, x, 0.05 + rnd.nextDouble() * 0.2, 0.3 + rnd.nextDouble() * 0.6);
        addBeats(rnd, x, 0.6 + rnd.nextDouble() * 0.5, 0.005 + rnd.nextDouble() * 0.02);
        if (silenceAt >= 0) {
            int s = (int) Math.round(silenceAt * RATE);
            int e = Math.min(n, s + (int) Math.round(silenceSeconds * RATE));
            for (int t = Math.max(0, s); t < e; t++) {
                x[t] = 0;
            }
        }
        return x;
    }

    /** Adds one-pole low-passed Gaussian noise of roughly RMS {@code rms}; {@code pole} in (0, 1). */
    static void addLowPassNoise(Random rnd, float[] x, double rms, double pole) {
        double state = 0;
        double gain = Math.sqrt(1 - pole * pole);
        for (int t = 0; t < x.length; t++) {
            state = pole * state + gain * rnd.nextGaussian();
            x[t] += (float) (rms * state);
        }
    }

    /** Adds white Gaussian noise of RMS {@code rms}. */
    static void addWhiteNoise(Random rnd, float[] x, double rms) {
        for (int t = 0; t < x.length; t++) {
            x[t] += (float) (rms * rnd.nextGaussian());
        }
    }

    /** Adds damped-sinusoid "beats" every {@code period} seconds, each beat's time jittered by +-{@code jitter} s. */
    static void addBeats(Random rnd, float[] x, double period, double jitter) {
        double f = 40 + rnd.nextDouble() * 110;
        double amp = 0.5 + rnd.nextDouble();
        for (double t0 = rnd.nextDouble() * period; t0 < x.length / (double) RATE; t0 += period) {
            addBurst(x, t0 + (rnd.nextDouble() * 2 - 1) * jitter, f, amp, 0.03);
        }
    }

    /** Adds amp * exp(-t/decay) * sin(2 pi f t) starting at {@code start} seconds, for 5 decay constants. */
    static void addBurst(float[] x, double start, double f, double amp, double decay) {
        addBurst(x, start, f, amp, decay, 0);
    }

    /** Adds amp * exp(-t/decay) * sin(2 pi f t + phase) from {@code start} seconds, for 5 decay constants. */
    static void addBurst(float[] x, double start, double f, double amp, double decay, double phase) {
        int s = (int) Math.round(start * RATE);
        int len = (int) Math.round(5 * decay * RATE);
        for (int k = 0; k < len; k++) {
            int t = s + k;
            if (t >= 0 && t < x.length) {
                double tt = k / (double) RATE;
                x[t] += (float) (amp * Math.exp(-tt / decay) * Math.sin(2 * Math.PI * f * tt + phase));
            }
        }
    }

    /** Copies {@code length} samples of {@code from} at {@code fromAt} over {@code to} at {@code toAt}, times gain. */
    static void plant(float[] from, int fromAt, float[] to, int toAt, int length, double gain) {
        for (int k = 0; k < length; k++) {
            to[toAt + k] = (float) (gain * from[fromAt + k]);
        }
    }

    /** Removes the mean and scales to peak 1 (the detector's expected input). */
    static float[] normalise(float[] x) {
        double mean = 0;
        for (float v : x) {
            mean += v;
        }
        mean /= Math.max(1, x.length);
        double peak = 0;
        float[] y = new float[x.length];
        for (int t = 0; t < x.length; t++) {
            y[t] = (float) (x[t] - mean);
            peak = Math.max(peak, Math.abs(y[t]));
        }
        if (peak > 0) {
            for (int t = 0; t < y.length; t++) {
                y[t] /= (float) peak;
            }
        }
        return y;
    }
}
