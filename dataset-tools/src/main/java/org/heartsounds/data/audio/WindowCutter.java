package org.heartsounds.data.audio;

import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.AudioSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a signal into fixed-length windows by the rule of {@link AudioSpec.Window}: a signal no longer than one
 * window gives one window, padded at the end; a longer one gives windows starting every hop while they fit, plus,
 * when the samples after the end of the last full window number at least {@code minLastFraction} of a window (and
 * at least one), a final window ending exactly at the signal's end. {@code maxWindows > 0} keeps that many:
 * with {@code select: spread} their starts are evenly spaced from 0 to {@code n - window} (rounded to samples),
 * with {@code select: first} the first ones.
 */
final class WindowCutter {
    /** Upper bound on the samples all windows of one recording may hold together (1 GiB of floats). */
    static final long MAX_TOTAL_SAMPLES = 1L << 28;

    private final AudioSpec.Window spec;
    private final int sampleRate;
    private final int window;
    private final int hop;

    WindowCutter(AudioSpec.Window spec, int sampleRate) {
        this.spec = spec;
        this.sampleRate = sampleRate;
        this.window = (int) Math.round(spec.seconds() * sampleRate);
        this.hop = (int) Math.max(1, Math.round(spec.hopSeconds() * sampleRate));
    }

    int windowSamples() {
        return window;
    }

    int hopSamples() {
        return hop;
    }

    /** Start offsets (in samples) of the windows of a signal of n > 0 samples. */
    int[] starts(int n) {
        if (n <= window) {
            return new int[] {0};
        }
        int limit = spec.maxWindows() > 0 ? spec.maxWindows() : Integer.MAX_VALUE;
        int full = (n - window) / hop + 1;
        int lastEnd = (full - 1) * hop + window;
        int remainder = n - lastEnd;
        boolean extra = remainder > 0 && remainder >= spec.minLastFraction() * window;
        long all = (long) full + (extra ? 1 : 0);
        if (all > limit && spec.select() == AudioSpec.Select.SPREAD) {
            return spread(n, limit);
        }
        int count = (int) Math.min(limit, all);
        int[] starts = new int[count];
        for (int i = 0; i < count; i++) {
            starts[i] = i < full ? i * hop : n - window;
        }
        return starts;
    }

    /**
     * Start offsets of windows beginning at the anchors ({@code anchorSeconds}, e.g. detected S1 times, ascending):
     * every anchor whose window fits, at least one hop after the previous kept one, then {@code maxWindows} of them
     * as {@code select} says. Without anchors, or when none fits, {@link #starts(int)}.
     */
    int[] starts(int n, double[] anchorSeconds) {
        if (anchorSeconds == null || anchorSeconds.length == 0 || n <= window) {
            return starts(n);
        }
        List<Integer> kept = new ArrayList<>();
        for (double t : anchorSeconds) {
            int a = (int) Math.round(t * sampleRate);
            if (a >= 0 && a + window <= n && (kept.isEmpty() || a - kept.get(kept.size() - 1) >= hop)) {
                kept.add(a);
            }
        }
        if (kept.isEmpty()) {
            return starts(n);
        }
        int limit = spec.maxWindows() > 0 ? spec.maxWindows() : Integer.MAX_VALUE;
        int count = Math.min(limit, kept.size());
        int[] starts = new int[count];
        for (int i = 0; i < count; i++) {
            int pick = spec.select() == AudioSpec.Select.SPREAD && count < kept.size()
                    ? (count == 1 ? (kept.size() - 1) / 2 : (int) Math.round(i * (kept.size() - 1) / (double) (count - 1)))
                    : i;
            starts[i] = kept.get(pick);
        }
        return starts;
    }

    /** {@code count} starts evenly spaced over [0, n - window]; one window sits in the middle. */
    private int[] spread(int n, int count) {
        int last = n - window;
        int[] starts = new int[count];
        for (int i = 0; i < count; i++) {
            starts[i] = count == 1 ? last / 2 : (int) Math.round(i * (double) last / (count - 1));
        }
        return starts;
    }

