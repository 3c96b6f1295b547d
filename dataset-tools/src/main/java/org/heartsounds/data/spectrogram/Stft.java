package org.heartsounds.data.spectrogram;

import org.heartsounds.core.config.SpectrogramSpec;
import org.heartsounds.core.config.SpectrogramSpec.WindowFunction;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * Power spectrogram {@code |STFT|^2} as {@code librosa.stft(y, n_fft, hop_length, win_length, window,
 * center=True, pad_mode='reflect')} computes it, using JTransforms' real FFT.
 *
 * <p>The signal is padded by {@code nFft / 2} samples on each side by mirror reflection without repeating the
 * edge sample (numpy's {@code 'reflect'} mode), so frame {@code t} is centred on sample {@code t * hop}; there are
 * {@code 1 + length / hop} frames (integer division). A signal shorter than the padding is reflected repeatedly,
 * exactly as {@code numpy.pad(..., mode='reflect')} does (the mirror image is periodic with period
 * {@code 2 (length - 1)}); a one-sample signal is padded with copies of that sample (numpy does the same).
 * Each frame is multiplied by the periodic window of {@link Windows#centred} and transformed; the result is
 * {@code [frames][nFft / 2 + 1]} powers.
 *
 * <p>Not thread-safe: an instance reuses its FFT plan and work buffers. Use one instance per thread.
 */
public final class Stft {
    private final int nFft;
    private final int hopLength;
    private final float[] window;
    private final FloatFFT_1D fft;
    private final float[] frame;
    private float[] padded = new float[0];

    public Stft(int nFft, int winLength, int hopLength, WindowFunction windowFunction) {
        if (nFft < 2 || Integer.bitCount(nFft) != 1) {
            throw new IllegalArgumentException("n_fft must be a power of two >= 2, got " + nFft);
        }
        if (hopLength < 1) {
            throw new IllegalArgumentException("hop length must be > 0, got " + hopLength);
        }
        this.nFft = nFft;
        this.hopLength = hopLength;
        this.window = Windows.centred(windowFunction, winLength, nFft);
        this.fft = new FloatFFT_1D(nFft);
        this.frame = new float[nFft];
    }

    /** The STFT of a {@link SpectrogramSpec}. */
    public static Stft of(SpectrogramSpec spec) {
        return new Stft(spec.nFft(), spec.winLength(), spec.hopLength(), spec.window());
    }

    /** Number of frames of a signal of {@code length} samples: {@code 1 + length / hopLength}. */
    public static int frameCount(int length, int hopLength) {
        return 1 + length / hopLength;
    }

    /** Number of frequency bins, {@code nFft / 2 + 1}; bin {@code k} is at {@code k * sampleRate / nFft} Hz. */
    public int bins() {
        return nFft / 2 + 1;
    }

    public int nFft() {
        return nFft;
    }

    public int hopLength() {
        return hopLength;
    }

    /**
     * Power spectrogram of {@code samples}, {@code [frames][nFft / 2 + 1]}.
     *
     * @throws IllegalArgumentException if {@code samples} is empty or holds a NaN or infinite value
     */
    public float[][] power(float[] samples) {
        checkSamples(samples);
        int frames = frameCount(samples.length, hopLength);
        int pad = nFft / 2;
        float[] signal = reflectPad(samples, pad);
        float[][] out = new float[frames][bins()];
        int half = nFft / 2;
        for (int t = 0; t < frames; t++) {
            int start = t * hopLength;
            for (int n = 0; n < nFft; n++) {
                frame[n] = signal[start + n] * window[n];
            }
            fft.realForward(frame);
            float[] row = out[t];
            row[0] = frame[0] * frame[0];
            row[half] = frame[1] * frame[1];
            for (int k = 1; k < half; k++) {
                float re = frame[2 * k];
                float im = frame[2 * k + 1];
                row[k] = re * re + im * im;
            }
        }
        return out;
    }

    /** Pads into the reused buffer; see the class comment for the rule. */
    private float[] reflectPad(float[] samples, int pad) {
        int needed = samples.length + 2 * pad;
        if (padded.length != needed) {
            padded = new float[needed];
        }
        reflectPad(samples, pad, padded);
        return padded;
    }

    /**
     * Writes {@code samples} padded by {@code pad} samples on each side, numpy {@code 'reflect'} style, into
     * {@code out} (length {@code samples.length + 2 * pad}).
     */
    static void reflectPad(float[] samples, int pad, float[] out) {
        int len = samples.length;
        System.arraycopy(samples, 0, out, pad, len);
        for (int i = 1; i <= pad; i++) {
            out[pad - i] = samples[mirror(-i, len)];
            out[pad + len - 1 + i] = samples[mirror(len - 1 + i, len)];
        }
    }

    /** Index into {@code [0, len)} of position {@code i} of the signal mirrored about its end samples. */
    static int mirror(int i, int len) {
        if (len == 1) {
            return 0;
        }
        int period = 2 * (len - 1);
        int m = Math.floorMod(i, period);
        return m < len ? m : period - m;
    }

    private static void checkSamples(float[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("cannot compute a spectrogram of an empty signal");
        }
        for (int i = 0; i < samples.length; i++) {
            if (!Float.isFinite(samples[i])) {
                throw new IllegalArgumentException("sample " + i + " is " + samples[i] + ", not a finite number");
            }
        }
    }
}
