package org.heartsounds.trainer.train;

import org.deeplearning4j.earlystopping.termination.InvalidScoreIterationTerminationCondition;
import org.deeplearning4j.earlystopping.termination.IterationTerminationCondition;
import org.deeplearning4j.earlystopping.termination.MaxScoreIterationTerminationCondition;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * Stops training at the first minibatch whose loss is NaN or infinite (DL4J's
 * {@link InvalidScoreIterationTerminationCondition}) or above {@code maxLoss}
 * ({@link MaxScoreIterationTerminationCondition}), by throwing {@link TrainingDivergedException}: nothing of the
 * diverged epoch is saved, and the last checkpoint stays the one to resume from.
 */
public final class DivergenceGuard extends BaseTrainingListener {
    /** Loss above which training counts as diverged: 100 × ln(1000), far above any sane classifier's loss. */
    public static final double DEFAULT_MAX_LOSS = 100 * Math.log(1000);

    private final IterationTerminationCondition invalid = new InvalidScoreIterationTerminationCondition();
    private final IterationTerminationCondition tooLarge;
    private final String hint;
    private int epoch;

    public DivergenceGuard(double maxLoss, String hint) {
        this.tooLarge = new MaxScoreIterationTerminationCondition(maxLoss);
        this.hint = hint;
        invalid.initialize();
        tooLarge.initialize();
    }

    public void startEpoch(int epoch) {
        this.epoch = epoch;
    }

    @Override
    public void iterationDone(Model model, int iteration, int dlEpoch) {
        double score = model.score();
        if (invalid.terminate(score) || tooLarge.terminate(score)) {
            throw new TrainingDivergedException("training diverged in epoch " + epoch + " (iteration " + iteration
                    + "): minibatch loss " + score + ". " + hint);
        }
    }
}
