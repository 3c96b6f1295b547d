package org.heartsounds.data.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.heartsounds.core.config.SplitSpec;
import org.junit.jupiter.api.Test;

class OverlapDetectorTest {
    private static final int RATE = SyntheticSignals.RATE;
    private static final SplitSpec.Overlap SPEC = new SplitSpec.Overlap(true, 0.25, 0.98);

    /** A planted shared segment and the overlap the detector must report for it. */
    record Plant(int src, double srcAt, int dst, double dstAt, double seconds, double gain, double noiseDb) {
        int a() {
            return Math.min(src, dst);
        }

        int b() {
            return Math.max(src, dst);
        }

        /** a[t + lag] = b[t] */
        int lag() {
            int s = (int) Math.round(srcAt * RATE);
            int d = (int) Math.round(dstAt * RATE);
            return src < dst ? s - d : d - s;
        }
    }

    static final class Corpus {
        final List<float[]> signals = new ArrayList<>();
        final List<Plant> plants = new ArrayList<>();
    }

    static Corpus corpus(long seed) {
        Random rnd = new Random(seed);
        List<float[]> raw = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            double seconds = 2.5 + rnd.nextDouble();
            boolean silence = i % 3 == 0;
            raw.add(SyntheticSignals.recording(rnd, seconds, silence ? 0.05 : -1, silence ? 0.4 : 0));
        }
        Corpus c = new Corpus();
        // planted pairs: src segments start after the silence stretch (0.05 - 0.45 s)
        c.plants.add(new Plant(1, 0.5, 2, 0.1, 2.0, 1.0, Double.NaN));
        c.plants.add(new Plant(4, 1.0, 7, 1.5, 0.3, 1.0, Double.NaN));
        c.plants.add(new Plant(9, 0.5, 5, 0.0, 1.0, 0.5, -40));
        c.plants.add(new Plant(11, 1.2, 10, 2.0, 0.5, 0.5, Double.NaN));
        c.plants.add(new Plant(13, 2.0, 14, 0.7, 0.4, 1.0, -40));
        c.plants.add(new Plant(16, 0.5, 17, 1.8, 0.6, 0.5, -40));
        c.plants.add(new Plant(20, 0.8, 31, 0.3, 1.5, 1.0, Double.NaN));
        c.plants.add(new Plant(35, 1.7, 22, 1.1, 0.3, 0.5, -40));
        c.plants.add(new Plant(25, 0.5, 26, 0.5, 0.8, 1.0, -40)); // same offset in both: lag 0
        // chain: 50 ~ 51 ~ 52, but 50 and 52 share nothing
        c.plants.add(new Plant(50, 0.5, 51, 0.2, 1.0, 1.0, Double.NaN));
        c.plants.add(new Plant(51, 1.8, 52, 1.0, 0.6, 0.5, -40));
        Random noise = new Random(seed + 1);
        for (Plant p : c.plants) {
            int len = (int) Math.round(p.seconds() * RATE);
            int d = (int) Math.round(p.dstAt() * RATE);
            SyntheticSignals.plant(raw.get(p.src()), (int) Math.round(p.srcAt() * RATE), raw.get(p.dst()), d, len,
                    p.gain());
            if (!Double.isNaN(p.noiseDb())) {
                float[] dst = raw.get(p.dst());
                double peak = 0;
                for (int t = d; t < d + len; t++) {
                    peak = Math.max(peak, Math.abs(dst[t]));
                }
                double rms = peak * Math.pow(10, p.noiseDb() / 20);
                for (int t = d; t < d + len; t++) {
                    dst[t] += (float) (rms * noise.nextGaussian());
                }
            }
        }
        similarButDifferent(rnd, raw);
        for (float[] x : raw) {
            c.signals.add(SyntheticSignals.normalise(x));
        }
        return c;
    }

    /** Replaces recordings 40-47 with pairs that resemble each other without sharing audio. */
    private static void similarButDifferent(Random rnd, List<float[]> raw) {
        // 40, 41: the same 100 Hz tone (same phase) in independent noise
        for (int i = 40; i <= 41; i++) {
            float[] x = new float[3 * RATE];
            for (int t = 0; t < x.length; t++) {
                x[t] = (float) Math.sin(2 * Math.PI * 100 * t / RATE);
            }
            SyntheticSignals.addLowPassNoise(rnd, x, 0.25, 0.5);
            raw.set(i, x);
        }
        // 42, 43: one second of digital silence at the same place, different audio around it
        for (int i = 42; i <= 43; i++) {
            raw.set(i, SyntheticSignals.recording(rnd, 3.0, 1.0, 1.0));
        }
        // 44, 45: 120 Hz tone with independent random-walk phase noise, plus beats of one envelope, frequency and
        // period with a random phase per beat
        for (int i = 44; i <= 45; i++) {
            float[] x = new float[3 * RATE];
            double phase = 0;
            for (int t = 0; t < x.length; t++) {
                phase += 2 * Math.PI * 120 / RATE + 0.05 * rnd.nextGaussian();
                x[t] = (float) (0.5 * Math.sin(phase));
            }
            for (double t0 = 0.1; t0 < 2.9; t0 += 0.8) {
                SyntheticSignals.addBurst(x, t0 + (rnd.nextDouble() * 2 - 1) * 0.01, 80, 1.0, 0.03,
                        rnd.nextDouble() * 2 * Math.PI);
            }
            SyntheticSignals.addWhiteNoise(rnd, x, 0.003);
            raw.set(i, x);
        }
        // 46, 47: pulse trains of one envelope, frequency and period with random phase per beat, beat times
        // jittered independently by +-15 ms, over a -60 dB noise floor
        for (int i = 46; i <= 47; i++) {
            float[] x = new float[3 * RATE];
            for (double t0 = 0.1; t0 < 2.9; t0 += 0.8) {
                SyntheticSignals.addBurst(x, t0 + (rnd.nextDouble() * 2 - 1) * 0.015, 60, 1.0, 0.025,
                        rnd.nextDouble() * 2 * Math.PI);
            }
            SyntheticSignals.addWhiteNoise(rnd, x, 0.001);
            raw.set(i, x);
        }
    }

    @Test
    void debug() {
        Corpus c = corpus(23);
        float[] a = c.signals.get(13), b = c.signals.get(14);
        OverlapDetector.Result r = new OverlapDetector(SPEC, OverlapDetector.Tuning.defaults().withParallel(false))
                .run(List.of(a, b), RATE);
        System.out.println(r);
        OverlapVerifier v = new OverlapVerifier(0.98, 1000, 64, 1e-3);
        for (int t = 2400; t < 4800; t += 64) {
            OverlapVerifier.Sums s = OverlapVerifier.sums(a, b, 5200, t, t + 64);
            System.out.printf("%5d px=%.2e py=%.2e c=%.4f r=%.3f%n", t, s.powerX(), s.powerY(), s.correlation(), s.amplitudeRatio());
        }
        System.out.println(v.verify(a, b, 5200, 2800, 4400 - 130, 130));
        Fingerprinter fp = new Fingerprinter(2, 0.05, 1e-3);
        Fingerprinter.Prints pa = fp.compute(a), pb = fp.compute(b);
        int[] hist = new int[65];
        int usableA = 0, usableB = 0, exact = 0, coveredByWeak = 0;
        for (int q = 2800; q < 4400 - fp.span(); q++) {
            long wa = pa.words()[q + 5200], wb = pb.words()[q];
            long ma = pa.weak()[q + 5200], mb = pb.weak()[q];
            hist[Long.bitCount(wa ^ wb)]++;
            if (Long.bitCount(ma) <= 2 && Fingerprinter.transitions(wa) >= 4) usableA++;
            if (Long.bitCount(mb) <= 2 && Fingerprinter.transitions(wb) >= 4) usableB++;
            if (wa == wb) exact++;
            if (((wa ^ wb) & ~mb) == 0 && Long.bitCount(mb) <= 2) coveredByWeak++;
        }
        System.out.println("hamming hist " + java.util.Arrays.toString(hist) + " usableA " + usableA + " usableB " + usableB
                + " exact " + exact + " covered " + coveredByWeak);
        int[] wh = new int[65];
        for (int q = 2800; q < 4400 - fp.span(); q++) wh[Long.bitCount(pb.weak()[q])]++;
        System.out.println("weak count hist b " + java.util.Arrays.toString(wh));
    }

    @Test
    void explore() {
        double[][] grid = {
            // stride s, alpha, maxWeak, minVotes
            {0.0005, 0.05, 2, 2}, {0.0005, 0.05, 2, 1}, {0.00075, 0.05, 2, 2}, {0.00075, 0.05, 2, 1},
            {0.001, 0.05, 2, 2}, {0.001, 0.05, 2, 1}, {0.001, 0.05, 3, 1}, {0.0005, 0.05, 3, 1},
        };
        for (double[] g : grid) {
            OverlapDetector.Tuning d = OverlapDetector.Tuning.defaults();
            OverlapDetector.Tuning t = new OverlapDetector.Tuning(g[0], d.gridStrides(), g[1], (int) g[2],
                    d.minTransitions(), d.silenceFloor(), d.maxBucket(), (int) g[3], d.maxLagsPerPair(),
                    d.maxVotesPerQuery(), true, true);
            int missed = 0, wrongLag = 0, falses = 0;
            double maxSecErr = 0;
            long verified = 0, ms = 0;
            for (long seed = 1; seed <= 30; seed++) {
                Corpus c = corpus(seed);
                long t0 = System.nanoTime();
                OverlapDetector.Result r = new OverlapDetector(SPEC, t).run(c.signals, RATE);
                ms += (System.nanoTime() - t0) / 1_000_000;
                verified += r.verifiedLags();
                Map<String, Overlap> found = new HashMap<>();
                for (Overlap o : r.overlaps()) {
                    found.put(o.a() + "-" + o.b(), o);
                }
                for (Plant p : c.plants) {
                    Overlap o = found.remove(p.a() + "-" + p.b());
                    if (o == null) {
                        missed++;
                        System.out.println("   miss seed " + seed + " " + p);
                    } else {
                        if (Math.abs(o.lagSamples() - p.lag()) > 1) wrongLag++;
                        maxSecErr = Math.max(maxSecErr, Math.abs(o.seconds() - p.seconds()));
                    }
                }
                falses += found.size();
                if (!found.isEmpty()) System.out.println("   false seed " + seed + " " + found.values());
            }
            System.out.println(java.util.Arrays.toString(g) + " missed " + missed + " wrongLag " + wrongLag
                    + " false " + falses + " maxSecErr " + maxSecErr + " verified " + verified + " ms " + ms);
        }
    }
}
