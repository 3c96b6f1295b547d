package org.heartsounds.data.spectrogram;

import org.heartsounds.core.config.SpectrogramSpec;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Per-window timing of the three stages (STFT+mel+dB, colour+resize, PNG encode) on 2-second windows at 4 kHz
 * with the default spec. Runs only with {@code -Dheartsounds.bench=true} (it takes a few seconds and its numbers
 * depend on the machine); prints the timings and fails if the whole pipeline exceeds 20 ms per window.
 */
class SpectrogramBenchmarkTest {
    private static final int SAMPLE_RATE = 4000;
    private static final int WINDOWS = 64;

    @Test
    void timesStagesPerWindow() {
        assumeTrue(Boolean.getBoolean("heartsounds.bench"), "benchmark runs only with -Dheartsounds.bench=true");
        int level = Integer.getInteger("heartsounds.bench.pngLevel", SpectrogramRenderer.DEFAULT_PNG_DEFLATE_LEVEL);
        SpectrogramRenderer renderer = new SpectrogramRenderer(SpectrogramSpec.defaults(), level);
        float[][] windows = syntheticWindows();
        run(renderer, windows, 3);
        double[] ms = run(renderer, windows, 10);
        System.out.printf("PNG deflate level %d: STFT+mel+dB %.3f ms, colour+resize %.3f ms, PNG %.3f ms,"
                        + " total %.3f ms per window, PNG %.0f bytes%n", level, ms[0], ms[1], ms[2],
                ms[0] + ms[1] + ms[2], ms[3]);
        assertTrue(ms[0] + ms[1] + ms[2] < 20.0, "pipeline too slow: " + (ms[0] + ms[1] + ms[2]) + " ms");
    }

    /** Heart-sound-like test windows: low-frequency bursts at about 1.2 Hz plus noise. */
    private static float[][] syntheticWindows() {
        Random random = new Random(7);
        float[][] windows = new float[WINDOWS][2 * SAMPLE_RATE];
        for (float[] w : windows) {
            double f = 40 + random.nextDouble() * 120;
            for (int n = 0; n < w.length; n++) {
                double t = n / (double) SAMPLE_RATE;
                double beat = Math.exp(-Math.pow(((t * 1.2) % 1.0 - 0.1) / 0.03, 2));
                w[n] = (float) (0.5 * beat * Math.sin(2 * Math.PI * f * t) + 0.01 * random.nextGaussian());
            }
        }
        return windows;
    }

    /** @return ms per window for [melDb, colour, encode] and the mean PNG size in bytes */
    private static double[] run(SpectrogramRenderer renderer, float[][] windows, int rounds) {
        long tMel = 0;
        long tColour = 0;
        long tPng = 0;
        long bytes = 0;
        for (int round = 0; round < rounds; round++) {
            for (float[] w : windows) {
                long t0 = System.nanoTime();
                float[][] db = renderer.melDb(w, SAMPLE_RATE);
                long t1 = System.nanoTime();
                BufferedImage image = renderer.image(renderer.colour(db));
                long t2 = System.nanoTime();
                bytes += renderer.encode(image).length;
                long t3 = System.nanoTime();
                tMel += t1 - t0;
                tColour += t2 - t1;
                tPng += t3 - t2;
            }
        }
        double n = (double) rounds * windows.length;
        return new double[] {tMel / n / 1e6, tColour / n / 1e6, tPng / n / 1e6, bytes / n};
    }
}
