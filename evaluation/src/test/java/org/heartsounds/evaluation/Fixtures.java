package org.heartsounds.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Prediction sets shared by the evaluation tests. */
final class Fixtures {
    private Fixtures() {
    }

    /**
     * Ten items, three classes, confusion (rows true A, B, C; columns predicted):
     * <pre>
     *   A: 3 1 0
     *   B: 1 2 1
     *   C: 0 0 2
     * </pre>
     * with scores chosen so that the one-vs-rest AUCs are A 23/24, B 22/24, C 1 (no positive-negative ties).
     */
    static Predictions tenItems() {
        double[][] p = {
                {0.80, 0.15, 0.05}, // A -> A
                {0.70, 0.20, 0.10}, // A -> A
                {0.60, 0.28, 0.12}, // A -> A
                {0.35, 0.45, 0.20}, // A -> B
                {0.50, 0.40, 0.10}, // B -> A
                {0.10, 0.75, 0.15}, // B -> B
                {0.20, 0.55, 0.25}, // B -> B
                {0.05, 0.30, 0.65}, // B -> C
                {0.10, 0.20, 0.70}, // C -> C
                {0.02, 0.08, 0.90}, // C -> C
        };
        int[] labels = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2};
        List<String> items = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            items.add("item" + i + ".png");
        }
        return new Predictions(List.of("A", "B", "C"), items, labels, p, null);
    }

    /**
     * A synthetic 5-class set of {@code n} items: the true class gets a boosted score, so accuracy is high but not
     * perfect; windows come in recordings of 4 ({@code rec<k>_w<j>.png}).
     */
    static Predictions synthetic(int n, long seed) {
        Random rnd = new Random(seed);
        List<String> names = List.of("AS", "MR", "MS", "MVP", "N");
        int c = names.size();
        int[] labels = new int[n];
        double[][] p = new double[n][c];
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int recording = i / 4;
            labels[i] = recording % c;
            double sum = 0;
            for (int j = 0; j < c; j++) {
                double logit = rnd.nextGaussian() + (j == labels[i] ? 2.2 : 0.0);
                p[i][j] = Math.exp(logit);
                sum += p[i][j];
            }
            for (int j = 0; j < c; j++) {
                p[i][j] /= sum;
            }
            items.add(String.format("rec%03d_w%02d.png", recording, i % 4));
        }
        return new Predictions(names, items, labels, p, null);
    }
}
