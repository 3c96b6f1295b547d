package org.heartsounds.trainer.train;

/** The loss became NaN, infinite or absurdly large; the message says where and what to change. */
public final class TrainingDivergedException extends RuntimeException {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
