package org.heartsounds.evaluation;

/**
 * Multi-class agreement statistics of a confusion matrix (rows = true class, columns = predicted class).
 *
 * <p>Written by hand: DL4J's {@code Evaluation} (1.0.0-M2.1) has neither Cohen's kappa nor the multi-class
 * Matthews correlation coefficient; its {@code matthewsCorrelation(EvaluationAveraging)} averages the one-vs-rest
 * binary coefficients, which is a different quantity. The formulas follow scikit-learn's
 * {@code cohen_kappa_score} and {@code matthews_corrcoef}.
 */
public final class AgreementStatistics {
    private AgreementStatistics() {
    }

    /**
     * Cohen's kappa, (p_o - p_e) / (1 - p_e), with p_o the observed agreement (diagonal / n) and p_e the agreement
     * expected by chance from the row and column totals. NaN when p_e = 1 (every item in one class, predicted as
     * that class), where kappa is undefined.
     */
    public static double cohensKappa(long[][] confusion) {
        double n = total(confusion);
        double[] rows = rowSums(confusion);
        double[] cols = colSums(confusion);
        double observed = trace(confusion) / n;
        double expected = 0.0;
        for (int k = 0; k < rows.length; k++) {
            expected += rows[k] * cols[k];
        }
        expected /= n * n;
        if (expected == 1.0) {
            return Double.NaN;
        }
        return (observed - expected) / (1.0 - expected);
    }

    /**
     * Multi-class Matthews correlation coefficient (Gorodkin's R_K):
     * (c*s - sum_k p_k t_k) / sqrt((s^2 - sum_k p_k^2) (s^2 - sum_k t_k^2)), with c the correct count, s the total,
     * p_k the number predicted as k and t_k the number truly k. 0 when the denominator is 0 (all predictions or all
     * truths in one class), as in scikit-learn.
     */
    public static double matthewsCorrelation(long[][] confusion) {
        double s = total(confusion);
        double c = trace(confusion);
        double[] t = rowSums(confusion);
        double[] p = colSums(confusion);
        double pt = 0.0;
        double pp = 0.0;
        double tt = 0.0;
        for (int k = 0; k < t.length; k++) {
            pt += p[k] * t[k];
            pp += p[k] * p[k];
            tt += t[k] * t[k];
        }
        double denominator = Math.sqrt((s * s - pp) * (s * s - tt));
        return denominator == 0.0 ? 0.0 : (c * s - pt) / denominator;
    }

    private static double total(long[][] m) {
        double n = 0.0;
        for (long[] row : m) {
            for (long v : row) {
                n += v;
            }
        }
        if (n <= 0.0) {
            throw new IllegalArgumentException("empty confusion matrix");
        }
        return n;
    }

    private static double trace(long[][] m) {
        double t = 0.0;
        for (int k = 0; k < m.length; k++) {
            t += m[k][k];
        }
        return t;
    }

    private static double[] rowSums(long[][] m) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            for (long v : m[i]) {
                out[i] += v;
            }
        }
        return out;
    }

    private static double[] colSums(long[][] m) {
        double[] out = new double[m.length];
        for (long[] row : m) {
            for (int j = 0; j < row.length; j++) {
                out[j] += row[j];
            }
        }
        return out;
    }
}
