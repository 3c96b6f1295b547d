package org.heartsounds.evaluation;

import java.util.ArrayList;
import java.util.List;

/**
 * Metrics of a k-fold cross-validation: the headline numbers of every fold, their mean and sample standard
 * deviation across folds, and the metrics of all folds' predictions pooled ({@link MetricsReport#pool}).
 *
 * @param folds          one line per fold, in fold order
 * @param accuracy       mean and standard deviation of the fold accuracies
 * @param macroF1        mean and standard deviation of the fold macro-F1 values (folds where it is undefined
 *                       are left out)
 * @param pooled         metrics of the pooled predictions
 */
public record CrossValidationSummary(List<Fold> folds, Spread accuracy, Spread macroF1, MetricsReport pooled) {

    /** Headline numbers of one fold. */
    public record Fold(int fold, int count, double accuracy, Double macroF1, Double cohensKappa,
                       Double matthewsCorrelation, Double macroAuc) {
    }

    /** Mean and sample standard deviation (n - 1; 0 for a single value) over folds. */
    public record Spread(double mean, double standardDeviation, int n) {
        static Spread of(List<Double> values) {
            int n = values.size();
            if (n == 0) {
                return new Spread(Double.NaN, Double.NaN, 0);
            }
            double mean = values.stream().mapToDouble(Double::doubleValue).sum() / n;
            double ss = 0.0;
            for (double v : values) {
                ss += (v - mean) * (v - mean);
            }
            return new Spread(mean, n > 1 ? Math.sqrt(ss / (n - 1)) : 0.0, n);
        }
    }

    /** Summarises per-fold reports and pools their predictions with {@code options}. */
    public static CrossValidationSummary of(List<MetricsReport> foldReports, MetricsOptions options) {
        if (foldReports.isEmpty()) {
            throw new IllegalArgumentException("no folds to summarise");
        }
        List<Fold> folds = new ArrayList<>(foldReports.size());
        List<Double> acc = new ArrayList<>();
        List<Double> f1 = new ArrayList<>();
        for (int k = 0; k < foldReports.size(); k++) {
            MetricsReport r = foldReports.get(k);
            MetricsReport.Summary s = r.summary();
            folds.add(new Fold(k, r.count(), s.accuracy(), s.macroF1(), s.cohensKappa(), s.matthewsCorrelation(),
                    s.macroAuc()));
            acc.add(s.accuracy());
            if (s.macroF1() != null) {
                f1.add(s.macroF1());
            }
        }
        return new CrossValidationSummary(folds, Spread.of(acc), Spread.of(f1),
                MetricsReport.pool(foldReports, options));
    }
}
