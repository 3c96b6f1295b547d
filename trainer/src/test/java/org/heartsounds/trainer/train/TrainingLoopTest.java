package org.heartsounds.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.heartsounds.core.config.TrainSpec;
import org.heartsounds.trainer.data.EpochBatches;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The epoch loop on a small dense network (6 inputs, 8 hidden, 3 classes) and an in-memory store: early stopping and
 * patience 0, resuming after a simulated kill, and the divergence guard.
 */
class TrainingLoopTest {
    private static final int FEATURES = 6;
    private static final int CLASSES = 3;

    @BeforeAll
    static void oneThread() {
        Nd4jThreads.single();
    }

    /** Three Gaussian blobs; {@code scale} multiplies the features. */
    private static INDArray[] blobs(int n, long seed, double scale) {
        Random r = new Random(seed);
        float[][] x = new float[n][FEATURES];
        float[][] y = new float[n][CLASSES];
        for (int i = 0; i < n; i++) {
            int c = i % CLASSES;
            for (int j = 0; j < FEATURES; j++) {
                x[i][j] = (float) (scale * ((j % CLASSES == c ? 1.0 : 0.0) + 0.8 * r.nextGaussian()));
            }
            y[i][c] = 1;
        }
        return new INDArray[] {Nd4j.createFromArray(x), Nd4j.createFromArray(y)};
    }

    private static TrainSpec spec(int epochs, TrainSpec.Optimizer optimizer, double lr, int patience,
                                  double minDelta) {
        return spec(epochs, optimizer, lr, TrainSpec.EarlyStopping.Metric.VAL_LOSS, patience, minDelta);
    }

    private static TrainSpec spec(int epochs, TrainSpec.Optimizer optimizer, double lr,
                                  TrainSpec.EarlyStopping.Metric metric, int patience, double minDelta) {
        return new TrainSpec("o", epochs, 8, optimizer, lr, 0, 0, TrainSpec.Schedule.COSINE, 0,
                TrainSpec.Freeze.NONE, "none", null, new TrainSpec.EarlyStopping(metric, patience, minDelta), null, 0,
                false, 16, null);
    }

