package org.heartsounds.evaluation.predict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A class and its probability, as ranked by {@link #top}. */
public record RankedClass(String label, double probability) {

    /**
     * The {@code k} most probable classes, most probable first; equal probabilities keep the label order.
     * {@code k} larger than the number of classes gives all of them.
     */
    public static List<RankedClass> top(List<String> labels, double[] probabilities, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        List<RankedClass> all = new ArrayList<>(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            all.add(new RankedClass(labels.get(i), probabilities[i]));
        }
        all.sort(Comparator.comparingDouble(RankedClass::probability).reversed()); // stable: ties keep label order
        return List.copyOf(all.subList(0, Math.min(k, all.size())));
    }
}
