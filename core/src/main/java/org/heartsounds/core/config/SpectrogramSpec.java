package org.heartsounds.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.heartsounds.core.BadInputException;

/**
 * Log-mel spectrogram rendered as the network's input image: STFT (periodic window, frames centred with
 * reflect padding) → power → mel filterbank (Slaney scale and area normalisation, as librosa's default) → dB
 * relative to the window's maximum, floored at {@code -topDb} → optional per-band normalisation ({@link BandNorm})
 * → bilinear resize to {@code width}×{@code height} (low frequencies at the bottom) → colormap → RGB PNG with no axes
 * or margins.
 */
public record SpectrogramSpec(int nFft, int winLength, int hopLength, WindowFunction window, int nMels, double fmin,
                              double fmax, double topDb, Colormap colormap, int width, int height, BandNorm bandNorm) {
    public SpectrogramSpec {
        if (bandNorm == null) {
            bandNorm = BandNorm.NONE;
        }
        if (nFft < 16 || Integer.bitCount(nFft) != 1) {
            throw new IllegalArgumentException("spectrogram.n_fft must be a power of two >= 16, got " + nFft);
        }
        if (winLength <= 0 || winLength > nFft) {
            throw new IllegalArgumentException("spectrogram.win_length must be in [1, n_fft], got " + winLength);
        }
        if (hopLength <= 0) {
            throw new IllegalArgumentException("spectrogram.hop_length must be > 0, got " + hopLength);
        }
        if (window == null) {
            window = WindowFunction.HANN;
        }
        if (nMels < 1 || nMels > 1024) {
            throw new IllegalArgumentException("spectrogram.n_mels must be in [1, 1024], got " + nMels);
        }
        if (fmin < 0 || fmax <= fmin) {
            throw new IllegalArgumentException("spectrogram needs 0 <= fmin < fmax, got " + fmin + " and " + fmax);
        }
        if (!(topDb > 0)) {
            throw new IllegalArgumentException("spectrogram.top_db must be > 0, got " + topDb);
        }
        if (colormap == null) {
            colormap = Colormap.VIRIDIS;
        }
        if (width < 8 || width > 4096 || height < 8 || height > 4096) {
            throw new IllegalArgumentException("spectrogram width and height must be in [8, 4096], got "
                    + width + "x" + height);
        }
    }

    /** A spectrogram without per-band normalisation. */
    public SpectrogramSpec(int nFft, int winLength, int hopLength, WindowFunction window, int nMels, double fmin,
                           double fmax, double topDb, Colormap colormap, int width, int height) {
        this(nFft, winLength, hopLength, window, nMels, fmin, fmax, topDb, colormap, width, height, BandNorm.NONE);
    }

    public static SpectrogramSpec defaults() {
        return new SpectrogramSpec(256, 256, 32, WindowFunction.HANN, 128, 20.0, 2000.0, 80.0, Colormap.VIRIDIS,
                224, 224, BandNorm.NONE);
    }

    /** This spec with images of {@code width} x {@code height} pixels, everything else unchanged. */
    public SpectrogramSpec withSize(int width, int height) {
        return new SpectrogramSpec(nFft, winLength, hopLength, window, nMels, fmin, fmax, topDb, colormap, width,
                height, bandNorm);
    }

    /** Whether this spec's images are {@code width} x {@code height} pixels (e.g. a network's input size). */
    public boolean hasSize(int width, int height) {
        return this.height == height && this.width == width;
    }

    /**
     * Checks that this spec's images fit a network's input of {@code width} x {@code height} pixels.
     *
     * @param where   what the error names (a model file, a dataset folder)
     * @param network who takes the images, e.g. "the model"
     * @param madeBy  who made this spec's images, e.g. "the recipe"
     * @param hint    appended to the message (what to do), or empty
     * @throws BadInputException "NETWORK takes WxH images but MADE_BY makes wxh spectrograms HINT"
     */
    public void requireSize(int width, int height, String where, String network, String madeBy, String hint) {
        if (!hasSize(width, height)) {
            throw new BadInputException(where, network + " takes " + width + "x" + height + " images but " + madeBy
                    + " makes " + this.width + "x" + this.height + " spectrograms" + hint);
        }
    }

    /**
     * Per-band normalisation of the log-mel matrix ({@code spectrogram.band_norm}): {@code none}, or {@code mean}:
     * each mel band's mean over the window's frames (in dB) is subtracted, as cepstral mean normalisation does for
     * speech, which removes a stationary colouring of the spectrum (a stethoscope's response, the chest wall) and
     * keeps how every band changes over the cardiac cycle; the result is clipped to {@code ±topDb/2} around the band
     * mean and shifted to {@code [-topDb, 0]}, so the colormap's middle is every band's mean.
     */
    public enum BandNorm {
        @JsonProperty("none") NONE,
        @JsonProperty("mean") MEAN
    }

    public enum WindowFunction {
        @JsonProperty("hann") HANN,
        @JsonProperty("hamming") HAMMING
    }

    public enum Colormap {
        @JsonProperty("gray") GRAY,
        @JsonProperty("viridis") VIRIDIS,
        @JsonProperty("magma") MAGMA
    }
}
