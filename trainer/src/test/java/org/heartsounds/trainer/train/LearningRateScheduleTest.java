package org.heartsounds.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heartsounds.core.config.TrainSpec;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ISchedule;

/** Warm-up, cosine, step and constant values, and the schedule's survival through DL4J's JSON configuration. */
class LearningRateScheduleTest {
    private static final double EPS = 1e-12;

    @Test
    void warmUpRampsLinearlyToThePeak() {
        LearningRateSchedule s = new LearningRateSchedule(TrainSpec.Schedule.COSINE, 0.1, 10, 110);
        assertEquals(0.01, s.valueAt(0, 0), EPS);
        assertEquals(0.05, s.valueAt(4, 0), EPS);
        assertEquals(0.1, s.valueAt(9, 0), EPS, "the last warm-up iteration reaches the peak");
        assertEquals(0.1, s.valueAt(10, 1), EPS, "then the schedule starts at the peak");
        LearningRateSchedule constant = new LearningRateSchedule(TrainSpec.Schedule.CONSTANT, 2e-3, 4, 40);
        assertEquals(5e-4, constant.valueAt(0, 0), EPS);
        assertEquals(1.5e-3, constant.valueAt(2, 0), EPS);
    }

    @Test
    void cosineGoesFromPeakThroughHalfToZero() {
        LearningRateSchedule s = new LearningRateSchedule(TrainSpec.Schedule.COSINE, 0.1, 10, 110);
        assertEquals(0.1, s.valueAt(10, 0), EPS, "0 %");
        assertEquals(0.05, s.valueAt(60, 0), EPS, "50 %");
        assertEquals(0.5 * 0.1 * (1 + Math.cos(Math.PI * 0.25)), s.valueAt(35, 0), EPS, "25 %");
        assertEquals(0.0, s.valueAt(110, 0), EPS, "100 %");
        assertEquals(0.0, s.valueAt(500, 0), EPS, "past the end it stays at 0");
        LearningRateSchedule noWarmup = new LearningRateSchedule(TrainSpec.Schedule.COSINE, 1e-3, 0, 100);
        assertEquals(1e-3, noWarmup.valueAt(0, 0), EPS);
        assertEquals(5e-4, noWarmup.valueAt(50, 0), EPS);
        for (int i = 1; i <= 100; i++) {
            assertEquals(true, noWarmup.valueAt(i, 0) <= noWarmup.valueAt(i - 1, 0), "monotone at " + i);
        }
    }

    @Test
    void stepDividesByTenAtHalfAndThreeQuarters() {
        LearningRateSchedule s = new LearningRateSchedule(TrainSpec.Schedule.STEP, 0.5, 0, 100);
        assertEquals(0.5, s.valueAt(0, 0), EPS);
        assertEquals(0.5, s.valueAt(49, 0), EPS);
        assertEquals(0.05, s.valueAt(50, 0), EPS);
        assertEquals(0.05, s.valueAt(74, 0), EPS);
        assertEquals(0.005, s.valueAt(75, 0), EPS);
        assertEquals(0.005, s.valueAt(99, 0), EPS);
        LearningRateSchedule warm = new LearningRateSchedule(TrainSpec.Schedule.STEP, 0.5, 20, 120);
        assertEquals(0.5, warm.valueAt(19, 0), EPS, "end of the warm-up");
        assertEquals(0.05, warm.valueAt(70, 0), EPS, "boundaries count after the warm-up: 20 + 50 % of 100");
        assertEquals(0.5, warm.valueAt(69, 0), EPS);
    }

    @Test
    void constantStaysAtThePeak() {
        LearningRateSchedule s = new LearningRateSchedule(TrainSpec.Schedule.CONSTANT, 3e-4, 0, 10);
        for (int i : new int[] {0, 5, 9, 10, 1000}) {
            assertEquals(3e-4, s.valueAt(i, i / 3), EPS);
        }
    }

    @Test
    void ofARecipeCountsIterations() {
        TrainSpec spec = new TrainSpec("o", 20, 16, TrainSpec.Optimizer.ADAM, 1e-3, 0.9, 0, TrainSpec.Schedule.STEP, 2,
                TrainSpec.Freeze.NONE, "none", null, null, null, 0, false, 64, null);
        LearningRateSchedule s = LearningRateSchedule.of(spec, 7);
        assertEquals(new LearningRateSchedule(TrainSpec.Schedule.STEP, 1e-3, 14, 140), s);
        assertEquals(14, s.getWarmup());
        assertEquals(140, s.getTotal());
        assertEquals(s, s.clone());
        assertEquals(s.hashCode(), s.clone().hashCode());
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(TrainSpec.Schedule.COSINE, 0, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(TrainSpec.Schedule.COSINE, 1, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(TrainSpec.Schedule.COSINE, 1, 0, 0));
        assertThrows(NullPointerException.class, () -> new LearningRateSchedule(null, 1, 0, 10));
    }

    @Test
    void survivesTheGraphConfigurationJsonRoundTrip() {
        LearningRateSchedule adamSchedule = new LearningRateSchedule(TrainSpec.Schedule.COSINE, 0.01, 3, 30);
        LearningRateSchedule sgdSchedule = new LearningRateSchedule(TrainSpec.Schedule.STEP, 0.2, 0, 12);
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                .graphBuilder().addInputs("in")
                .addLayer("dense", new DenseLayer.Builder().nIn(4).nOut(3).activation(Activation.RELU)
                        .updater(new Adam(adamSchedule)).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(2)
                        .activation(Activation.SOFTMAX).updater(new Nesterovs(sgdSchedule, 0.9)).build(), "dense")
                .setOutputs("out").build();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        IUpdater adam = updater(back, "dense");
        IUpdater sgd = updater(back, "out");
        assertInstanceOf(Adam.class, adam);
        assertInstanceOf(Nesterovs.class, sgd);
        ISchedule a = ((Adam) adam).getLearningRateSchedule();
        ISchedule n = ((Nesterovs) sgd).getLearningRateSchedule();
        assertEquals(adamSchedule, a);
        assertEquals(sgdSchedule, n);
        assertEquals(0.9, ((Nesterovs) sgd).getMomentum(), EPS);
        for (int i = 0; i < 35; i++) {
            assertEquals(adamSchedule.valueAt(i, 0), a.valueAt(i, 0), EPS);
        }
    }

    @Test
    void theNetworkUsesTheScheduleAtItsIterationCount() {
        LearningRateSchedule s = new LearningRateSchedule(TrainSpec.Schedule.COSINE, 0.05, 2, 8);
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.FLOAT).updater(new Adam(s)).graphBuilder().addInputs("in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "in")
                .setOutputs("out").build());
        g.init();
        DataSet ds = new DataSet(Nd4j.rand(DataType.FLOAT, 6, 4), Nd4j.eye(6).getColumns(0, 1).castTo(DataType.FLOAT));
        for (int i = 0; i < 8; i++) {
            assertEquals(s.valueAt(i, 0), g.getLearningRate("out"), 1e-9, "before iteration " + i);
            g.fit(ds);
        }
        ComputationGraph restored = new ComputationGraph(ComputationGraphConfiguration.fromJson(
                g.getConfiguration().toJson()));
        restored.init();
        assertEquals(8, restored.getConfiguration().getIterationCount(), "the iteration count is in the JSON");
        assertEquals(s.valueAt(8, 0), restored.getLearningRate("out"), 1e-9);
    }

    private static IUpdater updater(ComputationGraphConfiguration conf, String layer) {
        return ((BaseLayer) ((LayerVertex) conf.getVertices().get(layer)).getLayerConf().getLayer()).getIUpdater();
    }
}
