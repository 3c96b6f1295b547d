package org.heartsounds.data.overlap;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.heartsounds.core.config.SplitSpec;

/**
 * Timing of {@link OverlapDetector} on N synthetic recordings of 3 s at 4 kHz with N/100 planted pairs (not a
 * test; run by hand: {@code java -cp ... OverlapBenchmark 1000 [sequential]}).
 */
public final class OverlapBenchmark {
    private OverlapBenchmark() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        boolean parallel = args.length < 2 || !args[1].equals("sequential");
        Random rnd = new Random(1);
        List<float[]> raw = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            raw.add(SyntheticSignals.recording(rnd, 2.5 + rnd.nextDouble(), i % 3 == 0 ? 0.5 : -1, 0.4));
        }
        for (int k = 0; k < n / 100; k++) {
            SyntheticSignals.plant(raw.get(k), 4000, raw.get(n - 1 - k), 1000, 2000, 0.5);
        }
        List<float[]> signals = raw.stream().map(SyntheticSignals::normalise).toList();
        OverlapDetector d = new OverlapDetector(new SplitSpec.Overlap(true, 0.25, 0.98),
                OverlapDetector.Tuning.defaults().withParallel(parallel));
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int rep = 0; rep < 4; rep++) {
            long t0 = System.nanoTime();
            long c0 = mx.getCurrentThreadCpuTime();
            OverlapDetector.Result r = d.run(signals, SyntheticSignals.RATE);
            double s = (System.nanoTime() - t0) / 1e9;
            double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
            System.out.printf("n=%d parallel=%s run %d: wall %.3f s, main-thread cpu %.3f s, %d overlaps, "
                    + "%d indexed words, %d verified lags%n", n, parallel, rep, s, cpu, r.overlaps().size(),
                    r.indexedWords(), r.verifiedLags());
        }
    }
}
