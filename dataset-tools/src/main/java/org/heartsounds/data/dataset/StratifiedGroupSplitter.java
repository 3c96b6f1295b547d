package org.heartsounds.data.dataset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.heartsounds.core.config.SplitSpec;

/**
 * Seeded train/val/test assignment that keeps every group whole and stratifies by class. A group's class is its
 * members' most common primary label (ties: the first in class order). Groups are shuffled with the seed, ordered
 * by size (largest first, stable), and each goes to the split whose share of that class is furthest below its
 * target ({@code split.train/val/test}); ties go to train, then val, then test. Written by hand: DataVec's splits
 * are file-level and have no notion of groups.
 */
public final class StratifiedGroupSplitter {
    private StratifiedGroupSplitter() {
    }

    public static void split(List<Recording> recordings, ClassIndex classes, List<List<Integer>> groups,
                             SplitSpec spec, long seed, Split[] out) {
        int k = classes.size();
        int[] classOfGroup = new int[groups.size()];
        double[] totalPerClass = new double[k];
        for (int g = 0; g < groups.size(); g++) {
            int[] votes = new int[k];
            for (int i : groups.get(g)) {
                votes[classes.indexOf(recordings.get(i).primaryLabel())]++;
            }
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (votes[c] > votes[best]) {
                    best = c;
                }
            }
            classOfGroup[g] = best;
            totalPerClass[best] += groups.get(g).size();
        }
        List<Integer> order = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            order.add(g);
        }
        Collections.shuffle(order, new Random(seed));
        order.sort(Comparator.comparingInt((Integer g) -> groups.get(g).size()).reversed());

        double[] fractions = {spec.train(), spec.val(), spec.test()};
        Split[] splits = Split.values();
        double[][] assigned = new double[splits.length][k];
        for (int g : order) {
            int c = classOfGroup[g];
            int size = groups.get(g).size();
            int bestSplit = -1;
            double bestDeficit = Double.NEGATIVE_INFINITY;
            for (int s = 0; s < splits.length; s++) {
                if (fractions[s] <= 0) {
                    continue;
                }
                double deficit = fractions[s] * totalPerClass[c] - assigned[s][c];
                if (deficit > bestDeficit + 1e-9) {
                    bestDeficit = deficit;
                    bestSplit = s;
                }
            }
            assigned[bestSplit][c] += size;
            for (int i : groups.get(g)) {
                out[i] = splits[bestSplit];
            }
        }
    }
}
