package org.heartsounds.trainer.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.heartsounds.trainer.model.ResNet18;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/**
 * The fused Adam step computes what DL4J's updater computes. ResNet-18 at 32 px as the trainer builds it for a
 * recipe (Adam with a learning-rate schedule, weight decay applied with the learning rate through
 * {@link FineTuneConfiguration}, BatchNorm running statistics on {@code NoOp} updater blocks, frozen stem):
 *
 * <ul>
 *   <li>one update from the same gradient and state, over several iterations: every element of the update and of
 *       both Adam moments within {@value #UPDATE_TOLERANCE} of DL4J's, relative to the array's largest magnitude
 *       (measured: worst 1.7e-7; the difference is float rounding, libnd4j may contract into fused multiply-adds);</li>
 *   <li>training: {@value #STEPS} {@code fit} steps with each updater from the same start follow the same loss curve
 *       (relative {@value #LOSS_TOLERANCE}) and end with parameters within {@value #PARAM_TOLERANCE} relative L2
 *       (measured 6.5e-8);</li>
 *   <li>the model file of a network trained with the fused updater is a plain DL4J model whose updater state resumes
 *       training exactly;</li>
 *   <li>what it does not fuse (SGD with momentum) keeps DL4J's updater and says so.</li>
 * </ul>
 */
class FusedAdamUpdaterTest {
    static final double UPDATE_TOLERANCE = 1e-6;
    static final double LOSS_TOLERANCE = 1e-5;
    static final double PARAM_TOLERANCE = 1e-4;
    static final int STEPS = 8;
    static final int SIZE = 32;
    static final int BATCH = 6;

    @Test
    void oneUpdateEqualsDl4jsOverSeveralIterations() {
        ComputationGraph plain = recipeNetwork(adamWithSchedule(), 5e-4, true);
        ComputationGraph fused = plain.clone();
        assertTrue(FusedAdamUpdater.install(fused).startsWith("updater: fused Adam over "),
                FusedAdamUpdater.install(fused));
        assertInstanceOf(FusedAdamUpdater.class, fused.getUpdater());
        assertFalse(plain.getUpdater() instanceof FusedAdamUpdater);

        Gradient plainGradient = gradientOf(plain);
        Gradient fusedGradient = gradientOf(fused);
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(11);
        double worst = 0;
        for (int iteration : new int[] {0, 1, 2, 7, 40, 41}) {
            long[] shape = plain.getFlattenedGradients().shape();
            INDArray g = Nd4j.randn(Nd4j.createUninitialized(DataType.FLOAT, shape), rng)
                    .muli(Nd4j.rand(Nd4j.createUninitialized(DataType.FLOAT, shape), rng).muli(3)); // spread scales
            plainGradient.gradient().assign(g.reshape(plainGradient.gradient().shape()));
            fusedGradient.gradient().assign(g.reshape(fusedGradient.gradient().shape()));
            plain.getUpdater().update(plainGradient, iteration, 0, BATCH, LayerWorkspaceMgr.noWorkspaces());
            fused.getUpdater().update(fusedGradient, iteration, 0, BATCH, LayerWorkspaceMgr.noWorkspaces());
            worst = Math.max(worst, relativeMax(fused.getFlattenedGradients(), plain.getFlattenedGradients()));
            worst = Math.max(worst, relativeMax(fused.getUpdater().getStateViewArray(),
                    plain.getUpdater().getStateViewArray()));
        }
        System.out.println("fused Adam vs DL4J, one update: worst relative difference " + worst);
        assertTrue(worst < UPDATE_TOLERANCE, "worst relative difference " + worst);
        // the updates are not trivially equal: weight decay and the schedule contribute
        assertTrue(plain.getFlattenedGradients().norm2Number().doubleValue() > 0);
    }

