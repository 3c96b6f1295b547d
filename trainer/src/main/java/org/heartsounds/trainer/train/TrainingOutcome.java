package org.heartsounds.trainer.train;

import java.util.List;

/**
 * How a training run ended.
 *
 * @param history    metrics.csv rows, epoch 0 first
 * @param bestEpoch  epoch of the kept model (best validation score)
 * @param bestScore  its validation score (loss or accuracy, as the recipe says)
 * @param stopReason why the run ended
 */
public record TrainingOutcome(List<EpochResult> history, int bestEpoch, double bestScore, String stopReason) {
    public EpochResult best() {
        return history.stream().filter(r -> r.epoch() == bestEpoch).findFirst().orElseThrow();
    }
}
