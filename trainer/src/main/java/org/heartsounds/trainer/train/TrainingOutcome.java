package org.heartsounds.trainer.train;

import java.util.List;

/**
 * How a training run ended.
 *
 * @param history    metrics.csv rows, epoch 0 first
 * @param bestEpoch  epoch of the kept model (best validation score)
 * @param bestScore  its value of the recipe's {@code train.early_stopping.metric} on the validation split
 * @param stopReason why the run ended
 */
public record TrainingOutcome(List<EpochResult> history, int bestEpoch, double bestScore, String stopReason) {
    public EpochResult best() {
        return history.stream().filter(r -> r.epoch() == bestEpoch).findFirst().orElseThrow();
    }
}
