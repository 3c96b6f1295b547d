package org.heartsounds.trainer.train;

import org.heartsounds.core.ExplainedFailure;

/** The loss became NaN, infinite or absurdly large; the message says where and what to change. */
public final class TrainingDivergedException extends ExplainedFailure {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
