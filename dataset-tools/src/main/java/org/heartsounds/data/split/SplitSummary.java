package org.heartsounds.data.split;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.heartsounds.core.config.SplitSpec;
import org.heartsounds.core.text.TextTable;
import org.heartsounds.data.dataset.ClassIndex;
import org.heartsounds.data.dataset.Recording;
import org.heartsounds.data.dataset.Split;
import org.heartsounds.data.group.GroupAssignment;

/**
 * Counts of a {@link SplitAssignment}: recordings per split and class (by primary label), groups per split, groups
 * that span splits, and warnings. A {@code file}-mode split is marked LEAKY wherever it is shown. Serialisable with
 * Jackson.
 *
 * @param mode                 split mode
 * @param seed                 seed
 * @param fold                 fold, or -1 for a hold-out split
 * @param leaky                see {@link SplitAssignment#leaky()}
 * @param classes              class order
 * @param recordings           split name to class name to recordings
 * @param groups               split name to number of groups with recordings in it
 * @param groupsSpanningSplits groups whose recordings are in more than one split (0 unless leaky)
 * @param warnings             empty splits of a class, leaks
 * @param labels               multi-label data (some recording has several labels): split name to label to
 *                             recordings that have the label (every label counted); empty otherwise
 * @param combinations         multi-label data: split name to label combination ({@code MR;MS}) to recordings;
 *                             empty otherwise
 */
