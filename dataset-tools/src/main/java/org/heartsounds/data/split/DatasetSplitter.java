package org.heartsounds.data.split;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.SplitSpec;
import org.heartsounds.data.dataset.ClassIndex;
import org.heartsounds.data.dataset.Recording;
import org.heartsounds.data.dataset.Split;
import org.heartsounds.data.group.GroupAssigner;
import org.heartsounds.data.group.GroupAssignment;

/**
 * Divides recordings into train / val / test, or into k folds, as {@link SplitSpec#mode()} says:
 * <ul>
 *   <li>{@code grouped}: every group ({@link GroupAssigner}: shared audio, same patient) stays whole in one split;
 *       stratified by label combination (the class, for single-label data), the stratum of a group being the
 *       most frequent label combination of its members (ties: the first in sorted order, which for single labels
 *       is {@link ClassIndex} order);</li>
 *   <li>{@code file}: every recording on its own, stratified the same way; LEAKY when recordings share audio,
 *       kept for comparison with published results;</li>
 *   <li>{@code given}: the manifest's split column; a recording without one is an error.</li>
 * </ul>
 * The assignment is {@link StratifiedGroupAllocator}'s, seeded: the same seed gives the same splits, another seed
 * other splits.
 *
 * <p>Folds ({@link #folds}): each group is the test data of exactly one fold (groups allocated to k bins of equal
 * share, stratified). Within each fold, the validation part is taken from that fold's training groups: a grouped,
 * stratified share of {@code val / (train + val)} of them (seeded per fold); with {@code val = 0} there is none.
 */
public final class DatasetSplitter {
    private final SplitSpec spec;
    private final long seed;

    /** @param seed the recipe's seed, used unless {@code split.seed} is given ({@link SplitSpec#seedOr}) */
    public DatasetSplitter(SplitSpec spec, long seed) {
        this.spec = spec;
        this.seed = spec.seedOr(seed);
    }

    /**
     * The hold-out split.
     *
     * @param groups the groups of the recordings (required in {@code grouped} mode; in the others used only to
     *               detect leaks, may be null)
     */
    public SplitAssignment split(List<Recording> recordings, ClassIndex classes, GroupAssignment groups) {
        check(recordings, groups);
        if (spec.mode() == SplitSpec.Mode.GIVEN) {
            return given(recordings, groups);
        }
        Units u = units(recordings, classes, groups);
        int[] bin = StratifiedGroupAllocator.allocate(u.units, u.strata(),
                new double[] {spec.train(), spec.val(), spec.test()}, new Random(seed));
        List<Split> splits = new ArrayList<>(Collections.nCopies(recordings.size(), Split.TRAIN));
        for (int k = 0; k < u.members.size(); k++) {
            for (int i : u.members.get(k)) {
                splits.set(i, Split.values()[bin[k]]);
            }
        }
        return assignment(recordings, splits, -1, groups);
    }

