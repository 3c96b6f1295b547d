package org.heartsounds.bench.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heartsounds.trainer.backend.OneDnnHelpers;
import org.heartsounds.trainer.inference.InferenceGraphOptimizer;
import org.heartsounds.trainer.model.ResNet18;
import org.heartsounds.trainer.optim.FusedAdamUpdater;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Training and inference speed of the project's ResNet-18 in DL4J on one fixed random batch: {@code warmup} untimed
 * then {@code iterations} timed {@code fit} steps (forward, backward, Adam 1e-3, BatchNorm on batch statistics),
 * then as many untimed and timed forward passes in inference mode, first on the trained graph as it is, then on the
 * graph {@link InferenceGraphOptimizer} makes of it (BatchNorm folded, ReLU fused: what {@code predict}
 * runs). The same steps as {@code bench/scripts/resnet18_torch.py} does in PyTorch (whose folded
 * counterpart is {@code torch.fx.experimental.optimization.fuse}).
 */
public final class TrainingBenchmark {
    private static final long SEED = 42;

    private TrainingBenchmark() {
    }

    /** What to measure. */
    public record Settings(int size, int batch, int classes, int warmup, int iterations, boolean helpers) {
        public Settings {
            if (size < ResNet18.MIN_INPUT_SIZE || size > ResNet18.MAX_INPUT_SIZE) {
                throw new IllegalArgumentException("size must be in [" + ResNet18.MIN_INPUT_SIZE + ", "
                        + ResNet18.MAX_INPUT_SIZE + "], got " + size);
            }
            if (batch < 1 || classes < 2 || warmup < 0 || iterations < 1) {
                throw new IllegalArgumentException("need batch >= 1, classes >= 2, warmup >= 0, iterations >= 1; got "
                        + batch + ", " + classes + ", " + warmup + ", " + iterations);
            }
        }
    }

    /**
     * Images per second for training, inference and inference on the optimised graph, the network's helper coverage
     * and the backend description ({@link OneDnnHelpers#describe()} as it was when the network was built).
     */
    public record Result(Settings settings, double trainImagesPerSecond, double inferImagesPerSecond,
                         double tunedInferImagesPerSecond, OneDnnHelpers.Coverage coverage, String backend) {
    }

    /** Builds ResNet-18 with the helpers as {@code s.helpers()} says and times it. */
    public static Result run(Settings s) {
        String[] backend = new String[1];
        ComputationGraph net = OneDnnHelpers.build(s.helpers(), () -> {
            backend[0] = OneDnnHelpers.describe();
            return ResNet18.builder().setNumClasses(s.classes()).optInputSize(s.size()).optSeed(SEED)
                    .optUpdater(new Adam(1e-3)).build();
        });
        if (s.helpers()) {
            FusedAdamUpdater.install(net);
        }
        DataSet batch = fixedBatch(s.batch(), s.classes(), s.size());
        INDArray x = batch.getFeatures();

        for (int i = 0; i < s.warmup(); i++) {
            net.fit(batch);
        }
        long start = System.nanoTime();
        for (int i = 0; i < s.iterations(); i++) {
            net.fit(batch);
        }
        double trainSeconds = (System.nanoTime() - start) / 1e9;

        double inferSeconds = timed(() -> net.outputSingle(false, x), s);
        InferenceGraphOptimizer.Optimized tuned = InferenceGraphOptimizer.optimize(net, s.helpers());
        double tunedSeconds = timed(() -> tuned.output(x), s);

        double images = (double) s.batch() * s.iterations();
        return new Result(s, images / trainSeconds, images / inferSeconds, images / tunedSeconds,
                OneDnnHelpers.active(net), backend[0]);
    }

    /** The benchmarks' minibatch: seeded uniform noise images, labels cycling through the classes. */
    static DataSet fixedBatch(int batch, int classes, int size) {
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(SEED);
        INDArray x = Nd4j.rand(Nd4j.createUninitialized(DataType.FLOAT, batch, 3, size, size), rng);
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, classes);
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, i % classes, 1.0);
        }
        return new DataSet(x, y);
    }

    /** Seconds of {@code s.iterations()} calls after {@code s.warmup()} untimed ones. */
    private static double timed(Runnable call, Settings s) {
        for (int i = 0; i < s.warmup(); i++) {
            call.run();
        }
        long start = System.nanoTime();
        for (int i = 0; i < s.iterations(); i++) {
            call.run();
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
