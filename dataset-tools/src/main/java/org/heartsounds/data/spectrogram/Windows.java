package org.heartsounds.data.spectrogram;

import org.heartsounds.core.config.SpectrogramSpec.WindowFunction;

/**
 * Analysis windows as librosa builds them for {@code stft}: the <em>periodic</em> ("DFT-even") form of the
 * window of length {@code winLength} ({@code scipy.signal.get_window(name, winLength, fftbins=True)}),
 * zero-padded on both sides to {@code nFft} with the window centred ({@code librosa.util.pad_center}: left pad
 * {@code (nFft - winLength) / 2}, the rest on the right). Written by hand: it is a two-line formula.
 */
public final class Windows {
    private Windows() {
    }

    /**
     * The periodic window of {@code winLength} samples centred in an array of {@code nFft} samples.
     *
     * <ul>
     *   <li>Hann: {@code w[n] = 0.5 - 0.5 cos(2 pi n / winLength)}</li>
     *   <li>Hamming: {@code w[n] = 0.54 - 0.46 cos(2 pi n / winLength)}</li>
     * </ul>
     *
     * @throws IllegalArgumentException if {@code winLength} is not in {@code [1, nFft]}
     */
    public static float[] centred(WindowFunction function, int winLength, int nFft) {
        if (winLength < 1 || winLength > nFft) {
            throw new IllegalArgumentException("window length must be in [1, " + nFft + "], got " + winLength);
        }
        double a0 = function == WindowFunction.HAMMING ? 0.54 : 0.5;
        double a1 = 1.0 - a0;
        float[] window = new float[nFft];
        int left = (nFft - winLength) / 2;
        for (int n = 0; n < winLength; n++) {
            window[left + n] = (float) (a0 - a1 * Math.cos(2.0 * Math.PI * n / winLength));
        }
        return window;
    }
}
