package org.heartsounds.evaluation.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.heartsounds.evaluation.EpochMetrics;
import org.heartsounds.evaluation.Predictions;

/** Deterministic inputs for the chart and report tests. */
public final class ChartFixtures {
    private ChartFixtures() {
    }

    /** 5 classes, 250 items, about 80 % accuracy, the class "MR" largest so the confusion maximum is unique. */
    public static Predictions predictions() {
        Random rnd = new Random(2024);
        List<String> names = List.of("AS", "MR", "MS", "MVP", "N");
        int[] perClass = {40, 90, 35, 45, 40};
        int n = 0;
        for (int k : perClass) {
            n += k;
        }
        int[] labels = new int[n];
        double[][] p = new double[n][5];
        List<String> items = new ArrayList<>();
        int i = 0;
        for (int k = 0; k < 5; k++) {
            for (int j = 0; j < perClass[k]; j++, i++) {
                labels[i] = k;
                double sum = 0;
                for (int q = 0; q < 5; q++) {
                    p[i][q] = Math.exp(rnd.nextGaussian() + (q == k ? 2.5 : 0));
                    sum += p[i][q];
                }
                for (int q = 0; q < 5; q++) {
                    p[i][q] /= sum;
                }
                items.add(String.format("%s/%s_rec%02d_w%02d.png", names.get(k), names.get(k), j / 3, j % 3));
            }
        }
        return new Predictions(names, items, labels, p, null);
    }

    /** A plausible training history of {@code n} epochs. */
    public static List<EpochMetrics> epochs(int n) {
        List<EpochMetrics> out = new ArrayList<>();
        for (int e = 1; e <= n; e++) {
            double trainLoss = 1.6 * Math.exp(-e / 6.0) + 0.1;
            double valLoss = 1.5 * Math.exp(-e / 7.0) + 0.25 + 0.004 * e;
            out.add(new EpochMetrics(e, trainLoss, 1 - 0.8 * Math.exp(-e / 5.0), valLoss,
                    0.95 - 0.75 * Math.exp(-e / 6.0), 1e-3 * Math.pow(0.9, e), 30 + e % 3, 410 + 3 * e));
        }
        return out;
    }
}
