package org.heartsounds.trainer.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.deeplearning4j.earlystopping.termination.EpochTerminationCondition;
import org.deeplearning4j.earlystopping.termination.ScoreImprovementEpochTerminationCondition;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heartsounds.core.config.TrainSpec;
import org.heartsounds.trainer.data.EpochBatches;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The epoch loop: fit every minibatch of {@link EpochBatches}, score the validation split, keep the best network by
 * the recipe's {@code train.early_stopping.metric} (lower {@code val_loss}, or higher {@code val_acc},
 * {@code val_balanced_acc}, {@code val_macro_f1}, {@code val_macro_auroc}), stop early on DL4J's
 * {@link ScoreImprovementEpochTerminationCondition} over the same metric (validation only, never test), and persist
 * every epoch through a {@link RunStore} so a killed run resumes exactly. Progress, running metrics and the
 * divergence guard are DL4J training listeners.
 *
 * <p>Resuming: pass the stored history and state; the termination condition is rebuilt by replaying the stored
 * validation scores, the permutation and augmentation of each epoch depend only on (seed, epoch), and the network
 * comes back with its updater state and iteration count, so the continued run computes what the uninterrupted one
 * would have.
 */
public final class TrainingLoop {
    private final ThroughputWatch throughput = new ThroughputWatch();
    private final ComputationGraph graph;
    private final String head;
    private final String headInput;
    private final EpochBatches train;
    private final INDArray valFeatures;
    private final INDArray valLabels;
    private final TrainSpec spec;
    private final RunStore store;
    private final TrainingEvents events;
    private final String configSha256;