    private static ComputationGraph graph(TrainSpec spec, int batchesPerEpoch) {
        LearningRateSchedule s = LearningRateSchedule.of(spec, batchesPerEpoch);
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(5)
                .dataType(DataType.FLOAT)
                .updater(spec.optimizer() == TrainSpec.Optimizer.ADAM ? new Adam(s) : new Nesterovs(s, 0))
                .graphBuilder().addInputs("in")
                .addLayer("hidden", new DenseLayer.Builder().nIn(FEATURES).nOut(8).activation(Activation.RELU)
                        .build(), "in")
                .addLayer("fc", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build(), "hidden")
                .setOutputs("fc").build());
        g.init();
        return g;
    }

    /** Keeps everything in memory; can simulate a kill right after an epoch was committed. */
    static final class MemoryStore implements RunStore {
        byte[] checkpoint;
        List<EpochResult> history;
        TrainingState state;
        final List<Integer> bestEpochs = new ArrayList<>();
        int killAfterEpoch = -1;

        @Override
        public void saveBest(int epoch) {
            bestEpochs.add(epoch);
        }

        @Override
        public void saveEpoch(ComputationGraph trainable, List<EpochResult> h, TrainingState s) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            ModelSerializer.writeModel(trainable, b, true);
            checkpoint = b.toByteArray();
            history = List.copyOf(h);
            state = s;
            if (s.epochsDone() == killAfterEpoch) {
                throw new Killed();
            }
        }
    }

    static final class Killed extends RuntimeException {
    }

    private record Setup(TrainSpec spec, EpochBatches batches, INDArray valX, INDArray valY) {
        TrainingLoop loop(ComputationGraph g, RunStore store) {
            return TrainingLoop.builder().setGraph(g, "fc", "hidden").setTrainBatches(batches)
                    .setValidation(valX, valY).setSpec(spec).setStore(store).build();
        }

        ComputationGraph graph() {
            return TrainingLoopTest.graph(spec, batches.batchesPerEpoch());
        }
    }

    private static Setup setup(TrainSpec spec, double scale) {
        INDArray[] train = blobs(30, 1, scale);
        INDArray[] val = blobs(12, 2, scale);
        return new Setup(spec, new EpochBatches(train[0], train[1], spec.batchSize(), 9, null), val[0], val[1]);
    }

    private static List<String> deterministic(List<EpochResult> rows) {
        return rows.stream().map(r -> String.join(",", Arrays.copyOf(r.csvRow().split(","), 6))).toList();
    }

    /** metrics.csv's time split: nested in the epoch's wall time, the network steps and validation measured. */
    @Test
    void epochTimesSplitTheWallTime() throws IOException {
        Setup s = setup(spec(2, TrainSpec.Optimizer.ADAM, 1e-2, 0, 0), 1);
        TrainingOutcome o = s.loop(s.graph(), new MemoryStore()).run();
        EpochTimes before = o.history().get(0).times();
        assertEquals(0.0, before.networkSeconds());
        assertEquals(o.history().get(0).seconds(), before.validationSeconds(), 0.0);
        for (EpochResult r : o.history().subList(1, 3)) {
            EpochTimes t = r.times();
            assertTrue(t.dataSeconds() >= 0 && t.networkSeconds() > 0 && t.validationSeconds() > 0, t.toString());
            assertEquals(0.0, t.augmentSeconds(), "no augmenter");
            double sum = t.dataSeconds() + t.augmentSeconds() + t.networkSeconds() + t.validationSeconds();
            assertTrue(sum <= r.seconds() + 1e-6 && sum > 0.5 * r.seconds(), sum + " of " + r.seconds());
            assertEquals(t.networkSeconds(), EpochResult.parse(r.csvRow()).times().networkSeconds(), 5e-4,
                    "the CSV keeps the split");
        }
    }

    @Test
    void patienceZeroNeverStopsEarly() throws IOException {
        // min_delta 100: no epoch improves on the first, so only the patience decides
        Setup s = setup(spec(4, TrainSpec.Optimizer.ADAM, 1e-2, 0, 100), 1);
        MemoryStore store = new MemoryStore();
        TrainingOutcome o = s.loop(s.graph(), store).run();
        assertEquals(5, o.history().size(), "epochs 0..4");
        assertEquals("reached train.epochs (4)", o.stopReason());
        assertTrue(store.state.finished());
        assertEquals(4, store.state.epochsDone());

        Setup one = setup(spec(4, TrainSpec.Optimizer.ADAM, 1e-2, 1, 100), 1);
        TrainingOutcome stopped = one.loop(one.graph(), new MemoryStore()).run();
        assertEquals(3, stopped.history().size(), "patience 1: epochs 0..2");
        assertEquals("early stopping: no val_loss improvement for 1 epochs", stopped.stopReason());
    }

    @Test
    void bestEpochIsTheLowestValidationLossAndIsSavedWhenReached() throws IOException {
        Setup s = setup(spec(5, TrainSpec.Optimizer.ADAM, 5e-2, 0, 0), 1);
        MemoryStore store = new MemoryStore();
        TrainingOutcome o = s.loop(s.graph(), store).run();
        List<Integer> improvements = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        for (EpochResult r : o.history().subList(1, o.history().size())) {
            if (r.valLoss() < best) {
                best = r.valLoss();
                improvements.add(r.epoch());
            }
        }
        assertEquals(improvements, store.bestEpochs, "model saved exactly at each new best");
        assertEquals(improvements.get(improvements.size() - 1), o.bestEpoch());
        assertEquals(best, o.bestScore(), 0.0);
        assertTrue(o.history().get(5).valLoss() < o.history().get(0).valLoss(), "it learns: " + o.history());
        assertTrue(o.history().get(5).valAcc() >= 0.75, "separable blobs: " + o.history().get(5));
    }

    @Test
    void theClassAveragedMetricsSelectTheirHighestEpochAndAreRecordedEveryEpoch() throws IOException {
        for (TrainSpec.EarlyStopping.Metric metric : List.of(TrainSpec.EarlyStopping.Metric.VAL_BALANCED_ACC,
                TrainSpec.EarlyStopping.Metric.VAL_MACRO_F1)) {
            Setup s = setup(spec(5, TrainSpec.Optimizer.ADAM, 5e-2, metric, 0, 0), 1);
            MemoryStore store = new MemoryStore();
            TrainingOutcome o = s.loop(s.graph(), store).run();
            List<Integer> improvements = new ArrayList<>();
            double best = Double.NEGATIVE_INFINITY;
            for (EpochResult r : o.history().subList(1, o.history().size())) {
                if (r.value(metric) > best) {
                    best = r.value(metric);
                    improvements.add(r.epoch());
                }
            }
            assertEquals(improvements, store.bestEpochs, metric + ": model saved at each new highest value");
            assertEquals(improvements.get(improvements.size() - 1), o.bestEpoch(), metric.key());
            assertEquals(best, o.bestScore(), 0.0, metric.key());
            assertTrue(best >= 0.75, metric + " of separable blobs: " + o.history());
            for (EpochResult r : o.history()) {
                // balanced blobs, every class predicted: the class averages are defined and in [0, 1]
                for (double v : new double[] {r.valBalancedAcc(), r.valMacroF1(), r.valMacroAuroc()}) {
                    assertTrue(v >= 0 && v <= 1, r.toString());
                }
            }
            Inference.Scores recomputed = Inference.score(Inference.probabilities(s.graph(), s.valX(), 16), s.valY());
            assertEquals(o.history().get(0).valBalancedAcc(), recomputed.balancedAccuracy(), 1e-6,
                    "epoch 0 is the untrained network's validation score");
            assertEquals(o.history().get(0).valMacroF1(), recomputed.macroF1(), 1e-6);
        }
    }

    @Test
    void higherIsBetterWhenEarlyStoppingReplaysStoredClassAveragedScores() throws IOException {
        for (TrainSpec.EarlyStopping.Metric metric : List.of(TrainSpec.EarlyStopping.Metric.VAL_BALANCED_ACC,
                TrainSpec.EarlyStopping.Metric.VAL_MACRO_F1, TrainSpec.EarlyStopping.Metric.VAL_MACRO_AUROC)) {
            Setup s = setup(spec(6, TrainSpec.Optimizer.ADAM, 1e-2, metric, 2, 0), 1);
            // hand-made history: the metric peaks at 1.0 (the most it can be) in epoch 1, then 0.5 and 0.6; val_loss
            // and val_acc would prefer epoch 3
            List<EpochResult> stored = new ArrayList<>();
            double[] values = {0.2, 1.0, 0.5, 0.6};
            for (int e = 0; e < values.length; e++) {
                double v = values[e];
                stored.add(new EpochResult(e, 1, 0.5, 2.0 - e * 0.1, 0.3 + e * 0.1, 0, 1, 1,
                        metric == TrainSpec.EarlyStopping.Metric.VAL_BALANCED_ACC ? v : 0.5,
                        metric == TrainSpec.EarlyStopping.Metric.VAL_MACRO_F1 ? v : 0.5,
                        metric == TrainSpec.EarlyStopping.Metric.VAL_MACRO_AUROC ? v : 0.5));
            }
            MemoryStore store = new MemoryStore();
            TrainingOutcome o = s.loop(s.graph(), store).resume(stored,
                    new TrainingState(3, 1, 1.0, false, null, ""));
            // epoch 4 cannot beat 1.0, and it is the second epoch after the best: stop there, keep epoch 1
            assertEquals(List.of(0, 1, 2, 3, 4), o.history().stream().map(EpochResult::epoch).toList(), metric.key());
            assertEquals(1, o.bestEpoch(), metric.key());
            assertEquals(1.0, o.bestScore(), 0.0);
            assertEquals(List.of(), store.bestEpochs, "no new best");
            assertEquals("early stopping: no " + metric.key() + " improvement for 2 epochs", o.stopReason());
            assertTrue(store.state.finished());
        }
    }

    @Test
    void resumingAfterAKillComputesWhatTheUninterruptedRunDid() throws IOException {
        TrainSpec spec = spec(5, TrainSpec.Optimizer.ADAM, 2e-2, 2, 1e-3);
        Setup s = setup(spec, 1);
        MemoryStore full = new MemoryStore();
        ComputationGraph uninterrupted = s.graph();
        TrainingOutcome expected = s.loop(uninterrupted, full).run();

        MemoryStore killed = new MemoryStore();
        killed.killAfterEpoch = 2;
        assertThrows(Killed.class, () -> s.loop(s.graph(), killed).run());
        assertEquals(2, killed.state.epochsDone());
        assertFalse(killed.state.finished());
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(
                new ByteArrayInputStream(killed.checkpoint), true);
        // metrics.csv rows written after the checkpoint would be discarded: pass one extra, stale row
        List<EpochResult> stale = new ArrayList<>(killed.history);
        stale.add(new EpochResult(3, 9, 0, 9, 0, 0, 1, 1));
        killed.killAfterEpoch = -1;
        TrainingOutcome resumed = s.loop(restored, killed).resume(stale, killed.state);
        assertEquals(deterministic(expected.history()), deterministic(resumed.history()));
        assertEquals(expected.bestEpoch(), resumed.bestEpoch());
        assertEquals(expected.stopReason(), resumed.stopReason());
        assertEquals(0.0, uninterrupted.params().sub(restored.params()).amaxNumber().doubleValue());
    }

    @Test
    void aDivergingRunThrowsNamingTheEpochEvenThoughDl4jClipsItsLoss() {
        // huge features and SGD at learning rate 9: the logits explode within a few batches; DL4J's clipped score
        // stays below 24, the unclipped cross-entropy does not
        Setup s = setup(spec(3, TrainSpec.Optimizer.SGD, 9, 0, 0), 1000);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> s.loop(s.graph(), new MemoryStore()).run());
        assertTrue(e.getMessage().matches("(?s)training diverged in epoch 1 \\(iteration \\d+\\): minibatch loss .*"
                + "Lower train.learning_rate \\(now 9.00000\\).*"), e.getMessage());
    }

    @Test
    void runningLossIsTheExactCrossEntropyAndStaysFiniteForSaturatedLogits() {
        ComputationGraph g = graph(spec(2, TrainSpec.Optimizer.ADAM, 1e-3, 0, 0), 1);
        g.getLayer("hidden").setParam("W", Nd4j.eye(FEATURES).getColumns(0, 1, 2, 3, 4, 5, 0, 1)
                .castTo(DataType.FLOAT));
        g.getLayer("hidden").setParam("b", Nd4j.zeros(DataType.FLOAT, 1, 8));
        INDArray w = Nd4j.zeros(DataType.FLOAT, 8, CLASSES);
        w.putScalar(0, 0, 1);
        w.putScalar(1, 1, 1);
        w.putScalar(2, 2, 1);
        g.getLayer("fc").setParam("W", w);
        g.getLayer("fc").setParam("b", Nd4j.zeros(DataType.FLOAT, 1, CLASSES));
        // example 0: logits (2, 0, 0), class 0; example 1: logits (300, 0, 0), class 0 (saturated, correct);
        // example 2: logits (0, 150, 0), class 2 (saturated, wrong)
        INDArray x = Nd4j.createFromArray(new float[][] {{2, 0, 0, 0, 0, 0}, {300, 0, 0, 0, 0, 0},
            {0, 150, 0, 0, 0, 0}});
        INDArray y = Nd4j.createFromArray(new float[][] {{1, 0, 0}, {1, 0, 0}, {0, 0, 1}});
        RunningMetrics m = new RunningMetrics("fc", "hidden");
        m.reset();
        m.nextBatch(y);
        m.onForwardPass(g, g.feedForward(new INDArray[] {x}, true, false));
        double l0 = -2 + Math.log(Math.exp(2) + 2);
        double l1 = Math.log(1 + 2 * Math.exp(-300));
        double l2 = 150 + Math.log(1 + 2 * Math.exp(-150));
        assertEquals((l0 + l1 + l2) / 3, m.meanLoss(), 1e-4);
        assertEquals((l0 + l1 + l2) / 3, m.lastBatchLoss(), 1e-4);
        assertEquals(2.0 / 3, m.accuracy(), 1e-12);
    }
}
