package org.heartsounds.bench.train;

import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heartsounds.trainer.backend.NativeThreads;
import org.heartsounds.trainer.backend.OneDnnHelpers;
import org.heartsounds.trainer.model.ResNet18;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The process {@link ContentionBenchmark} starts, in its own JVM so that OpenMP reads the environment it is given:
 * trains ResNet-18 on a fixed random batch and prints {@code {"train_images_per_s": X}}, or, as the neighbouring
 * training, trains until it is killed. Arguments: size, batch, threads, warm-up steps, timed steps (0: forever).
 */
public final class ContentionProbe {
    private ContentionProbe() {
    }

    public static void main(String[] args) {
        int size = Integer.parseInt(args[0]);
        int batch = Integer.parseInt(args[1]);
        NativeThreads.set(Integer.parseInt(args[2]));
        int warmup = Integer.parseInt(args[3]);
        int steps = Integer.parseInt(args[4]);
        ComputationGraph net = OneDnnHelpers.build(true, () -> ResNet18.builder().setNumClasses(5)
                .optInputSize(size).optSeed(42).optUpdater(new Adam(1e-3)).build());
        DataSet data = TrainingBenchmark.fixedBatch(batch, 5, size);
        for (int i = 0; i < warmup; i++) {
            net.fit(data);
        }
        System.out.println("{\"ready\": true}");
        System.out.flush();
        if (steps <= 0) {
            while (true) {
                net.fit(data);
            }
        }
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            net.fit(data);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "{\"train_images_per_s\": %.3f}%n", (double) batch * steps / seconds);
        System.out.flush();
        System.exit(0);
    }
}
