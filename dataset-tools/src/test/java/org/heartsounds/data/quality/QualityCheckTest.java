package org.heartsounds.data.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.heartsounds.core.config.QualitySpec;
import org.heartsounds.data.audio.AudioClip;
import org.heartsounds.data.audio.WavReader;
import org.heartsounds.data.audio.WavWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quality flags on WAV files written by the test: silent, constant, 0.1 s, clipped, noise, a heart-like sound. */
class QualityCheckTest {
    private static final int RATE = 4000;
    private final QualityCheck check = new QualityCheck(QualitySpec.defaults(), 2.0);

    @TempDir
    Path tmp;

    /** Writes 16-bit PCM and decodes it again, as data prepare sees it. */
    private AudioClip wav(String name, float[] x) throws IOException {
        Path f = tmp.resolve(name);
        WavWriter.writePcm16(f, x, RATE);
        return WavReader.read(Files.readAllBytes(f), name);
    }

    /** Thumps at 60 Hz under a 1.2 s beat, like S1 and S2. */
    private static float[] heart(double seconds, double gain) {
        int n = (int) (seconds * RATE);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double t = i / (double) RATE;
            double beat = t % 0.8;
            double env = Math.exp(-Math.pow((beat - 0.1) / 0.03, 2)) + 0.7 * Math.exp(-Math.pow((beat - 0.4) / 0.025, 2));
            x[i] = (float) (gain * env * Math.sin(2 * Math.PI * 60 * t));
        }
        return x;
    }

    @Test
    void aHeartSoundPassesEveryCheck() throws IOException {
        RecordingQuality q = check.check(wav("heart.wav", heart(4, 0.9)));
        assertEquals(List.of(), q.flags(), q.describe());
        assertTrue(q.heartBandFraction() > 0.99, "energy at 60 Hz: " + q.heartBandFraction());
        assertEquals("", q.flagKeys());
    }

    @Test
    void silenceIsSilentAndAConstantIsConstant() throws IOException {
        RecordingQuality silent = check.check(wav("silent.wav", new float[4 * RATE]));
        assertEquals(List.of(QualityFlag.SILENT), silent.flags());
        assertEquals(Double.NEGATIVE_INFINITY, silent.rmsDbfs());
        assertTrue(silent.describe().startsWith("silent (RMS -inf dBFS, below -60.0 dBFS)"), silent.describe());
        float[] quiet = heart(4, 0.0005); // about -76 dBFS: flagged
        assertEquals(List.of(QualityFlag.SILENT), check.check(wav("quiet.wav", quiet)).flags());

        float[] dc = new float[4 * RATE];
        java.util.Arrays.fill(dc, 0.25f);
        RecordingQuality constant = check.check(wav("constant.wav", dc));
        assertEquals(List.of(QualityFlag.CONSTANT), constant.flags());
        assertEquals("constant", constant.flagKeys());
    }

    @Test
    void aTenthOfASecondIsShort() throws IOException {
        RecordingQuality q = check.check(wav("short.wav", heart(0.1, 0.9)));
        assertEquals(List.of(QualityFlag.SHORT), q.flags(), q.describe());
        assertEquals(0.1, q.seconds(), 1e-9);
        assertTrue(q.describe().startsWith("short (0.10 s, below 0.50 s = 0.25 of a 2.00 s window)"), q.describe());
        // half a window is long enough
        assertEquals(List.of(), check.check(wav("half.wav", heart(1.0, 0.9))).flags());
    }

    @Test
    void flatTopsAreClippedButAPeakNormalisedRecordingIsNot() throws IOException {
        float[] loud = heart(4, 3.0); // driven three times past full scale: flat tops
        AudioClip clipped = wav("clipped.wav", loud);
        RecordingQuality q = check.check(clipped);
        assertEquals(List.of(QualityFlag.CLIPPED), q.flags(), q.describe());
        assertTrue(q.clippedFraction() > 0.01, "fraction " + q.clippedFraction());
        assertEquals(clipped.clippedSamples() / (double) loud.length, q.clippedFraction(), 1e-12);

        float[] normalised = heart(4, 1.0);
        float peak = 0;
        for (float v : normalised) {
            peak = Math.max(peak, Math.abs(v));
        }
        for (int i = 0; i < normalised.length; i++) {
            normalised[i] /= peak; // one sample at full scale
        }
        AudioClip clip = wav("normalised.wav", normalised);
        assertEquals(0, clip.clippedSamples(), "a lone full-scale sample is not clipping");
        assertEquals(List.of(), check.check(clip).flags());
    }

    @Test
    void hissIsNotAHeartSound() throws IOException {
        java.util.Random rnd = new java.util.Random(1);
        float[] hiss = new float[4 * RATE];
        for (int i = 0; i < hiss.length; i++) {
            hiss[i] = (float) (0.2 * rnd.nextGaussian());
        }
        RecordingQuality q = check.check(wav("hiss.wav", hiss));
        assertEquals(List.of(QualityFlag.NOT_HEART_BAND), q.flags(), q.describe());
        // white noise from 20 Hz to 2 kHz: about (400 - 20) / (2000 - 20) of its energy in the band
        assertEquals(380.0 / 1980.0, q.heartBandFraction(), 0.02);
    }

    @Test
    void thresholdsComeFromTheRecipe() throws IOException {
        QualityCheck lenient = new QualityCheck(new QualitySpec(QualitySpec.Action.WARN, 0, -200, 1, 0), 2.0);
        assertEquals(List.of(), lenient.check(wav("short2.wav", heart(0.1, 3.0))).flags());
    }
}
