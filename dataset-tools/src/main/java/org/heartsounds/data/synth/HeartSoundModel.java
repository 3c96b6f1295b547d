package org.heartsounds.data.synth;

import org.heartsounds.data.audio.BandPassFilter;
import org.heartsounds.data.synth.SyntheticHeartSounds.Beat;
import org.heartsounds.data.synth.SyntheticHeartSounds.Condition;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one synthetic recording (see {@link SyntheticHeartSounds} for the model). Every transcendental function
 * is {@link StrictMath} and all randomness comes from one {@link Rng}, so the output depends only on the seed.
 */
final class HeartSoundModel {
    /** The lesions, each with the factor its murmur's loudness is scaled by (1 for the single-class data set). */
    private final Map<Condition, Double> lesions;
    private final int fs;
    private final Rng rng;
    private final float[] x;
    /** Loudness factor of the murmur being added. */
    private double scale = 1.0;

    private HeartSoundModel(Map<Condition, Double> lesions, int fs, int n, Rng rng) {
        this.lesions = lesions;
        this.fs = fs;
        this.rng = rng;
        this.x = new float[n];
    }

    static SyntheticHeartSounds.Recording generate(Condition condition, int fs, double minSeconds,
                                                   double maxSeconds, Rng rng) {
        Map<Condition, Double> lesions = new EnumMap<>(Condition.class);
        if (condition != Condition.N) {
            lesions.put(condition, 1.0);
        }
        return generate(condition, lesions, fs, minSeconds, maxSeconds, rng);
    }

    /**
     * A recording with every murmur of {@code lesions} (none: a normal heart), each scaled by its factor (how loud
     * the lesion is at the recording's site), added in {@link Condition} order.
     *
     * @param label the recording's {@link SyntheticHeartSounds.Recording#condition()}
     */
    static SyntheticHeartSounds.Recording generate(Condition label, Map<Condition, Double> lesions, int fs,
                                                   double minSeconds, double maxSeconds, Rng rng) {
        long lo = (long) Math.ceil(minSeconds * fs);
        long hi = (long) Math.floor(maxSeconds * fs);
        int n = (int) Math.max(lo, Math.min(hi, Math.round(rng.uniform(minSeconds, maxSeconds) * fs)));
        HeartSoundModel m = new HeartSoundModel(new EnumMap<>(lesions.isEmpty() ? Map.of(Condition.N, 1.0)
                : lesions), fs, n, rng);
        List<Beat> beats = m.beats(n / (double) fs);
        m.heartSounds(beats);
        m.murmurs(beats);
        m.background();
        m.scaleToPeak(rng.uniform(0.3, 0.9));
        return new SyntheticHeartSounds.Recording(label, m.x, fs, beats);
    }

    /** Cardiac cycles covering the recording; the first S1 lies up to one period before the start. */
    private List<Beat> beats(double seconds) {
        double bpm = rng.uniform(58, 92);
        double period = 60.0 / bpm;
        double t = -rng.uniform(0, period);
        List<Beat> beats = new ArrayList<>();
        while (t < seconds) {
            double p = period * clamp(1 + 0.03 * rng.gaussian(), 0.92, 1.08);
            double systole = 0.33 * StrictMath.sqrt(p) * clamp(1 + 0.03 * rng.gaussian(), 0.94, 1.06);
            beats.add(new Beat(t, t + systole, t + p));
            t += p;
        }
        return List.copyOf(beats);
    }

    /** S1 (mitral + tricuspid components) and S2 (aortic + pulmonary components) as damped tone bursts. */
    private void heartSounds(List<Beat> beats) {
        double s1Loudness = lesions.containsKey(Condition.MS) ? 1.3 : 1.0;
        double s1Hz = rng.uniform(45, 75);
        double s2Hz = rng.uniform(85, 140);
        double s2Level = rng.uniform(0.5, 0.75);
        for (Beat b : beats) {
            double a = s1Loudness * rng.uniform(0.9, 1.1);
            burst(b.s1(), a, s1Hz * rng.uniform(0.95, 1.05), rng.uniform(0.016, 0.024));
            burst(b.s1() + rng.uniform(0.015, 0.03), 0.5 * a, s1Hz * 1.2, rng.uniform(0.014, 0.02));
            double a2 = s2Level * rng.uniform(0.9, 1.1);
            burst(b.s2(), a2, s2Hz * rng.uniform(0.95, 1.05), rng.uniform(0.010, 0.016));
            burst(b.s2() + rng.uniform(0.015, 0.04), 0.5 * a2, s2Hz * 0.9, rng.uniform(0.010, 0.014));
        }
    }

    private void murmurs(List<Beat> beats) {
        for (Map.Entry<Condition, Double> lesion : lesions.entrySet()) {
            scale = lesion.getValue();
            murmur(lesion.getKey(), beats);
        }
        scale = 1.0;
    }

    private void murmur(Condition condition, List<Beat> beats) {
        switch (condition) {
            case AS -> aorticStenosis(beats);
            case MR -> mitralRegurgitation(beats);
            case MS -> mitralStenosis(beats);
            case MVP -> mitralValveProlapse(beats);
            case N -> { }
            default -> throw new IllegalStateException("no murmur model for " + condition);
        }
    }

