package org.heartsounds.data.synth;

import org.heartsounds.data.audio.WavWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Seeded generator of heart-sound-like recordings for the five classes of the Yaseen 2018 data set (AS, MR, MS,
 * MVP, N), for tests, demos and smoke runs of the whole pipeline without the real data. The recordings are not
 * physiologically exact; they carry the timing and spectral cues that distinguish the classes, so a classifier
 * can learn them.
 *
 * <p><b>Model.</b> A recording of uniform random length in [minSeconds, maxSeconds] is a train of cardiac cycles at
 * a random rate of 58-92 bpm, each cycle's period jittered by about 3% (clamped to +-8%), systole (S1 to S2)
 * lasting {@code 0.33 * sqrt(period)} s (+-6%). The first S1 falls up to one period before the start, so
 * recordings begin at a random point of the cycle.
 * <ul>
 *   <li><b>S1</b>: damped tone bursts (2 ms attack, exponential decay, tau 14-24 ms) at 45-75 Hz, a mitral
 *       component and a tricuspid one half as loud 15-30 ms later; amplitude about 1 (1.3 in MS, whose S1 is
 *       loud).</li>
 *   <li><b>S2</b>: aortic and pulmonary components (split 15-40 ms) at 85-140 Hz, 0.5-0.75 of S1, tau 10-16 ms.</li>
 *   <li><b>AS</b> (aortic stenosis): crescendo-decrescendo (diamond) band noise, 100-400 Hz, from 40 ms after S1
 *       to 20 ms before S2, peaking at 35-50% of that span.</li>
 *   <li><b>MR</b> (mitral regurgitation): holosystolic plateau of band noise, 150-600 Hz, from S1 into S2, with
 *       15 ms ramps.</li>
 *   <li><b>MS</b> (mitral stenosis): an opening snap (150-250 Hz click) 60-100 ms after S2, then a low diastolic
 *       rumble, 40-120 Hz, decaying through diastole, with a presystolic crescendo in the last 150 ms before the
 *       next S1.</li>
 *   <li><b>MVP</b> (mitral valve prolapse): a mid-systolic click (180-300 Hz) at 40-55% of systole, then a
 *       crescendo late-systolic murmur, 150-500 Hz, up to S2.</li>
 *   <li><b>N</b>: no murmur.</li>
 * </ul>
 * Murmurs are unit-RMS Gaussian noise band-passed by a zero-phase 2nd-order Butterworth filter, shaped by the
 * envelope and scaled to 0.07-0.25 of the S1 amplitude. Every recording gets white noise (RMS 0.004-0.025) and a
 * slow baseline wander (0.15-0.5 Hz, up to 0.08), and is finally scaled to a random peak of 0.3-0.9 and written as
 * mono 16-bit PCM.
 *
 * <p><b>Determinism.</b> Each file is generated from its own random stream derived from (seed, class, index), with
 * SplitMix64 and {@link StrictMath} only, so the same seed gives byte-identical files on any machine, independent of
 * {@code filesPerClass}.
 */
public final class SyntheticHeartSounds {

    /** The five classes, in the order of the Yaseen 2018 folders. */
    public enum Condition {
        AS, MR, MS, MVP, N
    }

    /**
     * What to generate.
     *
     * @param filesPerClass recordings per class, 1..100000
     * @param minSeconds    shortest recording, (0, 600]
     * @param maxSeconds    longest recording, [minSeconds, 600]
     * @param sampleRate    Hz, 2000..192000 (the real data set is 8000)
     * @param seed          random seed
     */
    public record Spec(int filesPerClass, double minSeconds, double maxSeconds, int sampleRate, long seed) {
        public Spec {
            if (filesPerClass < 1 || filesPerClass > 100_000) {
                throw new IllegalArgumentException("filesPerClass must be in [1, 100000], got " + filesPerClass);
            }
            if (!(minSeconds > 0 && minSeconds <= maxSeconds && maxSeconds <= 600)) {
                throw new IllegalArgumentException("need 0 < minSeconds <= maxSeconds <= 600, got " + minSeconds
                        + " and " + maxSeconds);
            }
            if (sampleRate < 2000 || sampleRate > 192_000) {
                throw new IllegalArgumentException("sampleRate must be in [2000, 192000], got " + sampleRate);
            }
            if (Math.ceil(minSeconds * sampleRate) > Math.floor(maxSeconds * sampleRate)) {
                throw new IllegalArgumentException("no whole number of samples lies in [" + minSeconds + ", "
                        + maxSeconds + "] s at " + sampleRate + " Hz");
            }
        }

        /** The synthetic dataset the main job and the tests use: 8 kHz, 1.5 to 4 s per recording. */
        public static Spec mainJob(int perClass, long seed) {
            return new Spec(perClass, 1.5, 4.0, 8000, seed);
        }

        /** Like the real data: 200 files per class, 1.2-4 s, 8 kHz. */
        public static Spec yaseenLike(long seed) {
            return new Spec(200, 1.2, 4.0, 8000, seed);
        }
    }

    /** One cardiac cycle: S1 onset, S2 onset and the next S1 onset, in seconds from the recording start. */
    public record Beat(double s1, double s2, double nextS1) {
    }

    /** A generated recording with its ground-truth cycle timing. */
    public record Recording(Condition condition, float[] samples, int sampleRate, List<Beat> beats) {
        public double durationSeconds() {
            return samples.length / (double) sampleRate;
        }
    }

    private SyntheticHeartSounds() {
    }

    /**
     * Writes {@code filesPerClass} recordings per class to {@code outDir/<CLASS>/synth_<class>_<NNN>.wav} (NNN from
     * 001; more digits past 999), atomically, and returns the paths in class order then index order.
     */
    public static List<Path> writeDataset(Path outDir, Spec spec) throws IOException {
        Objects.requireNonNull(outDir, "outDir");
        List<Path> written = new ArrayList<>(spec.filesPerClass() * Condition.values().length);
        for (Condition c : Condition.values()) {
            for (int i = 1; i <= spec.filesPerClass(); i++) {
                Path file = outDir.resolve(relativePath(c, i));
                Recording r = synthesize(c, i, spec);
                WavWriter.writePcm16(file, r.samples(), r.sampleRate());
                written.add(file);
            }
        }
        return List.copyOf(written);
    }

    /** The recording {@link #writeDataset} writes for class {@code condition}, 1-based {@code index}. */
    public static Recording synthesize(Condition condition, int index, Spec spec) {
        if (index < 1) {
            throw new IllegalArgumentException("index is 1-based, got " + index);
        }
        Rng rng = new Rng(Rng.derive(spec.seed(), condition.ordinal(), index));
        return HeartSoundModel.generate(condition, spec.sampleRate(), spec.minSeconds(), spec.maxSeconds(), rng);
    }

    /** {@code <CLASS>/synth_<class>_<NNN>.wav}. */
    public static Path relativePath(Condition condition, int index) {
        String name = String.format(Locale.ROOT, "synth_%s_%03d.wav", condition.name().toLowerCase(Locale.ROOT),
                index);
        return Path.of(condition.name(), name);
    }
}
