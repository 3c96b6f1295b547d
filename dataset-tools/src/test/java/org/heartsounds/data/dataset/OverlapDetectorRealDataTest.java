package org.heartsounds.data.dataset;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.heartsounds.core.config.SplitSpec;
import org.junit.jupiter.api.Test;

class OverlapDetectorRealDataTest {
    @Test
    void debug() throws Exception {
        Path root = RealData.yaseen();
        assumeTrue(root != null, "shared dataset absent");
        List<Path> files = RealData.wavs(root);
        int[][] cases = {{412, 413, 6570}};
        for (int[] c : cases) {
            float[] a8 = SyntheticSignals.normalise(RealData.toFloat(RealData.pcm16(files.get(c[0]))));
            float[] b8 = SyntheticSignals.normalise(RealData.toFloat(RealData.pcm16(files.get(c[1]))));
            for (int rate : new int[] {8000, 4000}) {
                float[] a = rate == 8000 ? a8 : SyntheticSignals.normalise(RealData.decimate2(a8));
                float[] b = rate == 8000 ? b8 : SyntheticSignals.normalise(RealData.decimate2(b8));
                int lag = rate == 8000 ? c[2] : c[2] / 2;
                int stride = rate / 2000;
                Fingerprinter fp = new Fingerprinter(stride, 0.05, 1e-3);
                Fingerprinter.Prints pa = fp.compute(a), pb = fp.compute(b);
                int lo = Math.max(0, -lag), hi = Math.min(b.length, a.length - lag) - fp.span();
                StringBuilder sb = new StringBuilder();
                for (int l = lag - 1; l <= lag + 1; l++) {
                    int exact = 0, covered = 0, usable = 0;
                    for (int q = Math.max(0, -l); q < Math.min(b.length, a.length - l) - fp.span() + 1; q++) {
                        long wa = pa.words()[q + l], wb = pb.words()[q], mb = pb.weak()[q];
                        if (Long.bitCount(mb) <= 2 && Fingerprinter.transitions(wb) >= 4) usable++; else continue;
                        if (wa == wb) exact++;
                        if (((wa ^ wb) & ~mb) == 0) covered++;
                    }
                    sb.append(" lag ").append(l).append(": usable ").append(usable).append(" exact ").append(exact)
                            .append(" covered ").append(covered);
                }
                OverlapVerifier v = new OverlapVerifier(0.98, rate / 4, 32 * stride, 1e-3);
                {
                    int s0 = Math.max(0, -lag), e0 = Math.min(b.length, a.length - lag);
                    OverlapVerifier.Sums all = OverlapVerifier.sums(a, b, lag, s0, e0);
                    System.out.println("region " + s0 + ".." + e0 + " corr " + all.correlation() + " px " + all.powerX() + " py " + all.powerY() + " ratio " + all.amplitudeRatio());
                    for (int t = s0; t + 32 * stride <= e0; t += 32 * stride) {
                        OverlapVerifier.Sums bl = OverlapVerifier.sums(a, b, lag, t, t + 32 * stride);
                        System.out.printf("   %d c=%.4f ratio=%.3f px=%.2e%n", t, bl.correlation(), bl.amplitudeRatio(), bl.powerX());
                    }
                }
                int mid = (Math.max(0, -lag) + Math.min(b.length, a.length - lag)) / 2;
                System.out.println(c[0] + "-" + c[1] + " @" + rate + sb + " verify " + v.verify(a, b, lag,
                        mid - fp.span(), mid, fp.span()));
                for (int l = lag - 1; l <= lag + 1; l++) {
                    int s0 = Math.max(0, -l), e0 = Math.min(b.length, a.length - l);
                    StringBuilder bc = new StringBuilder("   blocks lag " + l + ":");
                    for (int t = s0; t + 32 * stride <= e0; t += 32 * stride) {
                        bc.append(String.format(" %.3f", OverlapVerifier.sums(a, b, l, t, t + 32 * stride).correlation()));
                    }
                    System.out.println(bc);
                }
            }
        }
    }

    @Test
    void explore() throws Exception {
        Path root = RealData.yaseen();
        assumeTrue(root != null, "shared dataset absent");
        List<Path> files = RealData.wavs(root);
        List<float[]> s8 = new ArrayList<>();
        for (Path f : files) {
            s8.add(SyntheticSignals.normalise(RealData.toFloat(RealData.pcm16(f))));
        }
        List<float[]> s4 = s8.stream().map(RealData::decimate2).map(SyntheticSignals::normalise).toList();
        SplitSpec.Overlap spec = new SplitSpec.Overlap(true, 0.25, 0.98);
        double[][] grid = {{0.0005, 0.05, 2, 2}};
        for (double[] g : grid) {
            OverlapDetector.Tuning d = OverlapDetector.Tuning.defaults();
            OverlapDetector.Tuning t = new OverlapDetector.Tuning(g[0], d.gridStrides(), g[1], (int) g[2],
                    d.minTransitions(), d.silenceFloor(), d.maxBucket(), (int) g[3], d.maxLagsPerPair(),
                    d.maxVotesPerQuery(), true, false);
            for (int rate : new int[] {8000, 4000}) {
                List<float[]> sig = rate == 8000 ? s8 : s4;
                new OverlapDetector(spec, t).run(sig, rate); // warm-up
                java.util.Arrays.fill(OverlapDetector.PROF, 0);
                long t0 = System.nanoTime();
                OverlapDetector.Result r = new OverlapDetector(spec, t).run(sig, rate);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                try (java.io.PrintWriter w = new java.io.PrintWriter("/tmp/proto/det" + rate + "_" + (int) g[2] + ".txt")) {
                    for (Overlap o : r.overlaps()) {
                        w.println(o.a() + " " + o.b() + " " + o.lagSamples() + " " + o.seconds() + " " + o.correlation());
                    }
                }
                int cross = 0, nonConsecutive = 0;
                double minCorr = 1;
                for (Overlap o : r.overlaps()) {
                    String ca = files.get(o.a()).getParent().getFileName().toString();
                    String cb = files.get(o.b()).getParent().getFileName().toString();
                    if (!ca.equals(cb)) cross++;
                    if (o.b() - o.a() != 1) nonConsecutive++;
                    minCorr = Math.min(minCorr, o.correlation());
                }
                System.out.println(java.util.Arrays.toString(g) + " @" + rate + ": pairs " + r.overlaps().size()
                        + " cross-class " + cross + " non-consecutive " + nonConsecutive + " minCorr " + minCorr
                        + " indexed " + r.indexedWords() + " dropped " + r.droppedWords() + " verified "
                        + r.verifiedLags() + " " + ms + " ms (1 thread) vote/verify/index ms " + OverlapDetector.PROF[0] / 1000000 + " " + OverlapDetector.PROF[1] / 1000000 + " " + OverlapDetector.PROF[2] / 1000000);
            }
        }
    }
}
