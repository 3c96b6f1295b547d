package org.heartsounds.trainer.train;

import java.util.Objects;
import java.util.function.DoubleSupplier;
import org.deeplearning4j.earlystopping.termination.InvalidScoreIterationTerminationCondition;
import org.deeplearning4j.earlystopping.termination.IterationTerminationCondition;
import org.deeplearning4j.earlystopping.termination.MaxScoreIterationTerminationCondition;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * Stops training at the first minibatch whose loss is NaN or infinite (DL4J's
 * {@link InvalidScoreIterationTerminationCondition}, on DL4J's score and on the batch's cross-entropy) or whose
 * cross-entropy is above {@code maxLoss} ({@link MaxScoreIterationTerminationCondition}), by throwing
 * {@link TrainingDivergedException}: nothing of the diverged epoch is saved, and the last checkpoint stays the one to
 * resume from.
 *
 * <p>The size test uses the unclipped cross-entropy of the batch ({@link RunningMetrics#lastBatchLoss()}), not
 * DL4J's {@code score()}: DL4J clips softmax outputs at 1e-10, so its loss never exceeds {@code -ln(1e-10) ≈ 23}
 * however far the network has diverged.
 */
public final class DivergenceGuard extends BaseTrainingListener {
    /** Loss above which training counts as diverged: 100 × ln(1000), far above any sane classifier's loss. */
    public static final double DEFAULT_MAX_LOSS = 100 * Math.log(1000);

    private final IterationTerminationCondition invalid = new InvalidScoreIterationTerminationCondition();
    private final IterationTerminationCondition tooLarge;
    private final DoubleSupplier batchLoss;
    private final String hint;
    private int epoch;

    /**
     * @param batchLoss the unclipped mean cross-entropy of the minibatch just fitted (called in
     *                  {@link #iterationDone}, after the forward pass)
     */
    public DivergenceGuard(double maxLoss, String hint, DoubleSupplier batchLoss) {
        this.tooLarge = new MaxScoreIterationTerminationCondition(maxLoss);
        this.hint = hint;
        this.batchLoss = Objects.requireNonNull(batchLoss, "batchLoss");
        invalid.initialize();
        tooLarge.initialize();
    }

    public void startEpoch(int epoch) {
        this.epoch = epoch;
    }

    @Override
    public void iterationDone(Model model, int iteration, int dlEpoch) {
        double score = model.score();
        double loss = batchLoss.getAsDouble();
        if (invalid.terminate(score) || invalid.terminate(loss) || tooLarge.terminate(loss)) {
            throw new TrainingDivergedException("training diverged in epoch " + epoch + " (iteration " + iteration
                    + "): minibatch loss " + (invalid.terminate(score) ? score : loss) + ". " + hint);
        }
    }
}
