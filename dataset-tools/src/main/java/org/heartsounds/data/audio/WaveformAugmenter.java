package org.heartsounds.data.audio;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.heartsounds.core.config.AudioSpec;

/**
 * The training-only waveform variants of a window ({@code audio.augment}, {@link AudioSpec.Augment}): speed
 * perturbation through {@link Resampler} (the factor quantised to 0.01: 2·100·speed + 1 rate pairs, whose kernel
 * tables {@link Resampler#forRates} caches up to its 64-pair limit, enough for speed &le; 0.3), then white Gaussian noise at a drawn signal-to-noise ratio. Every draw comes from a generator seeded by the recipe's
 * seed, the recording id, the window index and the copy number, so a variant does not depend on the order or the
 * thread that renders it. Immutable and thread-safe.
 */
public final class WaveformAugmenter {
    private final AudioSpec.Augment spec;
    private final long seed;

    public WaveformAugmenter(AudioSpec.Augment spec, long seed) {
        this.spec = spec;
        this.seed = seed;
    }

    /** What one variant drew: the speed factor (1 = unchanged) and the SNR in dB (NaN = no noise). */
    public record Draw(double speed, double snrDb) {
    }

    /** The draws of variant {@code copy} (1-based) of window {@code window} of {@code recording}. */
    public Draw draw(String recording, int window, int copy) {
        SplittableRandom random = random(recording, window, copy);
        int steps = (int) Math.round(spec.speed() * 100);
        double speed = steps > 0 ? (100 + random.nextInt(-steps, steps + 1)) / 100.0 : 1.0;
        double snr = spec.noise() ? spec.snrMinDb() + random.nextDouble() * (spec.snrMaxDb() - spec.snrMinDb())
                : Double.NaN;
        return new Draw(speed, snr);
    }

    /**
     * Variant {@code copy} (1-based) of a window's samples, of the same length; the input is not modified.
     */
    public float[] variant(float[] samples, String recording, int window, int copy) {
        if (copy < 1 || copy > spec.copies()) {
            throw new IllegalArgumentException("copy must be in [1, " + spec.copies() + "], got " + copy);
        }
        Draw d = draw(recording, window, copy);
        float[] out = d.speed() == 1.0 ? samples.clone() : speed(samples, d.speed());
        if (!Double.isNaN(d.snrDb())) {
            SplittableRandom noise = random(recording, window, -copy);
            addNoise(out, d.snrDb(), noise);
        }
        return out;
    }

    /**
     * The samples played {@code factor} times faster (factor &gt; 1: shorter beats, higher pitch), band-limited, and
     * continued circularly to the input's length.
     */
    public static float[] speed(float[] samples, double factor) {
        int n = samples.length;
        if (n == 0) {
            return new float[0];
        }
        int k = (int) Math.round(factor * 100);
        float[] tiled = new float[2 * n];
        System.arraycopy(samples, 0, tiled, 0, n);
        System.arraycopy(samples, 0, tiled, n, n);
        float[] played = Resampler.forRates(k, 100).process(tiled);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = played[i % played.length];
        }
        return out;
    }

    /** Adds white Gaussian noise whose power is the samples' mean power divided by 10^(snrDb / 10), in place. */
    public static void addNoise(float[] samples, double snrDb, SplittableRandom random) {
        double power = 0;
        for (float v : samples) {
            power += (double) v * v;
        }
        power /= Math.max(1, samples.length);
        if (!(power > 0)) {
            return;
        }
        double sigma = Math.sqrt(power / Math.pow(10, snrDb / 10));
        for (int i = 0; i < samples.length; i++) {
            samples[i] += (float) (sigma * gaussian(random));
        }
    }

    /** A standard normal draw (Box–Muller; SplittableRandom has no nextGaussian on Java 17). */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private SplittableRandom random(String recording, int window, int copy) {
        long h = seed * 0x9E3779B97F4A7C15L;
        for (byte b : recording.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ b) * 0x100000001B3L;
        }
        h ^= ((long) window << 32) ^ (copy & 0xFFFFFFFFL);
        return new SplittableRandom(h);
    }
}
