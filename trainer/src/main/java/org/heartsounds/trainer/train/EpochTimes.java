package org.heartsounds.trainer.train;

/**
 * Where an epoch's wall time went, in seconds: assembling the shuffled minibatches from the loaded images
 * ({@code data}), the training-only augmentation ({@code augment}), DL4J's training steps (forward, backward,
 * update: {@code network}) and scoring the validation split ({@code validation}). Epoch 0, the evaluation before
 * fitting, puts its whole time (both splits scored) under {@code validation}. NaN where a run did not record it.
 */
public record EpochTimes(double dataSeconds, double augmentSeconds, double networkSeconds, double validationSeconds) {
    /** Not recorded (a metrics.csv written before the split). */
    public static final EpochTimes UNKNOWN = new EpochTimes(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
}
