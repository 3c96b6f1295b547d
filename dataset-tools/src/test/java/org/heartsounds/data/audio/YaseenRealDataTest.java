package org.heartsounds.data.audio;

import org.heartsounds.core.config.AudioSpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Decodes, resamples and windows all 1000 recordings of the Yaseen 2018 set (skipped when the shared data is not
 * present) and checks the facts its README states; prints timings.
 */
class YaseenRealDataTest {
    private static final String[] CLASSES = {"AS", "MR", "MS", "MVP", "N"};

    @Test
    void decodeResampleAndWindowAllRecordings() throws IOException {
        Path root = TestData.datasets().map(d -> d.resolve("yaseen2018")).orElse(null);
        assumeTrue(root != null && Files.isDirectory(root), "real data (yaseen2018) not present");
        List<Path> files = new ArrayList<>();
        for (String c : CLASSES) {
            try (Stream<Path> s = Files.list(root.resolve(c))) {
                List<Path> wavs = s.filter(p -> p.toString().endsWith(".wav")).sorted().toList();
                assertEquals(200, wavs.size(), c);
                files.addAll(wavs);
            }
        }
        long t0 = System.nanoTime();
        List<AudioClip> clips = new ArrayList<>(files.size());
        for (Path f : files) {
            clips.add(WavReader.read(f));
        }
        long t1 = System.nanoTime();
        Resampler r = Resampler.forRates(8000, 4000);
        long outSamples = 0;
        for (AudioClip c : clips) {
            float[] y = r.process(c.samples());
            assertEquals((c.samples().length + 1) / 2, y.length, c.source());
            outSamples += y.length;
        }
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long t2cold = System.nanoTime();
        long cpu0 = mx.getCurrentThreadCpuTime();
        for (AudioClip c : clips) { // second, JIT-warm pass for the timing report
            r.process(c.samples());
        }
        double resampleCpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
        long t2 = System.nanoTime();
        AudioPreprocessor pre = new AudioPreprocessor(AudioSpec.defaults());
        int windows = 0;
        for (AudioClip c : clips) {
            windows += pre.windows(c).size();
        }
        long t3 = System.nanoTime();

        long samples = 0;
        int clipped = 0;
        double minSeconds = Double.MAX_VALUE;
        double maxSeconds = 0;
        for (AudioClip c : clips) {
            assertEquals(8000, c.sampleRate(), c.source());
            samples += c.samples().length;
            minSeconds = Math.min(minSeconds, c.durationSeconds());
            maxSeconds = Math.max(maxSeconds, c.durationSeconds());
            boolean full = false;
            for (float v : c.samples()) {
                assertTrue(v >= -1f && v < 1f);
                full |= v == -1f || v == 32767f / 32768f;
            }
            clipped += full ? 1 : 0;
        }
        assertEquals(1000, clips.size());
        assertEquals(194, clipped, "files with full-scale samples (README: 194)");
        assertEquals(1.155625, minSeconds, 1e-9);
        assertEquals(3.992875, maxSeconds, 1e-9);
        assertEquals(19_548_025, samples);
        assertEquals((samples + 1000) / 2, outSamples, 1000);
        // default windows: 2 s every 1 s; files of 1.16-2.0 s give 1, 2.0-3.0 s give 1, 3.0-3.99 s give 2
        assertTrue(windows >= 1000 && windows <= 2000, "windows " + windows);
        double audioSeconds = samples / 8000.0;
        double decode = (t1 - t0) / 1e9;
        double resample = (t2 - t2cold) / 1e9;
        System.out.printf("yaseen2018: %d files, %.1f s of audio; decode %.3f s, resample 8k->4k %.3f s wall /"
                        + " %.3f s thread CPU (warm pass, %.0fx real time), full preprocessing + windows %.3f s -> %d windows%n",
                clips.size(), audioSeconds, decode, resample, resampleCpu, audioSeconds / resampleCpu, (t3 - t2) / 1e9, windows);
    }
}
