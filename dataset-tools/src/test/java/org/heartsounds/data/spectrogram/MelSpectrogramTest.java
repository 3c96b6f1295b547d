package org.heartsounds.data.spectrogram;

import org.heartsounds.core.config.SpectrogramSpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MelSpectrogramTest {
    private static final int SR = 4000;

    @Test
    void powerToDbIsRelativeToMaxWithAminAndFloor() {
        // ref = max = 100: 100 -> 0; 1 -> 10 log10(1/100) = -20; 1e-5 -> -70; 50 -> 10 log10(0.5) = -3.0103;
        // 1e-9 -> -110 -> floor -80; 0 -> amin 1e-10 -> -120 -> floor -80
        float[][] s = {{100f, 1f, 1e-5f}, {50f, 1e-9f, 0f}};
        float[][] db = MelSpectrogram.powerToDb(s, 80.0);
        assertSame(s, db);
        assertArrayEquals(new float[] {0f, -20f, -70f}, db[0], 1e-4f);
        assertArrayEquals(new float[] {-3.0103f, -80f, -80f}, db[1], 1e-4f);
        assertEquals(0f, db[0][0]);
        assertEquals(-80f, db[1][2]);
    }

    @Test
    void smallerTopDbRaisesTheFloor() {
        // ref 2: 2 -> 0, 0.2 -> -10, 0.002 -> -30 -> floor -25, 1e-3 -> -33 -> -25
        float[][] db = MelSpectrogram.powerToDb(new float[][] {{2f, 0.2f, 0.002f, 1e-3f}}, 25.0);
        assertArrayEquals(new float[] {0f, -10f, -25f, -25f}, db[0], 1e-4f);
    }

    @Test
    void silenceAndSubAminPowersAreAllZeroDb() {
        // max(S, amin) = amin everywhere, ref = amin, so every cell is 10 log10(1) = 0 dB (librosa gives the same)
        float[][] zeros = new float[3][5];
        MelSpectrogram.powerToDb(zeros, 80.0);
        for (float[] row : zeros) {
            assertArrayEquals(new float[5], row);
        }
        float[][] tiny = MelSpectrogram.powerToDb(new float[][] {{1e-12f, 5e-11f}}, 80.0);
        assertArrayEquals(new float[] {0f, 0f}, tiny[0]);
    }

    @Test
    void powerToDbRejectsInvalidInput() {
        assertThrows(IllegalArgumentException.class, () -> MelSpectrogram.powerToDb(new float[][] {{Float.NaN}}, 80));
        assertThrows(IllegalArgumentException.class, () -> MelSpectrogram.powerToDb(new float[][] {{-1f}}, 80));
        assertThrows(IllegalArgumentException.class, () -> MelSpectrogram.powerToDb(new float[][] {{1f}}, 0));
    }

    @Test
    void silentWindowGivesZeroDbEverywhereWithoutNan() {
        float[][] db = new MelSpectrogram(SpectrogramSpec.defaults()).melDb(new float[8000], SR);
        assertEquals(128, db.length);
        assertEquals(251, db[0].length);
        for (float[] row : db) {
            for (float v : row) {
                assertEquals(0f, v);
            }
        }
    }

    @Test
    void pureSinePeaksInTheMelBandCentredNearestItsFrequency() {
        MelSpectrogram mel = new MelSpectrogram(SpectrogramSpec.defaults());
        MelFilterbank bank = mel.filterbank(SR);
        for (double hz : new double[] {150.0, 437.5, 1000.0, 1640.625}) {
            float[][] power = mel.mel(mel.power(StftTest.cosine(hz, 0.3, 0.0, 8000)), SR);
            double[] bandMean = new double[128];
            for (int m = 0; m < 128; m++) {
                for (int t = 8; t < 243; t++) {
                    bandMean[m] += power[m][t];
                }
            }
            int argmax = argmax(bandMean);
            int nearest = 0;
            for (int m = 1; m < 128; m++) {
                if (Math.abs(bank.centreHz(m) - hz) < Math.abs(bank.centreHz(nearest) - hz)) {
                    nearest = m;
                }
            }
            assertEquals(nearest, argmax, hz + " Hz peaks in band " + argmax + " centred at "
                    + bank.centreHz(argmax) + " Hz");
            // energy more than 300 Hz away from the tone is at least 60 dB down
            for (int m = 0; m < 128; m++) {
                if (Math.abs(bank.centreHz(m) - hz) > 300) {
                    assertTrue(bandMean[m] < bandMean[argmax] * 1e-6, hz + " Hz leaks into band " + m);
                }
            }
        }
    }

    @Test
    void melDbOfASineSpansZeroToTheFloor() {
        float[][] db = new MelSpectrogram(SpectrogramSpec.defaults()).melDb(StftTest.cosine(1000, 0.8, 0.2, 8000), SR);
        float max = Float.NEGATIVE_INFINITY;
        float min = Float.POSITIVE_INFINITY;
        for (float[] row : db) {
            for (float v : row) {
                assertTrue(Float.isFinite(v));
                max = Math.max(max, v);
                min = Math.min(min, v);
            }
        }
        assertEquals(0f, max);
        assertEquals(-80f, min);
    }

    @Test
    void stagesComposeToMelDb() {
        MelSpectrogram mel = new MelSpectrogram(SpectrogramSpec.defaults());
        float[] x = StftTest.noise(6000, 11);
        float[][] direct = mel.melDb(x, SR);
        float[][] staged = mel.db(mel.mel(mel.power(x), SR));
        for (int m = 0; m < direct.length; m++) {
            assertArrayEquals(direct[m], staged[m]);
        }
        assertEquals(1 + 6000 / 32, direct[0].length);
    }

    @Test
    void filterbankFollowsTheSampleRate() {
        MelSpectrogram mel = new MelSpectrogram(SpectrogramSpec.defaults());
        assertEquals(2000.0, mel.filterbank(4000).fmax());
        assertEquals(2000.0, mel.filterbank(8000).fmax());
        assertEquals(1500.0, mel.filterbank(3000).fmax());
        assertEquals(3000, mel.filterbank(3000).sampleRate());
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void bandMeanNormalisationRemovesAStationaryColouringOfTheSpectrum() {
        SpectrogramSpec plain = SpectrogramSpec.defaults();
        SpectrogramSpec normed = new SpectrogramSpec(plain.nFft(), plain.winLength(), plain.hopLength(),
                plain.window(), plain.nMels(), plain.fmin(), plain.fmax(), plain.topDb(), plain.colormap(),
                plain.width(), plain.height(), SpectrogramSpec.BandNorm.MEAN);
        int rate = 4000;
        float[] x = new float[8000];
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < x.length; i++) {
            double beat = Math.exp(-Math.pow(((i % 3200) - 400) / 120.0, 2));
            x[i] = (float) (beat * Math.sin(2 * Math.PI * 60 * i / rate) + 0.01 * random.nextGaussian());
        }
        float[][] db = new MelSpectrogram(plain).melDb(x, rate);
        float[][] n = new MelSpectrogram(normed).melDb(x, rate);
        assertEquals(db.length, n.length);
        for (int m = 0; m < n.length; m++) {
            double mean = 0;
            for (int t = 0; t < db[m].length; t++) {
                mean += db[m][t] / db[m].length;
            }
            for (int t = 0; t < n[m].length; t++) {
                assertTrue(n[m][t] >= -80f && n[m][t] <= 0f, "in [-topDb, 0]: " + n[m][t]);
                assertEquals(Math.max(-40, Math.min(40, db[m][t] - mean)) - 40, n[m][t], 1e-3, "band " + m);
            }
        }
        // a colouring that adds a fixed level per band (a device's response, in dB) changes nothing
        float[][] coloured = new float[db.length][];
        for (int m = 0; m < db.length; m++) {
            coloured[m] = db[m].clone();
            for (int t = 0; t < coloured[m].length; t++) {
                coloured[m][t] += 0.1f * m - 6f;
            }
        }
        float[][] a = MelSpectrogram.bandMeanNormalize(coloured, 80);
        for (int m = 0; m < db.length; m++) {
            assertArrayEquals(n[m], a[m], 1e-3f, "band " + m);
        }
    }
}