    List<AudioWindow> cut(String recording, float[] x) {
        return cut(recording, x, null);
    }

    List<AudioWindow> cut(String recording, float[] x, double[] anchorSeconds) {
        if (x.length == 0) {
            throw new BadInputException(recording, "no samples left at " + sampleRate + " Hz after resampling");
        }
        if (spec.cycles() > 0 && anchorSeconds != null) {
            List<AudioWindow> cycles = cycleWindows(recording, x, anchorSeconds);
            if (!cycles.isEmpty()) {
                return cycles;
            }
        }
        int[] starts = starts(x.length, anchorSeconds);
        if ((long) starts.length * window > MAX_TOTAL_SAMPLES) {
            throw new BadInputException(recording, "recording too long: " + starts.length + " windows of " + window
                    + " samples exceed the limit of " + MAX_TOTAL_SAMPLES + " samples; set audio.window.max_windows");
        }
        List<AudioWindow> windows = new ArrayList<>(starts.length);
        for (int i = 0; i < starts.length; i++) {
            float[] samples = x.length >= window
                    ? Arrays.copyOfRange(x, starts[i], starts[i] + window)
                    : padded(x);
            windows.add(new AudioWindow(recording, i, starts[i] / (double) sampleRate, samples));
        }
        return List.copyOf(windows);
    }

    /**
     * {@code audio.window.cycles}: windows from an anchor (S1) to the {@code cycles}-th next one, as they are (their
     * length varies with the heart rate; the spectrogram's frames are stretched to the image width, so time is
     * normalised and pitch is not), the spans chosen as {@link #starts(int, double[])} chooses starts (at least a
     * hop apart, then {@code maxWindows} as {@code select} says); spans outside 0.25-2 s per cycle are skipped (a
     * missed or an extra detection). Empty when no span qualifies.
     */
    List<AudioWindow> cycleWindows(String recording, float[] x, double[] anchorSeconds) {
        int n = spec.cycles();
        List<int[]> spans = new ArrayList<>();
        for (int i = 0; i + n < anchorSeconds.length; i++) {
            int a = (int) Math.round(anchorSeconds[i] * sampleRate);
            int b = (int) Math.round(anchorSeconds[i + n] * sampleRate);
            double perCycle = (b - a) / (double) sampleRate / n;
            boolean plausible = perCycle >= 0.25 && perCycle <= 2.0;
            if (a >= 0 && b <= x.length && plausible
                    && (spans.isEmpty() || a - spans.get(spans.size() - 1)[0] >= hop)) {
                spans.add(new int[] {a, b});
            }
        }
        int limit = spec.maxWindows() > 0 ? spec.maxWindows() : Integer.MAX_VALUE;
        int count = Math.min(limit, spans.size());
        List<AudioWindow> windows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int pick = spec.select() == AudioSpec.Select.SPREAD && count < spans.size()
                    ? (count == 1 ? (spans.size() - 1) / 2
                    : (int) Math.round(i * (spans.size() - 1) / (double) (count - 1)))
                    : i;
            int[] span = spans.get(pick);
            windows.add(new AudioWindow(recording, i, span[0] / (double) sampleRate,
                    Arrays.copyOfRange(x, span[0], span[1])));
        }
        return List.copyOf(windows);
    }

    /** The whole (shorter) signal followed by padding up to one window. */
    float[] padded(float[] x) {
        float[] w = Arrays.copyOf(x, window);
        int n = x.length;
        switch (spec.pad()) {
            case ZERO -> { }
            case REPEAT -> {
                for (int i = n; i < window; i++) {
                    w[i] = x[i % n];
                }
            }
            case REFLECT -> {
                int period = 2 * (n - 1);
                for (int i = n; i < window; i++) {
                    int j = period == 0 ? 0 : i % period;
                    w[i] = x[j < n ? j : period - j];
                }
            }
            default -> throw new IllegalStateException("unknown pad mode " + spec.pad());
        }
        return w;
    }
}
