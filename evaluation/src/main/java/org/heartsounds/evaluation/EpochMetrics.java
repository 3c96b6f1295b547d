package org.heartsounds.evaluation;

/**
 * One line of a training run's {@code metrics.csv}. A value the trainer did not record (for example validation
 * metrics of an epoch without validation) is NaN.
 *
 * @param epoch       epoch number
 * @param trainLoss   mean training loss of the epoch
 * @param trainAcc    training accuracy of the epoch
 * @param valLoss     validation loss after the epoch
 * @param valAcc      validation accuracy after the epoch
 * @param lr          learning rate used
 * @param seconds     wall time of the epoch
 * @param imagesPerS  training throughput
 * @param valBalancedAcc validation mean per-class recall (NaN in a metrics.csv written before this column)
 * @param valMacroF1     validation macro-F1 (likewise)
 * @param valMacroAuroc  validation one-vs-rest AUROC averaged over classes (likewise)
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAcc, double valLoss, double valAcc, double lr,
                           double seconds, double imagesPerS, double valBalancedAcc, double valMacroF1,
                           double valMacroAuroc) {
    /** An epoch without the class-averaged validation metrics (NaN). */
    public EpochMetrics(int epoch, double trainLoss, double trainAcc, double valLoss, double valAcc, double lr,
                        double seconds, double imagesPerS) {
        this(epoch, trainLoss, trainAcc, valLoss, valAcc, lr, seconds, imagesPerS, Double.NaN, Double.NaN,
                Double.NaN);
    }
}