    private TrainingLoop(Builder b) {
        this.graph = b.graph;
        this.head = b.head;
        this.headInput = b.headInput;
        this.train = b.train;
        this.valFeatures = b.valFeatures;
        this.valLabels = b.valLabels;
        this.spec = b.spec;
        this.store = b.store;
        this.events = b.events;
        this.configSha256 = b.configSha256;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder: every {@code set…} is required, {@code opt…} optional. */
    public static final class Builder {
        private ComputationGraph graph;
        private String head;
        private String headInput;
        private EpochBatches train;
        private INDArray valFeatures;
        private INDArray valLabels;
        private TrainSpec spec;
        private RunStore store;
        private TrainingEvents events = TrainingEvents.NONE;
        private String configSha256 = "";

        /** The network to fit, its softmax head and the vertex feeding the head. */
        public Builder setGraph(ComputationGraph graph, String head, String headInput) {
            this.graph = graph;
            this.head = head;
            this.headInput = headInput;
            return this;
        }

        public Builder setTrainBatches(EpochBatches train) {
            this.train = train;
            return this;
        }

        public Builder setValidation(INDArray features, INDArray labels) {
            this.valFeatures = features;
            this.valLabels = labels;
            return this;
        }

        public Builder setSpec(TrainSpec spec) {
            this.spec = spec;
            return this;
        }

        public Builder setStore(RunStore store) {
            this.store = store;
            return this;
        }

        public Builder optEvents(TrainingEvents events) {
            this.events = Objects.requireNonNull(events);
            return this;
        }

        public Builder optConfigSha256(String sha) {
            this.configSha256 = sha;
            return this;
        }

        public TrainingLoop build() {
            Objects.requireNonNull(graph, "setGraph(...) is required");
            Objects.requireNonNull(train, "setTrainBatches(...) is required");
            Objects.requireNonNull(valFeatures, "setValidation(...) is required");
            Objects.requireNonNull(spec, "setSpec(...) is required");
            Objects.requireNonNull(store, "setStore(...) is required");
            if (valFeatures.size(0) == 0) {
                throw new IllegalArgumentException("the validation split is empty: early stopping and model "
                        + "selection need validation data (split.val > 0)");
            }
            return new TrainingLoop(this);
        }
    }

    /** Trains from scratch: baseline evaluation (epoch 0), then epochs 1..max. */
    public TrainingOutcome run() throws IOException {
        return resume(List.of(), null);
    }

    /**
     * Continues after {@code state.epochsDone()} epochs; {@code history} holds at least that many rows (later rows,
     * written before a kill, are discarded and recomputed).
     */
    public TrainingOutcome resume(List<EpochResult> storedHistory, TrainingState state) throws IOException {
        boolean minimize = spec.earlyStopping().metric().minimize();
        List<EpochResult> history = new ArrayList<>();
        int bestEpoch = 0;
        double bestScore = Double.NaN;
        // patience 0 = never stop early: no condition at all (Integer.MAX_VALUE as the patience would overflow in
        // the condition's "epoch >= bestEpoch + patience" and stop at the first epoch without improvement)
        EpochTerminationCondition stopper = spec.earlyStopping().patience() == 0 ? null
                : new ScoreImprovementEpochTerminationCondition(spec.earlyStopping().patience(),
                        spec.earlyStopping().minDelta());
        if (stopper != null) {
            stopper.initialize();
        }
        if (state == null) {
            history.add(baseline());
            store.saveEpoch(graph, history, new TrainingState(0, 0, Double.NaN, false, null, configSha256));
        } else {
            for (EpochResult r : storedHistory) {
                if (r.epoch() > state.epochsDone()) {
                    break;
                }
                history.add(r);
                if (r.epoch() > 0 && stopper != null) {
                    stopper.terminate(r.epoch(), score(r), minimize);
                }
            }
            bestEpoch = state.bestEpoch();
            bestScore = state.bestScore();
            if (state.finished()) {
                return new TrainingOutcome(history, bestEpoch, bestScore, state.stopReason());
            }
        }

        RunningMetrics running = new RunningMetrics(head, headInput, spec.multilabel());
        ProgressLineListener progress = new ProgressLineListener(head, spec.progressEvery(), spec.epochs(),
                train.batchesPerEpoch(), spec.batchSize(), running, events);
        DivergenceGuard guard = new DivergenceGuard(DivergenceGuard.DEFAULT_MAX_LOSS, String.format(Locale.ROOT,
                "Lower train.learning_rate (now %g) or check the data.", spec.learningRate()), running::lastBatchLoss);
        graph.setListeners(running, guard, progress);

        String stopReason = "reached train.epochs (" + spec.epochs() + ")";
        int first = history.get(history.size() - 1).epoch() + 1;
        for (int epoch = first; epoch <= spec.epochs(); epoch++) {
            EpochResult r = fitEpoch(epoch, running, progress, guard);
            history.add(r);
            double s = score(r);
            boolean improved = bestEpoch == 0 || (minimize ? s < bestScore : s > bestScore);
            if (improved) {
                bestEpoch = epoch;
                bestScore = s;
                store.saveBest(epoch);
            }
            boolean stop = stopper != null && stopper.terminate(epoch, s, minimize);
            boolean finished = stop || epoch == spec.epochs();
            if (stop) {
                stopReason = String.format(Locale.ROOT, "early stopping: no %s improvement for %d epochs",
                        spec.earlyStopping().metric().key(), spec.earlyStopping().patience());
            }
            store.saveEpoch(graph, history, new TrainingState(epoch, bestEpoch, bestScore, finished,
                    finished ? stopReason : null, configSha256));
            events.epochDone(r, improved);
            if (stop) {
                break;
            }
        }
        graph.setListeners();
        return new TrainingOutcome(history, bestEpoch, bestScore, stopReason);
    }

    private double score(EpochResult r) {
        return r.value(spec.earlyStopping().metric());
    }

    private EpochResult baseline() {
        long t0 = System.nanoTime();
        DataSet all = new DataSet(trainFeatures(), trainLabels());
        Inference.Scores tr = Inference.score(Inference.probabilities(graph, all.getFeatures(),
                spec.evalBatchSize()), all.getLabels(), spec.multilabel());
        Inference.Scores va = validate();
        double seconds = (System.nanoTime() - t0) / 1e9;
        events.line(String.format(Locale.ROOT, "epoch 0 (before fitting)  train loss %.4f acc %.3f  val loss %.4f "
                + "acc %.3f  %s", tr.loss(), tr.accuracy(), va.loss(), va.accuracy(), classAveraged(va)));
        return new EpochResult(0, tr.loss(), tr.accuracy(), va.loss(), va.accuracy(), 0, seconds, 0,
                va.balancedAccuracy(), va.macroF1(), va.macroAuroc(), new EpochTimes(0, 0, 0, seconds));
    }

    private INDArray trainFeatures() {
        return train.features();
    }

    private INDArray trainLabels() {
        return train.labels();
    }

    private Inference.Scores validate() {
        return Inference.score(Inference.probabilities(graph, valFeatures, spec.evalBatchSize()), valLabels,
                spec.multilabel());
    }

    private EpochResult fitEpoch(int epoch, RunningMetrics running, ProgressLineListener progress,
                                 DivergenceGuard guard) {
        long t0 = System.nanoTime();
        running.reset();
        progress.startEpoch(epoch);
        guard.startEpoch(epoch);
        double lr = graph.getLearningRate(head);
        EpochBatches.Epoch batches = train.timedEpoch(epoch);
        long fitStart = System.nanoTime();
        long images = 0;
        for (DataSet batch : batches.batches()) {
            running.nextBatch(batch.getLabels());
            graph.fit(batch);
            images += batch.numExamples();
        }
        double fitSeconds = (System.nanoTime() - fitStart) / 1e9;
        graph.getConfiguration().setEpochCount(epoch);
        long validationStart = System.nanoTime();
        Inference.Scores va = validate();
        double validationSeconds = (System.nanoTime() - validationStart) / 1e9;
        double seconds = (System.nanoTime() - t0) / 1e9;
        EpochResult r = new EpochResult(epoch, running.meanLoss(), running.accuracy(), va.loss(), va.accuracy(), lr,
                seconds, images / Math.max(fitSeconds, 1e-9), va.balancedAccuracy(), va.macroF1(), va.macroAuroc(),
                new EpochTimes(batches.dataSeconds(), batches.augmentSeconds(), fitSeconds, validationSeconds));
        events.line(String.format(Locale.ROOT, "epoch %d/%d  train loss %.4f acc %.3f  val loss %.4f acc %.3f  %s  "
                + "lr %.2e  %.1f s  %.1f img/s%s", epoch, spec.epochs(), r.trainLoss(), r.trainAcc(), r.valLoss(),
                r.valAcc(), classAveraged(va), lr, seconds, r.imagesPerSecond(),
                throughput.observe(r.imagesPerSecond())));
        return r;
    }

    private static String classAveraged(Inference.Scores va) {
        return String.format(Locale.ROOT, "bal acc %.3f macro F1 %.3f AUROC %.3f", va.balancedAccuracy(),
                va.macroF1(), va.macroAuroc());
    }
}
