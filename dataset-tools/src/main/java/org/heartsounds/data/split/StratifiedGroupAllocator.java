package org.heartsounds.data.split;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Greedy stratified assignment of whole groups to bins (splits or folds), in the spirit of scikit-learn's
 * {@code StratifiedGroupKFold}: the groups are shuffled with the seed, then stably sorted by size (largest first),
 * and each goes to the bin whose deficit for the group's class, relative to that bin's target and counted after
 * taking the group, is largest. A group larger than a small bin's remaining room therefore goes where it fits, and
 * the many small groups at the end fill every bin up to its target. Ties are broken with the seeded generator.
 *
 * <p>Before that, every class with at least as many groups as there are bins of non-zero share puts one group into
 * each of those bins but the largest (its smallest groups, smallest bins first), so a class with enough groups is
 * in every split and every fold; the greedy pass then places the rest.
 * With groups of at most {@code m} recordings every bin ends within about {@code m} recordings of its target for
 * every class. Hand-written (no Java library offers grouped stratified splitting).
 */
final class StratifiedGroupAllocator {
    private static final double TIE = 1e-12;

    /** A group: its number of recordings and its class index. */
    record Unit(int size, int cls) {
        Unit {
            if (size < 1 || cls < 0) {
                throw new IllegalArgumentException("bad unit " + size + ", " + cls);
            }
        }
    }

    private StratifiedGroupAllocator() {
    }

    /** Bins with a non-zero share, smallest share first (ties: lower index first). */
    static List<Integer> binsBySize(double[] fractions) {
        List<Integer> bins = new ArrayList<>();
        for (int b = 0; b < fractions.length; b++) {
            if (fractions[b] > 0) {
                bins.add(b);
            }
        }
        bins.sort(Comparator.comparingDouble(b -> fractions[b]));
        return bins;
    }

    private static void seedEveryBin(List<Unit> units, int classes, double[] fractions, List<Integer> shuffled,
                                     int[] bin, double[][] filled) {
        List<Integer> bins = binsBySize(fractions);
        List<Integer> small = bins.subList(0, Math.max(0, bins.size() - 1));
        for (int c = 0; c < classes; c++) {
            final int cls = c;
            List<Integer> ofClass = new ArrayList<>(shuffled.stream().filter(i -> units.get(i).cls() == cls).toList());
            if (ofClass.size() < bins.size()) {
                continue;
            }
            ofClass.sort(Comparator.comparingInt(i -> units.get(i).size()));
            for (int k = 0; k < small.size(); k++) {
                int u = ofClass.get(k);
                bin[u] = small.get(k);
                filled[small.get(k)][c] += units.get(u).size();
            }
        }
    }

    /**
     * @param units     the groups
     * @param classes   number of classes
     * @param fractions target share of every class per bin (bins with 0 receive nothing); sums to 1
     * @return the bin of every unit
     */
    static int[] allocate(List<Unit> units, int classes, double[] fractions, Random rnd) {
        double[] total = new double[classes];
        for (Unit u : units) {
            total[u.cls()] += u.size();
        }
        int bins = fractions.length;
        double[][] filled = new double[bins][classes];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, rnd);
        int[] bin = new int[units.size()];
        Arrays.fill(bin, -1);
        seedEveryBin(units, classes, fractions, order, bin, filled);
        order.sort(Comparator.comparingInt(i -> -units.get(i).size()));
        List<Integer> ties = new ArrayList<>();
        for (int i : order) {
            if (bin[i] >= 0) {
                continue;
            }
            Unit u = units.get(i);
            double best = Double.NEGATIVE_INFINITY;
            ties.clear();
            for (int b = 0; b < bins; b++) {
                if (fractions[b] <= 0) {
                    continue;
                }
                double target = fractions[b] * total[u.cls()];
                double deficit = (target - filled[b][u.cls()] - u.size()) / target;
                if (deficit > best + TIE) {
                    best = deficit;
                    ties.clear();
                    ties.add(b);
                } else if (deficit >= best - TIE) {
                    ties.add(b);
                }
            }
            int chosen = ties.size() == 1 ? ties.get(0) : ties.get(rnd.nextInt(ties.size()));
            bin[i] = chosen;
            filled[chosen][u.cls()] += u.size();
        }
        return bin;
    }
}
