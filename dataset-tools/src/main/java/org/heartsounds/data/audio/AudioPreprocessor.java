package org.heartsounds.data.audio;

import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.AudioSpec;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a decoded (mono) recording into what the spectrogram stage consumes, following an {@link AudioSpec}:
 * DC removal (subtract the mean) -&gt; optional Butterworth band-pass (zero-phase, at the recording's own rate)
 * -&gt; resampling to {@code spec.sampleRate()} ({@link Resampler}) -&gt; peak normalisation -&gt; fixed-length
 * windows (rule in {@link AudioSpec.Window}).
 *
 * <p>The stages are public so callers (benchmarks, tools) can run and time them separately; {@link #process} and
 * {@link #windows} chain them. Stages marked "in place" modify and return the array given; the others return a
 * new array. {@link #process} never modifies the clip's array. Instances are immutable apart from a cache of
 * band-pass filters per source rate, and are thread-safe.
 */
public final class AudioPreprocessor {
    /** Peaks below this (about -180 dBFS, under a 32-bit PCM step) count as silence and are not scaled up. */
    public static final double SILENCE_PEAK = 1e-9;

    private final AudioSpec spec;
    private final WindowCutter cutter;
    private final Map<Integer, BandPassFilter> filters = new ConcurrentHashMap<>();

    public AudioPreprocessor(AudioSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.cutter = new WindowCutter(spec.window(), spec.sampleRate());
    }

    public AudioSpec spec() {
        return spec;
    }

    /** Target sample rate of the preprocessed signal. */
    public int sampleRate() {
        return spec.sampleRate();
    }

    /** Samples in every window: round(window.seconds * sampleRate). */
    public int windowSamples() {
        return cutter.windowSamples();
    }

    /** Samples between window starts: round(window.hop_seconds * sampleRate), at least 1. */
    public int hopSamples() {
        return cutter.hopSamples();
    }

    /** The full preprocessed signal at {@link #sampleRate()}; the clip is not modified. */
    public float[] process(AudioClip clip) {
        float[] x = clip.samples().clone();
        if (spec.removeDc()) {
            removeDc(x);
        }
        if (spec.bandPass().enabled()) {
            x = bandPass(x, clip.sampleRate(), clip.source());
        }
        x = resample(x, clip.sampleRate());
        if (spec.normalize() == AudioSpec.Normalize.PEAK) {
            normalize(x);
        }
        return x;
    }

    /** {@link #process} followed by {@link #cut}, windows named after the clip's source. */
    public List<AudioWindow> windows(AudioClip clip) {
        return cut(clip.source(), process(clip));
    }

    /** In place: subtracts the mean (computed in double precision). A constant signal becomes exact zeros. */
    public static float[] removeDc(float[] x) {
        if (x.length == 0) {
            return x;
        }
        double sum = 0;
        for (float v : x) {
            sum += v;
        }
        double mean = sum / x.length;
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (x[i] - mean);
        }
        return x;
    }

    /**
     * The spec's band-pass applied zero-phase at {@code sampleRate} (new array), or {@code x} itself when the
     * band-pass is disabled.
     *
     * @throws BadInputException when {@code sampleRate} is too low for the band's upper edge
     */
    public float[] bandPass(float[] x, int sampleRate, String source) {
        AudioSpec.BandPass bp = spec.bandPass();
        if (!bp.enabled()) {
            return x;
        }
        if (bp.highHz() >= sampleRate / 2.0) {
            throw new BadInputException(source, "sample rate " + sampleRate + " Hz is too low for the band-pass up to "
                    + bp.highHz() + " Hz (needs more than " + 2 * bp.highHz() + " Hz)");
        }
        return filters.computeIfAbsent(sampleRate, r -> BandPassFilter.of(bp, r)).filtfilt(x);
    }

    /** Resampled from {@code fromRate} to {@link #sampleRate()} (new array), or {@code x} itself at equal rates. */
    public float[] resample(float[] x, int fromRate) {
        if (fromRate == spec.sampleRate()) {
            return x;
        }
        return Resampler.forRates(fromRate, spec.sampleRate()).process(x);
    }

    /**
     * In place: scales so the largest absolute sample is 1. Silence (peak below {@link #SILENCE_PEAK}) is left
     * as it is, so nothing is divided by zero.
     */
    public static float[] normalize(float[] x) {
        float peak = 0;
        for (float v : x) {
            peak = Math.max(peak, Math.abs(v));
        }
        if (!(peak >= SILENCE_PEAK) || Float.isInfinite(peak)) {
            return x;
        }
        for (int i = 0; i < x.length; i++) {
            x[i] /= peak; // division, not a reciprocal multiply, so the peak becomes exactly 1
        }
        return x;
    }

    /**
     * Fixed-length windows of a signal already at {@link #sampleRate()}. Every window has exactly
     * {@link #windowSamples()} samples.
     *
     * @throws BadInputException when the signal is empty or would need more than 2^28 window samples in total
     */
    public List<AudioWindow> cut(String recording, float[] x) {
        return cutter.cut(recording, x);
    }

    /**
     * {@link #cut(String, float[])} with windows starting at {@code anchorSeconds} (ascending; e.g. detected S1
     * times) when {@code audio.window.align} asks for it; null or empty: the hop rule.
     */
    public List<AudioWindow> cut(String recording, float[] x, double[] anchorSeconds) {
        return cutter.cut(recording, x, spec.window().align() == AudioSpec.Align.NONE ? null : anchorSeconds);
    }

    /** Start offsets in samples of the windows {@link #cut} makes from a signal of {@code n >= 1} samples. */
    public int[] windowStarts(int n) {
        return cutter.starts(n);
    }
}
