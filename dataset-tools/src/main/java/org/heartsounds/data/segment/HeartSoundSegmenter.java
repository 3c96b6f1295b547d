package org.heartsounds.data.segment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.heartsounds.core.config.AudioSpec;
import org.heartsounds.data.audio.AudioClip;
import org.heartsounds.data.audio.BandPassFilter;
import org.heartsounds.data.audio.Resampler;

/**
 * Finds S1 and S2 in a heart-sound recording by its Shannon-energy envelope, the classic envelope method (Liang,
 * Lukkarinen and Hartimo 1997): resample to {@value #RATE} Hz, Butterworth band-pass 25-400 Hz (zero-phase),
 * normalise to a peak of 1, Shannon energy {@code -x² log x²}, a {@value #SMOOTH_MS} ms moving average, standardise;
 * every local maximum above the mean is a candidate, taken greedily from the highest while at least
 * {@value #MIN_GAP_MS} ms from every sound already taken. Labels follow the heart's timing: systole (S1 to S2) is
 * shorter than diastole (S2 to the next S1) at resting rates, so a sound followed by a shorter interval than the one
 * before it is S1. Hand-written: no maintained Java library segments heart sounds.
 */
public final class HeartSoundSegmenter {
    /** Analysis rate in Hz: enough for the 25-400 Hz band. */
    public static final int RATE = 2000;
    static final int SMOOTH_MS = 20;
    static final int MIN_GAP_MS = 150;

    private final BandPassFilter filter = BandPassFilter.of(new AudioSpec.BandPass(true, 25, 400, 4), RATE);

    /** The heart sounds of a decoded recording, in time order; empty for silence or a recording under 0.3 s. */
    public List<HeartSound> segment(AudioClip clip) {
        float[] x = clip.sampleRate() == RATE ? clip.samples().clone()
                : Resampler.forRates(clip.sampleRate(), RATE).process(clip.samples());
        if (x.length < 0.3 * RATE) {
            return List.of();
        }
        double mean = 0;
        for (float v : x) {
            mean += v;
        }
        mean /= x.length;
        for (int i = 0; i < x.length; i++) {
            x[i] -= (float) mean;
        }
        x = filter.filtfilt(x);
        double peak = 0;
        for (float v : x) {
            peak = Math.max(peak, Math.abs(v));
        }
        if (!(peak > 1e-9)) {
            return List.of();
        }
        double[] env = envelope(x, peak);
        List<Integer> peaks = peaks(env);
        return label(peaks, env);
    }

    /** Standardised, smoothed Shannon energy of the peak-normalised signal. */
    static double[] envelope(float[] x, double peak) {
        int n = x.length;
        double[] se = new double[n];
        for (int i = 0; i < n; i++) {
            double s = x[i] / peak;
            double s2 = s * s;
            se[i] = s2 > 0 ? -s2 * Math.log(s2) : 0;
        }
        int w = SMOOTH_MS * RATE / 1000;
        double[] env = new double[n];
        double sum = 0;
        int half = w / 2;
        // centred moving average of w samples, as numpy's convolve(..., 'same')
        for (int i = 0; i < Math.min(n, w - half); i++) {
            sum += se[i];
        }
        for (int i = 0; i < n; i++) {
            env[i] = sum / w;
            int add = i + w - half;
            int drop = i - half;
            if (add < n) {
                sum += se[add];
            }
            if (drop >= 0) {
                sum -= se[drop];
            }
        }
        double m = Arrays.stream(env).average().orElse(0);
        double var = 0;
        for (double v : env) {
            var += (v - m) * (v - m);
        }
        double sd = Math.sqrt(var / n);
        for (int i = 0; i < n; i++) {
            env[i] = sd > 0 ? (env[i] - m) / sd : 0;
        }
        return env;
    }

    /** Local maxima above 0, taken from the highest while {@value #MIN_GAP_MS} ms from each taken one; in order. */
    static List<Integer> peaks(double[] env) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 1; i + 1 < env.length; i++) {
            if (env[i] > 0 && env[i] >= env[i - 1] && env[i] > env[i + 1]) {
                candidates.add(i);
            }
        }
        candidates.sort(Comparator.comparingDouble((Integer i) -> -env[i]).thenComparingInt(i -> i));
        int gap = MIN_GAP_MS * RATE / 1000;
        java.util.TreeSet<Integer> taken = new java.util.TreeSet<>();
        for (int i : candidates) {
            Integer lower = taken.floor(i);
            Integer higher = taken.ceiling(i);
            if ((lower == null || i - lower > gap) && (higher == null || higher - i > gap)) {
                taken.add(i);
            }
        }
        return new ArrayList<>(taken);
    }

    /** S1 where the interval to the next sound is shorter than the one before (ends: against the median). */
    static List<HeartSound> label(List<Integer> peaks, double[] env) {
        int n = peaks.size();
        double[] t = new double[n];
        for (int k = 0; k < n; k++) {
            t[k] = peaks.get(k) / (double) RATE;
        }
        double[] gaps = new double[Math.max(0, n - 1)];
        for (int k = 0; k + 1 < n; k++) {
            gaps[k] = t[k + 1] - t[k];
        }
        double median = gaps.length == 0 ? 0 : median(gaps);
        List<HeartSound> sounds = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            boolean s1;
            if (k > 0 && k + 1 < n) {
                s1 = gaps[k] < gaps[k - 1];
            } else if (k + 1 < n) {
                s1 = gaps[k] < median;
            } else if (k > 0) {
                s1 = !(gaps[k - 1] < median);
            } else {
                s1 = true;
            }
            sounds.add(new HeartSound(t[k], s1 ? HeartSound.Kind.S1 : HeartSound.Kind.S2, env[peaks.get(k)]));
        }
        return List.copyOf(sounds);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