public record SplitSummary(SplitSpec.Mode mode, long seed, int fold, boolean leaky, List<String> classes,
                           Map<String, Map<String, Integer>> recordings, Map<String, Integer> groups,
                           int groupsSpanningSplits, List<String> warnings, Map<String, Map<String, Integer>> labels,
                           Map<String, Map<String, Integer>> combinations) {
    public SplitSummary {
        labels = labels == null ? Map.of() : labels;
        combinations = combinations == null ? Map.of() : combinations;
        classes = List.copyOf(classes);
        Map<String, Map<String, Integer>> r = new LinkedHashMap<>();
        recordings.forEach((k, v) -> r.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        recordings = Collections.unmodifiableMap(r);
        groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
        warnings = List.copyOf(warnings);
    }

    /**
     * @param groups the real groups (shared audio, given ids), also for {@code file} mode, to count leaks; null
     *               when unknown
     * @param spec   the split fractions, to tell which splits should have recordings
     */
    public static SplitSummary of(SplitAssignment a, List<Recording> recordings, ClassIndex classes,
                                  GroupAssignment groups, SplitSpec spec) {
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        for (Split s : Split.values()) {
            Map<String, Integer> perClass = new LinkedHashMap<>();
            classes.names().forEach(c -> perClass.put(c, 0));
            counts.put(s.folderName(), perClass);
        }
        for (int i = 0; i < recordings.size(); i++) {
            counts.get(a.splitOf(i).folderName()).merge(recordings.get(i).primaryLabel(), 1, Integer::sum);
        }
        Map<String, Integer> groupCounts = new LinkedHashMap<>();
        int spanning = 0;
        if (groups != null) {
            Map<String, Set<Split>> splitsOfGroup = new HashMap<>();
            for (int i = 0; i < recordings.size(); i++) {
                splitsOfGroup.computeIfAbsent(groups.groupOf(i), k -> new HashSet<>()).add(a.splitOf(i));
            }
            for (Split s : Split.values()) {
                groupCounts.put(s.folderName(), (int) splitsOfGroup.values().stream().filter(x -> x.contains(s)).count());
            }
            spanning = (int) splitsOfGroup.values().stream().filter(x -> x.size() > 1).count();
        }
        List<String> warnings = new ArrayList<>();
        if (a.mode() == SplitSpec.Mode.FILE) {
            warnings.add("LEAKY: file mode splits files, not groups; files that share audio or a patient can be in "
                    + "training and test data (" + spanning + " groups span splits)");
        } else if (spanning > 0) {
            warnings.add("LEAKY: " + spanning + " groups (shared audio or patient) span splits");
        }
        double[] fractions = fractions(a, spec);
        long needed = Arrays.stream(fractions).filter(f -> f > 0).count();
        Map<String, Set<String>> groupsOfClass = new HashMap<>();
        for (int i = 0; i < recordings.size(); i++) {
            groupsOfClass.computeIfAbsent(recordings.get(i).primaryLabel(), k -> new HashSet<>())
                    .add(groups != null && a.mode() != SplitSpec.Mode.FILE ? groups.groupOf(i) : "#" + i);
        }
        for (Split s : Split.values()) {
            if (fractions[s.ordinal()] <= 0) {
                continue;
            }
            for (String c : classes.names()) {
                if (counts.get(s.folderName()).get(c) == 0) {
                    int have = groupsOfClass.getOrDefault(c, Set.of()).size();
                    warnings.add("no recordings of class " + c + " in " + s.folderName() + (have < needed
                            ? " (class " + c + " is in " + have + " group(s); " + needed + " splits need at least "
                            + needed + ", one each)" : ""));
                }
            }
        }
        Map<String, Map<String, Integer>> labelCounts = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> combos = new LinkedHashMap<>();
        if (recordings.stream().anyMatch(r -> r.labels().size() > 1)) {
            for (Split s : Split.values()) {
                Map<String, Integer> perLabel = new LinkedHashMap<>();
                classes.names().forEach(c -> perLabel.put(c, 0));
                labelCounts.put(s.folderName(), perLabel);
                combos.put(s.folderName(), new java.util.TreeMap<>());
            }
            for (int i = 0; i < recordings.size(); i++) {
                String split = a.splitOf(i).folderName();
                List<String> ls = new ArrayList<>(recordings.get(i).labels());
                ls.sort(java.util.Comparator.comparingInt(classes::indexOf));
                ls.forEach(l -> labelCounts.get(split).merge(l, 1, Integer::sum));
                combos.get(split).merge(String.join(";", ls), 1, Integer::sum);
            }
        }
        return new SplitSummary(a.mode(), a.seed(), a.fold(), a.leaky(), classes.names(), counts, groupCounts,
                spanning, warnings, labelCounts, combos);
    }

    /** The share each split should get: the spec's, or for a fold 1/k test and the rest split train : val. */
    private static double[] fractions(SplitAssignment a, SplitSpec spec) {
        if (a.fold() < 0) {
            return new double[] {spec.train(), spec.val(), spec.test()};
        }
        double rest = 1 - 1.0 / spec.folds();
        double trainShare = spec.train() / (spec.train() + spec.val());
        return new double[] {rest * trainShare, rest * (1 - trainShare), 1.0 / spec.folds()};
    }

    private static int[] cells(Map<String, Map<String, Integer>> bySplit, String key) {
        int[] row = new int[4];
        for (Split s : Split.values()) {
            row[s.ordinal()] = bySplit.getOrDefault(s.folderName(), Map.of()).getOrDefault(key, 0);
            row[3] += row[s.ordinal()];
        }
        return row;
    }

    /** Plain-text table: one row per class, one column per split, totals, groups, warnings. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "split mode %s, seed %d%s%s%n", mode.name().toLowerCase(Locale.ROOT),
                seed, fold >= 0 ? ", fold " + (fold + 1) : "", leaky ? "  ** LEAKY **" : ""));
        TextTable t = new TextTable("class", "train", "val", "test", "total");
        int[] totals = new int[4];
        for (String c : classes) {
            int[] row = new int[4];
            for (Split s : Split.values()) {
                row[s.ordinal()] = recordings.get(s.folderName()).get(c);
                row[3] += row[s.ordinal()];
                totals[s.ordinal()] += row[s.ordinal()];
            }
            totals[3] += row[3];
            t.row(c, row[0], row[1], row[2], row[3]);
        }
        t.row("all", totals[0], totals[1], totals[2], totals[3]);
        if (!groups.isEmpty()) {
            t.row("groups", groups.get("train"), groups.get("val"), groups.get("test"), "");
        }
        sb.append(t.render());
        if (!labels.isEmpty()) {
            sb.append("multi-label: recordings with each label (every label counted)\n");
            TextTable l = new TextTable("label", "train", "val", "test", "total");
            for (String c : classes) {
                int[] row = cells(labels, c);
                l.row(c, row[0], row[1], row[2], row[3]);
            }
            sb.append(l.render());
            sb.append("label combinations\n");
            TextTable k = new TextTable("combination", "train", "val", "test", "total");
            java.util.Set<String> all = new java.util.TreeSet<>();
            combinations.values().forEach(m -> all.addAll(m.keySet()));
            for (String combo : all) {
                int[] row = cells(combinations, combo);
                k.row(combo, row[0], row[1], row[2], row[3]);
            }
            sb.append(k.render());
        }
        warnings.forEach(w -> sb.append("WARNING: ").append(w).append('\n'));
        return sb.toString();
    }
}
