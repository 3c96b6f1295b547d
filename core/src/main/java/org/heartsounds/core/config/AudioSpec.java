package org.heartsounds.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Preprocessing of a decoded recording, applied in this order: mix-down to mono (always), DC removal, optional
 * band-pass, resampling to {@code sampleRate} (windowed-sinc, anti-aliased), peak normalisation, windowing; and the
 * training-only waveform variants of every window ({@link Augment}).
 */
public record AudioSpec(int sampleRate, boolean removeDc, BandPass bandPass, Normalize normalize, Window window,
                        Augment augment) {
    public AudioSpec {
        if (augment == null) {
            augment = Augment.none();
        }
        if (sampleRate < 500 || sampleRate > 192_000) {
            throw new IllegalArgumentException("audio.sample_rate must be in [500, 192000], got " + sampleRate);
        }
        if (bandPass == null) {
            bandPass = BandPass.defaults();
        }
        if (normalize == null) {
            normalize = Normalize.PEAK;
        }
        if (window == null) {
            window = Window.defaults();
        }
        if (bandPass.enabled() && bandPass.highHz() >= sampleRate / 2.0) {
            throw new IllegalArgumentException("audio.band_pass.high_hz (" + bandPass.highHz()
                    + ") must be below the Nyquist frequency of audio.sample_rate (" + sampleRate / 2.0 + ")");
        }
    }

    /** Preprocessing without waveform variants. */
    public AudioSpec(int sampleRate, boolean removeDc, BandPass bandPass, Normalize normalize, Window window) {
        this(sampleRate, removeDc, bandPass, normalize, window, Augment.none());
    }

    public static AudioSpec defaults() {
        return new AudioSpec(4000, true, BandPass.defaults(), Normalize.PEAK, Window.defaults(), Augment.none());
    }

    /**
     * The preprocessing a trained model needs at inference: these settings without the training-only waveform
     * variants (two recipes that differ only in {@code audio.augment} make the same images to predict from).
     */
    public AudioSpec forInference() {
        return withAugment(Augment.none());
    }

    /** The same preprocessing with other waveform variants. */
    public AudioSpec withAugment(Augment a) {
        return new AudioSpec(sampleRate, removeDc, bandPass, normalize, window, a);
    }

    /**
     * Training-only waveform variants ({@code audio.augment}): {@code data prepare} renders {@code copies} variants of
     * every window into {@code augmented/} (the windows of every recording, since cross-validation decides later
     * which recordings train), and each training epoch shows every training window either as itself or as one of
     * its variants, drawn uniformly. Validation and test windows are never replaced. Each variant applies, in this
     * order:
     * <ul>
     *   <li>speed perturbation (Ko et al. 2015): the window resampled by a factor drawn uniformly from
     *       {@code [1 - speed, 1 + speed]} in steps of 0.01 (windowed-sinc, anti-aliased), so heart rate and pitch
     *       scale together, continued circularly to the window's length (heart sounds are quasi-periodic);</li>
     *   <li>additive white Gaussian noise at a signal-to-noise ratio drawn uniformly from
     *       {@code [snrMinDb, snrMaxDb]} dB against the window's own power ({@code noise: true}).</li>
     * </ul>
     * A gain is not offered: spectrograms are in dB relative to each window's maximum, so a gain changes nothing.
     * The variant of window {@code w}, copy {@code c} of a recording is a function of the recipe's seed, the
     * recording id, {@code w} and {@code c} alone, so preparing again gives the same bytes.
     */
    public record Augment(int copies, boolean noise, double snrMinDb, double snrMaxDb, double speed) {
        public Augment {
            if (copies < 0 || copies > 16) {
                throw new IllegalArgumentException("audio.augment.copies must be in [0, 16], got " + copies);
            }
            if (!(snrMinDb >= -20 && snrMinDb <= snrMaxDb && snrMaxDb <= 80)) {
                throw new IllegalArgumentException("audio.augment needs -20 <= snr_min_db <= snr_max_db <= 80, got "
                        + snrMinDb + " and " + snrMaxDb);
            }
            if (!(speed >= 0 && speed <= 0.5)) {
                throw new IllegalArgumentException("audio.augment.speed must be in [0, 0.5], got " + speed);
            }
            if (copies > 0 && !noise && speed < 0.01) {
                throw new IllegalArgumentException("audio.augment.copies is " + copies + " but no variant would "
                        + "differ from its window: set noise: true and/or speed >= 0.01");
            }
        }

        public static Augment none() {
            return new Augment(0, false, 10.0, 30.0, 0.0);
        }

        /** Whether prepare renders variants. */
        public boolean enabled() {
            return copies > 0;
        }
    }

    /** Amplitude normalisation: scale so the largest absolute sample is 1 (silence stays silence), or leave. */
    public enum Normalize {
        @JsonProperty("peak") PEAK,
        @JsonProperty("none") NONE
    }

    /** Butterworth band-pass (zero-phase, applied forwards and backwards). */
    public record BandPass(boolean enabled, double lowHz, double highHz, int order) {
        public BandPass {
            if (lowHz <= 0 || highHz <= lowHz) {
                throw new IllegalArgumentException("audio.band_pass needs 0 < low_hz < high_hz, got "
                        + lowHz + " and " + highHz);
            }
            if (order < 1 || order > 8) {
                throw new IllegalArgumentException("audio.band_pass.order must be in [1, 8], got " + order);
            }
        }

        public static BandPass defaults() {
            return new BandPass(false, 25.0, 800.0, 4);
        }
    }

    /**
     * Fixed-length windows. A recording shorter than {@code seconds} gives one window, padded at the end by
     * {@code pad}. A longer one gives windows starting every {@code hopSeconds} (a hop longer than the window skips
     * the audio between windows); when the remainder after the last full window is at least
     * {@code minLastFraction} of a window, one more window is taken that ends exactly at the recording's end (so no
     * window of a long recording is ever padded). {@code maxWindows} = 0: no limit; otherwise, when a recording
     * gives more windows, {@code select} keeps {@code maxWindows} of them spread evenly from its start to its end
     * ({@code spread}, the default) or the first ones ({@code first}). {@code align: s1} starts windows at the detected
     * first heart sounds instead (each S1 whose window fits, at least {@code hopSeconds} apart, then
     * {@code maxWindows} as above), so every window begins a cardiac cycle; a recording with no S1 found falls back
     * to the hop rule. With {@code align: s1}, {@code cycles: N > 0} makes every window span exactly N cardiac cycles,
     * from one detected S1 to the N-th next (only spans of 0.25-2 s per cycle, 30-240 beats per minute, at least
     * {@code hopSeconds} apart); the window keeps its own length and its spectrogram's frames are stretched to the
     * image width, so every image holds the same number of beats whatever the heart rate, at unchanged pitch
     * ({@code seconds} then only rules the fallback). A recording with fewer than N + 1 usable S1s falls back to the
     * rules above.
     */
    public record Window(double seconds, double hopSeconds, Pad pad, double minLastFraction, int maxWindows,
                         Select select, Align align, int cycles) {
        public Window {
            if (cycles < 0 || cycles > 16) {
                throw new IllegalArgumentException("audio.window.cycles must be in [0, 16], got " + cycles);
            }
            if (cycles > 0 && align != Align.S1) {
                throw new IllegalArgumentException("audio.window.cycles (" + cycles + ") needs audio.window.align: "
                        + "s1, which finds the cycles");
            }
            if (!(seconds > 0.05 && seconds <= 600)) {
                throw new IllegalArgumentException("audio.window.seconds must be in (0.05, 600], got " + seconds);
            }
            if (!(hopSeconds > 0 && hopSeconds <= 600)) {
                throw new IllegalArgumentException("audio.window.hop_seconds must be in (0, 600], got "
                        + hopSeconds);
            }
            if (select == null) {
                select = Select.SPREAD;
            }
            if (align == null) {
                align = Align.NONE;
            }
            if (pad == null) {
                pad = Pad.ZERO;
            }
            if (!(minLastFraction >= 0 && minLastFraction <= 1)) {
                throw new IllegalArgumentException("audio.window.min_last_fraction must be in [0, 1], got "
                        + minLastFraction);
            }
            if (maxWindows < 0) {
                throw new IllegalArgumentException("audio.window.max_windows must be >= 0, got " + maxWindows);
            }
        }

        public static Window defaults() {
            return new Window(2.0, 1.0, Pad.ZERO, 0.5, 0, Select.SPREAD, Align.NONE, 0);
        }

        /** Windows of fixed length (no cycle normalisation). */
        public Window(double seconds, double hopSeconds, Pad pad, double minLastFraction, int maxWindows,
                      Select select, Align align) {
            this(seconds, hopSeconds, pad, minLastFraction, maxWindows, select, align, 0);
        }

        /** The same windows without heart-sound alignment, {@code maxWindows} kept as {@code select} says. */
        public Window(double seconds, double hopSeconds, Pad pad, double minLastFraction, int maxWindows,
                      Select select) {
            this(seconds, hopSeconds, pad, minLastFraction, maxWindows, select, Align.NONE);
        }
    }

    /** Where windows start: every hop from the recording's start, or at the detected first heart sounds. */
    public enum Align {
        @JsonProperty("none") NONE,
        @JsonProperty("s1") S1
    }

    /** Which windows {@code max_windows} keeps of a recording that gives more. */
    public enum Select {
        /** evenly spaced starts from the recording's start to its end */
        @JsonProperty("spread") SPREAD,
        /** the first ones */
        @JsonProperty("first") FIRST
    }

    /** How a recording shorter than one window is filled up. */
    public enum Pad {
        /** silence after the recording */
        @JsonProperty("zero") ZERO,
        /** the recording repeated (heart sounds are periodic) */
        @JsonProperty("repeat") REPEAT,
        /** mirrored continuation without repeating the edge sample */
        @JsonProperty("reflect") REFLECT
    }
}
