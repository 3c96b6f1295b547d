package org.heartsounds.data.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.heartsounds.core.config.QualitySpec;
import org.heartsounds.data.audio.AudioClip;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Measures a decoded recording (at its own sample rate, before any preprocessing) against {@link QualitySpec}: its
 * length against a share of one window, whether every sample is equal, its RMS level, the share of clipped samples
 * ({@link AudioClip#clippedSamples()}: runs of full-scale samples) and the share of its spectral energy in the
 * heart-sound band (one FFT of the whole recording with JTransforms; not judged for recordings under 0.5 s).
 * Thread-safe.
 */
public final class QualityCheck {
    /** Heart sounds (S1, S2, murmurs) carry most of their energy here. */
    public static final double BAND_LOW_HZ = 20.0;
    public static final double BAND_HIGH_HZ = 400.0;
    /** Longest stretch analysed for the band energy (the middle of longer recordings), in seconds. */
    static final double MAX_BAND_SECONDS = 60.0;
    /** Shortest recording whose band energy is judged, in seconds (ten periods of 20 Hz). */
    static final double MIN_BAND_SECONDS = 0.5;

    private final QualitySpec spec;
    private final double windowSeconds;

    /**
     * @param windowSeconds {@code audio.window.seconds}: the {@code short} check is relative to it
     */
    public QualityCheck(QualitySpec spec, double windowSeconds) {
        this.spec = spec;
        this.windowSeconds = windowSeconds;
    }

    public RecordingQuality check(AudioClip clip) {
        float[] x = clip.samples();
        int n = x.length;
        double seconds = clip.durationSeconds();
        List<QualityFlag> flags = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        double minSeconds = spec.minWindowFraction() * windowSeconds;
        if (seconds < minSeconds) {
            flags.add(QualityFlag.SHORT);
            reasons.add(String.format(Locale.ROOT, "short (%.2f s, below %.2f s = %.2f of a %.2f s window)", seconds,
                    minSeconds, spec.minWindowFraction(), windowSeconds));
        }
        boolean constant = n > 0;
        for (int i = 1; i < n && constant; i++) {
            constant = x[i] == x[0];
        }
        double mean = 0;
        for (float v : x) {
            mean += v;
        }
        mean = n == 0 ? 0 : mean / n;
        double sq = 0;
        for (float v : x) {
            sq += (v - mean) * (v - mean);
        }
        double rms = n == 0 ? 0 : Math.sqrt(sq / n);
        double rmsDbfs = rms > 0 ? 20 * Math.log10(rms) : Double.NEGATIVE_INFINITY;
        if (constant && x[0] != 0f) {
            flags.add(QualityFlag.CONSTANT);
            reasons.add(String.format(Locale.ROOT, "constant (every sample %.6f)", x[0]));
        } else if (rmsDbfs < spec.silenceDbfs()) {
            flags.add(QualityFlag.SILENT);
            reasons.add(String.format(Locale.ROOT, "silent (RMS %s dBFS, below %.1f dBFS)", RecordingQuality.db(rmsDbfs),
                    spec.silenceDbfs()));
        }
        double clipped = n == 0 ? 0 : clip.clippedSamples() / (double) n;
        if (clipped > spec.maxClippedFraction()) {
            flags.add(QualityFlag.CLIPPED);
            reasons.add(String.format(Locale.ROOT, "clipped (%.2f %% of samples in flat full-scale runs, above %.2f %%)",
                    100 * clipped, 100 * spec.maxClippedFraction()));
        }
        boolean longEnough = seconds >= MIN_BAND_SECONDS; // a spectrum needs some cycles of the lowest frequency
        double band = rms > 0 && longEnough ? heartBandFraction(x, mean, clip.sampleRate()) : Double.NaN;
        if (band < spec.minHeartBandFraction()) {
            flags.add(QualityFlag.NOT_HEART_BAND);
            reasons.add(String.format(Locale.ROOT, "not a heart sound by its spectrum (%.0f %% of the energy in "
                    + "%.0f-%.0f Hz, below %.0f %%)", 100 * band, BAND_LOW_HZ, BAND_HIGH_HZ,
                    100 * spec.minHeartBandFraction()));
        }
        return new RecordingQuality(seconds, rmsDbfs, clipped, band, flags, reasons);
    }

    /** Energy in [20, 400] Hz over energy above 20 Hz, from one real FFT; NaN when there is none above 20 Hz. */
    static double heartBandFraction(float[] x, double mean, int sampleRate) {
        int len = (int) Math.min(x.length, Math.round(MAX_BAND_SECONDS * sampleRate));
        int from = (x.length - len) / 2;
        double[] a = new double[len];
        for (int i = 0; i < len; i++) {
            a[i] = x[from + i] - mean;
        }
        new DoubleFFT_1D(len).realForward(a);
        double band = 0;
        double total = 0;
        int bins = len / 2;
        for (int k = 1; k <= bins; k++) {
            double power;
            if (k == bins && len % 2 == 0) {
                power = a[1] * a[1]; // JTransforms' packing: Re[n/2] in a[1] for even n
            } else if (k == bins) {
                power = a[len - 1] * a[len - 1] + a[1] * a[1]; // odd n: Re in a[n-1], Im in a[1]
            } else {
                power = a[2 * k] * a[2 * k] + a[2 * k + 1] * a[2 * k + 1];
            }
            double hz = k * (double) sampleRate / len;
            if (hz >= BAND_LOW_HZ) {
                total += power;
                if (hz <= BAND_HIGH_HZ) {
                    band += power;
                }
            }
        }
        return total > 0 ? band / total : Double.NaN;
    }
}
