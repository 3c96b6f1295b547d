package org.heartsounds.trainer.train;

import java.util.Locale;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * One dense progress line every {@code every} iterations: epoch, batch, running loss and accuracy, learning rate,
 * throughput and the time left in the epoch.
 */
public final class ProgressLineListener extends BaseTrainingListener {
    private final String head;
    private final int every;
    private final int epochs;
    private final int batchesPerEpoch;
    private final int batchSize;
    private final RunningMetrics running;
    private final TrainingEvents events;
    private int epoch;
    private int batch;
    private long epochStart;

    public ProgressLineListener(String head, int every, int epochs, int batchesPerEpoch, int batchSize, RunningMetrics running,
                                TrainingEvents events) {
        this.head = head;
        this.every = every;
        this.epochs = epochs;
        this.batchesPerEpoch = batchesPerEpoch;
        this.batchSize = batchSize;
        this.running = running;
        this.events = events;
    }

    /** Called by the loop before the first batch of an epoch. */
    public void startEpoch(int epoch) {
        this.epoch = epoch;
        this.batch = 0;
        this.epochStart = System.nanoTime();
    }

    @Override
    public void iterationDone(Model model, int iteration, int dlEpoch) {
        batch++;
        if (every <= 0 || (batch % every != 0 && batch != batchesPerEpoch)) {
            return;
        }
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        double rate = batch * batchSize / Math.max(seconds, 1e-9);
        double eta = (batchesPerEpoch - batch) * batchSize / Math.max(rate, 1e-9);
        double lr = model instanceof org.deeplearning4j.nn.graph.ComputationGraph g ? g.getLearningRate(head) : 0;
        events.line(String.format(Locale.ROOT,
                "epoch %d/%d  batch %d/%d  loss %.4f  acc %.3f  lr %.2e  %.1f img/s  eta %ds", epoch, epochs, batch,
                batchesPerEpoch, running.meanLoss(), running.accuracy(), lr, rate, Math.round(eta)));
    }
}
