package org.heartsounds.data.spectrogram;

/**
 * Triangular mel filterbank as {@code librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax, htk=False,
 * norm='slaney')} builds it: {@code nMels + 2} points equally spaced on the {@link SlaneyMel Slaney mel scale}
 * between {@code fmin} and {@code fmax}; filter {@code i} rises linearly (in Hz) from point {@code i} to point
 * {@code i+1} and falls to point {@code i+2}; each filter is then scaled by {@code 2 / (f[i+2] - f[i])} so that
 * all filters have the same area (Slaney normalisation). FFT bin {@code k} sits at {@code k * sampleRate / nFft}
 * Hz.
 *
 * <p>Unlike librosa, {@code fmax} is capped at the Nyquist frequency {@code sampleRate / 2}: there is no energy
 * above it, and librosa would only produce (partly) empty filters there. {@code fmin} must stay below the capped
 * {@code fmax}.
 *
 * <p>The weights are computed in double precision and stored sparsely (each filter only keeps its non-zero bin
 * range) as floats, which makes {@link #apply} cost about {@code frames * (non-zero weights)} instead of
 * {@code frames * nMels * bins}. Immutable and thread-safe. Written by hand: a few lines of arithmetic.
 */
public final class MelFilterbank {
    private final int sampleRate;
    private final int nFft;
    private final int nMels;
    private final double fmin;
    private final double fmax;
    private final double[] pointsHz;
    /** First bin with a non-zero weight, per filter (0 with an empty weight array for an empty filter). */
    private final int[] firstBin;
    private final float[][] weights;

    public MelFilterbank(int sampleRate, int nFft, int nMels, double fmin, double fmax) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be > 0, got " + sampleRate);
        }
        if (nFft < 2 || nFft % 2 != 0) {
            throw new IllegalArgumentException("n_fft must be even and >= 2, got " + nFft);
        }
        if (nMels < 1) {
            throw new IllegalArgumentException("n_mels must be >= 1, got " + nMels);
        }
        double cappedMax = Math.min(fmax, sampleRate / 2.0);
        if (!(fmin >= 0) || !(cappedMax > fmin)) {
            throw new IllegalArgumentException("mel filterbank needs 0 <= fmin < min(fmax, sampleRate / 2), got fmin "
                    + fmin + ", fmax " + fmax + ", sample rate " + sampleRate);
        }
        this.sampleRate = sampleRate;
        this.nFft = nFft;
        this.nMels = nMels;
        this.fmin = fmin;
        this.fmax = cappedMax;
        this.pointsHz = melPoints(nMels + 2, fmin, cappedMax);
        this.firstBin = new int[nMels];
        this.weights = new float[nMels][];
        double[][] dense = denseWeights();
        for (int i = 0; i < nMels; i++) {
            storeSparse(i, dense[i]);
        }
    }

    /** {@code count} frequencies equally spaced in Slaney mel between {@code fmin} and {@code fmax}, in Hz. */
    static double[] melPoints(int count, double fmin, double fmax) {
        double melMin = SlaneyMel.hzToMel(fmin);
        double melMax = SlaneyMel.hzToMel(fmax);
        double[] hz = new double[count];
        for (int i = 0; i < count; i++) {
            double mel = count == 1 ? melMin : melMin + (melMax - melMin) * i / (count - 1);
            hz[i] = SlaneyMel.melToHz(mel);
        }
        return hz;
    }

    private double[][] denseWeights() {
        int bins = bins();
        double[][] dense = new double[nMels][bins];
        for (int i = 0; i < nMels; i++) {
            double lowerWidth = pointsHz[i + 1] - pointsHz[i];
            double upperWidth = pointsHz[i + 2] - pointsHz[i + 1];
            double slaneyNorm = 2.0 / (pointsHz[i + 2] - pointsHz[i]);
            for (int k = 0; k < bins; k++) {
                double f = binHz(k);
                double rising = (f - pointsHz[i]) / lowerWidth;
                double falling = (pointsHz[i + 2] - f) / upperWidth;
                dense[i][k] = Math.max(0.0, Math.min(rising, falling)) * slaneyNorm;
            }
        }
        return dense;
    }

    private void storeSparse(int filter, double[] row) {
        int first = -1;
        int last = -1;
        for (int k = 0; k < row.length; k++) {
            if (row[k] != 0.0) {
                if (first < 0) {
                    first = k;
                }
                last = k;
            }
        }
        if (first < 0) {
            firstBin[filter] = 0;
            weights[filter] = new float[0];
            return;
        }
        firstBin[filter] = first;
        float[] w = new float[last - first + 1];
        for (int k = first; k <= last; k++) {
            w[k - first] = (float) row[k];
        }
        weights[filter] = w;
    }

    private double binHz(int k) {
        return (double) k * sampleRate / nFft;
    }

    /**
     * Mel power of a power spectrogram: {@code out[m][t] = sum_k W[m][k] * power[t][k]}.
     *
     * @param power {@code [frames][nFft / 2 + 1]}, as {@link Stft#power} returns it
     * @return {@code [nMels][frames]}
     */
    public float[][] apply(float[][] power) {
        int frames = power.length;
        float[][] out = new float[nMels][frames];
        for (int t = 0; t < frames; t++) {
            float[] spectrum = power[t];
            if (spectrum.length != bins()) {
                throw new IllegalArgumentException("frame " + t + " has " + spectrum.length + " bins, the filterbank"
                        + " expects " + bins());
            }
            for (int m = 0; m < nMels; m++) {
                float[] w = weights[m];
                int first = firstBin[m];
                float sum = 0f;
                for (int j = 0; j < w.length; j++) {
                    sum += w[j] * spectrum[first + j];
                }
                out[m][t] = sum;
            }
        }
        return out;
    }

    /** The full weight matrix {@code [nMels][nFft / 2 + 1]} (a fresh copy). */
    public float[][] weights() {
        float[][] dense = new float[nMels][bins()];
        for (int m = 0; m < nMels; m++) {
            System.arraycopy(weights[m], 0, dense[m], firstBin[m], weights[m].length);
        }
        return dense;
    }

    /** The {@code nMels + 2} filter corner frequencies in Hz; filter {@code i} peaks at element {@code i + 1}. */
    public double[] pointsHz() {
        return pointsHz.clone();
    }

    /** Centre (peak) frequency of filter {@code m} in Hz. */
    public double centreHz(int m) {
        return pointsHz[m + 1];
    }

    public int bins() {
        return nFft / 2 + 1;
    }

    public int nMels() {
        return nMels;
    }

    public int sampleRate() {
        return sampleRate;
    }

    public double fmin() {
        return fmin;
    }

    /** The upper edge actually used, {@code min(fmax, sampleRate / 2)}. */
    public double fmax() {
        return fmax;
    }
}
