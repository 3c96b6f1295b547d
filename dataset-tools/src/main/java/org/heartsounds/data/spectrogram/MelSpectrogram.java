package org.heartsounds.data.spectrogram;

import org.heartsounds.core.config.SpectrogramSpec;

/**
 * Log-mel spectrogram of one window: {@link Stft power STFT} → {@link MelFilterbank mel filterbank} → decibels
 * relative to the window's maximum, as {@code librosa.power_to_db(S, ref=np.max, amin=1e-10, top_db=topDb)}:
 * {@code 10 log10(max(S, amin)) - 10 log10(max(max(S), amin))}, then floored at {@code -topDb}. Every value
 * therefore lies in {@code [-topDb, 0]} and the loudest cell is exactly 0 dB.
 *
 * <p>Silence: a window whose mel powers are all at or below {@code amin} (e.g. digital zeros) has every cell
 * equal to the maximum, so every cell is 0 dB — the same result librosa gives. It never produces NaN or
 * infinities.
 *
 * <p>Not thread-safe (it owns an {@link Stft}); use one instance per thread. The filterbank is rebuilt only when
 * the sample rate changes.
 */
public final class MelSpectrogram {
    /** Power floor before the logarithm, librosa's default {@code amin}. */
    public static final double AMIN = 1e-10;

    private final SpectrogramSpec spec;
    private final Stft stft;
    private MelFilterbank filterbank;

    public MelSpectrogram(SpectrogramSpec spec) {
        this.spec = spec;
        this.stft = Stft.of(spec);
    }

    public SpectrogramSpec spec() {
        return spec;
    }

    /** Stage 1: power STFT {@code [frames][nFft / 2 + 1]}. */
    public float[][] power(float[] samples) {
        return stft.power(samples);
    }

    /** Stage 2: mel power {@code [nMels][frames]} of a power STFT taken at {@code sampleRate}. */
    public float[][] mel(float[][] power, int sampleRate) {
        return filterbank(sampleRate).apply(power);
    }

    /** Stage 3: {@link #powerToDb} with this spec's {@code topDb}; converts {@code melPower} in place. */
    public float[][] db(float[][] melPower) {
        return powerToDb(melPower, spec.topDb());
    }

    /**
     * All three stages: log-mel spectrogram {@code [nMels][frames]} in dB, values in {@code [-topDb, 0]}, then the
     * spec's per-band normalisation ({@link #bandMeanNormalize}).
     */
    public float[][] melDb(float[] samples, int sampleRate) {
        float[][] db = db(mel(power(samples), sampleRate));
        return spec.bandNorm() == SpectrogramSpec.BandNorm.MEAN ? bandMeanNormalize(db, spec.topDb()) : db;
    }

    /**
     * {@code spectrogram.band_norm: mean}, in place: every row (mel band) minus its mean over the frames, clipped to
     * {@code [-topDb/2, topDb/2]} and shifted down by {@code topDb/2}, so values stay in {@code [-topDb, 0]} and a
     * band's mean maps to {@code -topDb/2}.
     */
    public static float[][] bandMeanNormalize(float[][] db, double topDb) {
        float half = (float) (topDb / 2);
        for (float[] row : db) {
            double sum = 0;
            for (float v : row) {
                sum += v;
            }
            float mean = (float) (sum / Math.max(1, row.length));
            for (int t = 0; t < row.length; t++) {
                row[t] = Math.max(-half, Math.min(half, row[t] - mean)) - half;
            }
        }
        return db;
    }

    /** The filterbank used for {@code sampleRate} (cached for the last sample rate seen). */
    public MelFilterbank filterbank(int sampleRate) {
        MelFilterbank fb = filterbank;
        if (fb == null || fb.sampleRate() != sampleRate) {
            fb = new MelFilterbank(sampleRate, spec.nFft(), spec.nMels(), spec.fmin(), spec.fmax());
            filterbank = fb;
        }
        return fb;
    }

    /**
     * Converts powers to dB relative to their maximum, in place: {@code 10 log10(max(S, amin) / max(ref, amin))}
     * with {@code ref = max(S)}, floored at {@code -topDb}. Cells below {@code ref * 10^(-topDb / 10)} are set to
     * the floor without taking their logarithm.
     *
     * @return {@code power}, now holding dB values in {@code [-topDb, 0]}
     * @throws IllegalArgumentException if {@code topDb} is not positive or a power is NaN or negative
     */
    public static float[][] powerToDb(float[][] power, double topDb) {
        if (!(topDb > 0)) {
            throw new IllegalArgumentException("top_db must be > 0, got " + topDb);
        }
        double max = 0;
        for (float[] row : power) {
            for (float v : row) {
                if (!(v >= 0)) {
                    throw new IllegalArgumentException("power must be finite and >= 0, got " + v);
                }
                max = Math.max(max, v);
            }
        }
        double ref = Math.max(max, AMIN);
        float floor = (float) -topDb;
        double threshold = ref * Math.pow(10.0, -topDb / 10.0);
        double dbPerLn = 10.0 / Math.log(10.0);
        for (float[] row : power) {
            for (int i = 0; i < row.length; i++) {
                double s = Math.max(row[i], AMIN);
                if (s < threshold) {
                    row[i] = floor;
                } else {
                    float db = (float) (dbPerLn * Math.log(s / ref));
                    row[i] = Math.max(floor, db);
                }
            }
        }
        return power;
    }
}
