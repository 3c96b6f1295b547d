package org.heartsounds.evaluation.explain;

import org.heartsounds.core.config.AudioSpec;
import org.heartsounds.core.config.SpectrogramSpec;
import org.heartsounds.data.spectrogram.SlaneyMel;

/**
 * What the axes of a network input image mean, for people: the image spans {@code [0, seconds]} left to right and the
 * mel scale from {@code fminHz} (bottom row) to {@code fmaxHz} (top row), as {@code SpectrogramRenderer} draws it. The
 * network itself sees no axes.
 *
 * @param seconds the window's length
 * @param fminHz  lowest frequency of the mel filterbank
 * @param fmaxHz  highest frequency (the recipe's fmax, capped at the Nyquist frequency as the filterbank caps it)
 */
public record SpectrogramAxes(double seconds, double fminHz, double fmaxHz) {
    public SpectrogramAxes {
        if (!(seconds > 0) || !(fmaxHz > fminHz) || fminHz < 0) {
            throw new IllegalArgumentException("axes need seconds > 0 and 0 <= fmin < fmax, got " + seconds + ", "
                    + fminHz + ", " + fmaxHz);
        }
    }

    /** The axes of the images a recipe's preprocessing makes. */
    public static SpectrogramAxes of(AudioSpec audio, SpectrogramSpec spectrogram) {
        return new SpectrogramAxes(audio.window().seconds(), spectrogram.fmin(),
                Math.min(spectrogram.fmax(), audio.sampleRate() / 2.0));
    }

    public double melMin() {
        return SlaneyMel.hzToMel(fminHz);
    }

    public double melMax() {
        return SlaneyMel.hzToMel(fmaxHz);
    }
}