    @Test
    void trainingFollowsTheSameCurveAndResumesFromAPlainModelFile(@TempDir Path dir) throws Exception {
        ComputationGraph plain = recipeNetwork(adamWithSchedule(), 1e-4, false);
        ComputationGraph fused = plain.clone();
        FusedAdamUpdater.install(fused);
        DataSet data = separable(BATCH * 2);
        double first = Double.NaN;
        double last = Double.NaN;
        for (int step = 0; step < STEPS; step++) {
            plain.fit(data);
            fused.fit(data);
            assertEquals(plain.score(), fused.score(), LOSS_TOLERANCE * plain.score(), "loss at step " + step);
            first = step == 0 ? plain.score() : first;
            last = plain.score();
        }
        assertTrue(last < 0.8 * first, "the network learns: " + first + " -> " + last);
        double diff = fused.params().sub(plain.params()).norm2Number().doubleValue()
                / plain.params().norm2Number().doubleValue();
        System.out.println("fused Adam vs DL4J, " + STEPS + " steps: relative parameter difference " + diff);
        assertTrue(diff < PARAM_TOLERANCE, "relative parameter difference " + diff);

        File file = dir.resolve("model.zip").toFile();
        ModelSerializer.writeModel(fused, file, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);
        assertFalse(restored.getUpdater() instanceof FusedAdamUpdater, "the file holds a plain DL4J network");
        assertEquals(fused.getUpdater().getStateViewArray().reshape(-1),
                restored.getUpdater().getStateViewArray().reshape(-1));
        FusedAdamUpdater.install(restored);
        fused.fit(data);
        restored.fit(data);
        assertEquals(fused.params(), restored.params(), "resumed from the file, the next step is identical");
    }

    @Test
    void installKeepsTheStateArrayAndIsIdempotent() {
        ComputationGraph net = recipeNetwork(adamWithSchedule(), 0, false);
        INDArray state = net.getUpdater().getStateViewArray();
        FusedAdamUpdater.install(net);
        ComputationGraphUpdater first = net.getUpdater();
        assertEquals(state.data().address(), first.getStateViewArray().data().address(), "the same state memory");
        assertEquals(state.length(), first.getStateViewArray().length());
        FusedAdamUpdater.install(net);
        assertSame(first, net.getUpdater());
    }

    @Test
    void sgdWithMomentumKeepsDl4jsUpdater() {
        ComputationGraph net = recipeNetwork(new Nesterovs(0.01, 0.9), 0, false);
        ComputationGraphUpdater before = net.getUpdater();
        String line = FusedAdamUpdater.install(net);
        assertEquals("updater: DL4J's (updater Nesterovs)", line);
        assertSame(before, net.getUpdater());
        assertNotSame(FusedAdamUpdater.class, net.getUpdater().getClass());
    }

    private static IUpdater adamWithSchedule() {
        return new Adam(new StepSchedule(ScheduleType.ITERATION, 2e-3, 0.5, 3));
    }

    /** ResNet-18 as NetworkFactory makes it: the updater and weight decay through a fine-tune configuration. */
    static ComputationGraph recipeNetwork(IUpdater updater, double weightDecay, boolean freezeStem) {
        ComputationGraph base = ResNet18.builder().setNumClasses(3).optInputSize(SIZE).optSeed(5)
                .optUpdater(updater).build();
        FineTuneConfiguration.Builder ftc = new FineTuneConfiguration.Builder().updater(updater).seed(5);
        if (weightDecay > 0) {
            ftc.weightDecay(weightDecay, true);
        }
        TransferLearning.GraphBuilder b = new TransferLearning.GraphBuilder(base).fineTuneConfiguration(ftc.build());
        if (freezeStem) {
            b.setFeatureExtractor("maxpool");
        }
        return b.build();
    }

    /** The network's own gradient object (per-variable views of its flattened gradient), after one pass. */
    private static Gradient gradientOf(ComputationGraph net) {
        DataSet data = separable(BATCH);
        net.setInputs(data.getFeatures());
        net.setLabels(data.getLabels());
        net.computeGradientAndScore();
        Gradient g = net.gradient();
        assertEquals(net.getUpdater().getFlattenedGradientsView().data().address(), g.gradient().data().address(),
                "the network's own gradient memory");
        return g;
    }

    /** Largest |a - b| over the largest |b|. */
    static double relativeMax(INDArray a, INDArray b) {
        double scale = b.amaxNumber().doubleValue();
        return a.sub(b).amaxNumber().doubleValue() / (scale == 0 ? 1 : scale);
    }

    /** Three classes, each lighting one colour channel of a 10x10 square over noise. */
    static DataSet separable(int n) {
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(3);
        INDArray x = Nd4j.rand(Nd4j.createUninitialized(DataType.FLOAT, n, 3, SIZE, SIZE), rng).muli(0.5);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 3);
        for (int i = 0; i < n; i++) {
            x.get(NDArrayIndex.point(i), NDArrayIndex.point(i % 3),
                    NDArrayIndex.interval(8, 18),
                    NDArrayIndex.interval(8, 18)).addi(1.0);
            y.putScalar(i, i % 3, 1.0);
        }
        return new DataSet(x, y);
    }
}