    /** The k folds of {@link SplitSpec#folds()}; not available in {@code given} mode. */
    public List<SplitAssignment> folds(List<Recording> recordings, ClassIndex classes, GroupAssignment groups) {
        check(recordings, groups);
        if (spec.mode() == SplitSpec.Mode.GIVEN) {
            throw new BadInputException("split.mode", "k-fold splits need split.mode grouped or file; given uses "
                    + "the manifest's split column");
        }
        Units u = units(recordings, classes, groups);
        int k = spec.folds();
        double[] equal = new double[k];
        Arrays.fill(equal, 1.0 / k);
        int[] testFold = StratifiedGroupAllocator.allocate(u.units, u.strata(), equal, new Random(seed));
        double valShare = spec.val() / (spec.train() + spec.val());
        List<SplitAssignment> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            List<Split> splits = new ArrayList<>(Collections.nCopies(recordings.size(), Split.TRAIN));
            List<Integer> trainUnits = new ArrayList<>();
            for (int g = 0; g < u.units.size(); g++) {
                if (testFold[g] == f) {
                    u.members.get(g).forEach(i -> splits.set(i, Split.TEST));
                } else {
                    trainUnits.add(g);
                }
            }
            if (valShare > 0) {
                List<StratifiedGroupAllocator.Unit> sub = trainUnits.stream().map(u.units::get).toList();
                int[] part = StratifiedGroupAllocator.allocate(sub, u.strata(),
                        new double[] {1 - valShare, valShare}, new Random(seed + 0x9E3779B97F4A7C15L * (f + 1)));
                for (int s = 0; s < sub.size(); s++) {
                    if (part[s] == 1) {
                        u.members.get(trainUnits.get(s)).forEach(i -> splits.set(i, Split.VAL));
                    }
                }
            }
            folds.add(assignment(recordings, splits, f, groups));
        }
        return folds;
    }

    /** {@link SplitSummary} of an assignment made by this splitter. */
    public SplitSummary summarize(SplitAssignment a, List<Recording> recordings, ClassIndex classes,
                                  GroupAssignment groups) {
        return SplitSummary.of(a, recordings, classes, groups, spec);
    }

    private void check(List<Recording> recordings, GroupAssignment groups) {
        if (recordings.isEmpty()) {
            throw new IllegalArgumentException("no recordings to split");
        }
        if (groups != null && groups.size() != recordings.size()) {
            throw new IllegalArgumentException("groups for " + groups.size() + " recordings, but there are "
                    + recordings.size());
        }
        if (spec.mode() == SplitSpec.Mode.GROUPED && groups == null) {
            throw new IllegalArgumentException("split.mode grouped needs the recordings' groups");
        }
    }

    private SplitAssignment given(List<Recording> recordings, GroupAssignment groups) {
        List<Recording> missing = recordings.stream().filter(r -> r.givenSplit() == null).toList();
        if (!missing.isEmpty()) {
            throw new BadInputException(missing.get(0).path(), "recording '" + missing.get(0).id()
                    + "' has no split value; split.mode given needs train, val or test for every recording ("
                    + missing.size() + " of " + recordings.size() + " have none)");
        }
        return assignment(recordings, recordings.stream().map(Recording::givenSplit).toList(), -1, groups);
    }

    private SplitAssignment assignment(List<Recording> recordings, List<Split> splits, int fold,
                                       GroupAssignment groups) {
        boolean spans = groups != null && spansSplits(groups, splits);
        if (spec.mode() == SplitSpec.Mode.GROUPED && spans) {
            throw new IllegalStateException("a group spans splits in grouped mode"); // cannot happen
        }
        boolean leaky = spec.mode() == SplitSpec.Mode.FILE || spans;
        return new SplitAssignment(spec.mode(), seed, fold, leaky, recordings.stream().map(Recording::id).toList(),
                splits);
    }

    private static boolean spansSplits(GroupAssignment groups, List<Split> splits) {
        Map<String, Split> seen = new HashMap<>();
        for (int i = 0; i < splits.size(); i++) {
            Split previous = seen.putIfAbsent(groups.groupOf(i), splits.get(i));
            if (previous != null && previous != splits.get(i)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Allocation units: the groups (grouped mode) or single recordings (file mode), each with its stratum (the
     * majority label combination of its recordings), and the number of strata.
     */
    private record Units(List<StratifiedGroupAllocator.Unit> units, List<List<Integer>> members, int strata) {
    }

    private Units units(List<Recording> recordings, ClassIndex classes, GroupAssignment groups) {
        List<List<Integer>> members = new ArrayList<>();
        if (spec.mode() == SplitSpec.Mode.FILE) {
            for (int i = 0; i < recordings.size(); i++) {
                members.add(List.of(i));
            }
        } else {
            members.addAll(groups.members().values());
        }
        List<String> strata = strata(recordings, classes);
        List<StratifiedGroupAllocator.Unit> units = new ArrayList<>();
        for (List<Integer> m : members) {
            units.add(new StratifiedGroupAllocator.Unit(m.size(), majorityStratum(m, recordings, strata)));
        }
        return new Units(units, members, strata.size());
    }

    /**
     * The strata: every label combination that occurs (a recording's labels, sorted, joined by {@code ;}), in
     * sorted order. With one label per recording these are the classes that occur, in {@link ClassIndex} order.
     */
    private static List<String> strata(List<Recording> recordings, ClassIndex classes) {
        TreeSet<String> combos = new TreeSet<>();
        for (Recording r : recordings) {
            for (String label : r.labels()) {
                if (classes.indexOf(label) < 0) {
                    throw new BadInputException(r.path(), "label '" + label + "' is not one of the classes "
                            + classes.names());
                }
            }
            combos.add(combination(r));
        }
        return List.copyOf(combos);
    }

    private static String combination(Recording r) {
        return String.join(";", new TreeSet<>(r.labels()));
    }

    /** The most frequent label combination of the members (ties: the first in sorted order). */
    private static int majorityStratum(List<Integer> members, List<Recording> recordings, List<String> strata) {
        int[] votes = new int[strata.size()];
        for (int i : members) {
            votes[Collections.binarySearch(strata, combination(recordings.get(i)))]++;
        }
        int best = 0;
        for (int c = 1; c < votes.length; c++) {
            if (votes[c] > votes[best]) {
                best = c;
            }
        }
        return best;
    }

}