    /** Crescendo-decrescendo (diamond) ejection murmur between S1 and S2, 100-400 Hz. */
    private void aorticStenosis(List<Beat> beats) {
        float[] noise = bandNoise(100, 400);
        double level = rng.uniform(0.10, 0.20);
        double peakAt = rng.uniform(0.35, 0.5);
        for (Beat b : beats) {
            double start = b.s1() + 0.04;
            double end = b.s2() - 0.02;
            addShaped(noise, start, end, level, u -> u < peakAt ? u / peakAt : (1 - u) / (1 - peakAt));
        }
    }

    /** Holosystolic plateau murmur from S1 into S2, 150-600 Hz. */
    private void mitralRegurgitation(List<Beat> beats) {
        float[] noise = bandNoise(150, 600);
        double level = rng.uniform(0.07, 0.14);
        for (Beat b : beats) {
            double start = b.s1() + 0.01;
            double end = b.s2() + 0.01;
            double ramp = 0.015 / (end - start);
            addShaped(noise, start, end, level, u -> Math.min(1, Math.min(u, 1 - u) / ramp));
        }
    }

    /** Opening snap, then a low (40-120 Hz) diastolic rumble decaying through diastole, with a presystolic accent. */
    private void mitralStenosis(List<Beat> beats) {
        float[] noise = bandNoise(40, 120);
        double level = rng.uniform(0.12, 0.25);
        double snapDelay = rng.uniform(0.06, 0.10);
        double snapHz = rng.uniform(150, 250);
        for (Beat b : beats) {
            double snap = b.s2() + snapDelay;
            burst(snap, scale * rng.uniform(0.3, 0.45), snapHz, 0.008);
            double start = snap + 0.02;
            double end = b.nextS1() - 0.01;
            double length = end - start;
            if (length <= 0.05) {
                continue;
            }
            double accent = Math.min(0.15, length / 3) / length;
            addShaped(noise, start, end, level, u -> {
                double decay = 0.35 + 0.65 * StrictMath.exp(-u * length / 0.15);
                double presystolic = u > 1 - accent ? 1.3 * (u - (1 - accent)) / accent : 0;
                return Math.min(1.3, decay + presystolic) * Math.min(1, u * length / 0.01);
            });
        }
    }

    /** Mid-systolic click followed by a crescendo late-systolic murmur up to S2, 150-500 Hz. */
    private void mitralValveProlapse(List<Beat> beats) {
        float[] noise = bandNoise(150, 500);
        double level = rng.uniform(0.08, 0.16);
        double clickAt = rng.uniform(0.40, 0.55);
        double clickHz = rng.uniform(180, 300);
        for (Beat b : beats) {
            double click = b.s1() + clickAt * (b.s2() - b.s1());
            burst(click, scale * rng.uniform(0.35, 0.5), clickHz, 0.006);
            addShaped(noise, click + 0.02, b.s2(), level, u -> 0.3 + 0.7 * u);
        }
    }

    /** White noise (sensor, room) and slow baseline wander (breathing, movement). */
    private void background() {
        double white = rng.uniform(0.004, 0.025);
        double wander = rng.uniform(0.0, 0.08);
        double wanderHz = rng.uniform(0.15, 0.5);
        double phase = rng.uniform(0, 2 * Math.PI);
        for (int i = 0; i < x.length; i++) {
            double t = i / (double) fs;
            x[i] += (float) (white * rng.gaussian() + wander * StrictMath.sin(2 * Math.PI * wanderHz * t + phase));
        }
    }

    /** Adds amp * (1 - e^(-t/2ms)) e^(-t/tau) sin(2 pi hz t + phi) from {@code at} for 8 tau. */
    private void burst(double at, double amp, double hz, double tau) {
        double phase = rng.uniform(0, 2 * Math.PI);
        int from = (int) Math.ceil(at * fs);
        int to = (int) Math.min(x.length, Math.ceil((at + 8 * tau) * fs));
        for (int i = Math.max(0, from); i < to; i++) {
            double t = i / (double) fs - at;
            double env = (1 - StrictMath.exp(-t / 0.002)) * StrictMath.exp(-t / tau);
            x[i] += (float) (amp * env * StrictMath.sin(2 * Math.PI * hz * t + phase));
        }
    }

    /** Adds level * shape(u) * noise over [start, end), u running from 0 to 1 across the interval. */
    private void addShaped(float[] noise, double start, double end, double level, Shape shape) {
        int from = Math.max(0, (int) Math.ceil(start * fs));
        int to = (int) Math.min(x.length, Math.ceil(end * fs));
        double span = (end - start) * fs;
        for (int i = from; i < to; i++) {
            double u = (i - start * fs) / span;
            x[i] += (float) (scale * level * shape.at(u) * noise[i]);
        }
    }

    /** Unit-RMS Gaussian noise band-passed (Butterworth order 2, zero-phase) to [lo, hi] Hz. */
    private float[] bandNoise(double lo, double hi) {
        float[] w = new float[x.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rng.gaussian();
        }
        float[] band = new BandPassFilter(lo, Math.min(hi, 0.45 * fs), 2, fs).filtfilt(w);
        double sum = 0;
        for (float v : band) {
            sum += (double) v * v;
        }
        double scale = sum > 0 ? 1 / Math.sqrt(sum / band.length) : 0;
        for (int i = 0; i < band.length; i++) {
            band[i] = (float) (band[i] * scale);
        }
        return band;
    }

    private void scaleToPeak(double target) {
        double peak = 0;
        for (float v : x) {
            peak = Math.max(peak, Math.abs(v));
        }
        if (peak == 0) {
            return;
        }
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (x[i] * target / peak);
        }
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    @FunctionalInterface
    private interface Shape {
        double at(double u);
    }
}
