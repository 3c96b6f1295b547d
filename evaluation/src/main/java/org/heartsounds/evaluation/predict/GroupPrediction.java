package org.heartsounds.evaluation.predict;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.heartsounds.evaluation.Aggregation;

/**
 * One decision per group (patient) from all of its files: the files' probabilities combined by an
 * {@link Aggregation}, every file weighing the same whatever its number of windows. Files marked unreliable by the
 * quality checks do not take part; a group with no reliable file gets no decision ({@link #reliable()} false,
 * probabilities NaN).
 *
 * @param group         the group id ({@link FileGrouping#groupOf})
 * @param files         the group's files, in the order given
 * @param labels        class names, the order of {@code probabilities}
 * @param probabilities the aggregated class probabilities of its reliable files
 * @param unreliable    its files that failed the quality checks (left out of the decision)
 */
public record GroupPrediction(String group, List<Path> files, List<String> labels, double[] probabilities,
                              List<Path> unreliable) {
    public GroupPrediction {
        files = List.copyOf(files);
        labels = List.copyOf(labels);
        probabilities = probabilities.clone();
        unreliable = List.copyOf(unreliable);
    }

    /** A group whose files were all reliable. */
    public GroupPrediction(String group, List<Path> files, List<String> labels, double[] probabilities) {
        this(group, files, labels, probabilities, List.of());
    }

    /** Whether at least one of the group's files was a usable recording (else there is no decision). */
    public boolean reliable() {
        return unreliable.size() < files.size();
    }

    private static double[] nan(int n) {
        double[] x = new double[n];
        java.util.Arrays.fill(x, Double.NaN);
        return x;
    }

    @Override
    public double[] probabilities() {
        return probabilities.clone();
    }

    /** The {@code k} most probable classes of the group. */
    public List<RankedClass> top(int k) {
        return RankedClass.top(labels, probabilities, k);
    }

    /**
     * Groups the file predictions and combines each group's.
     *
     * @param groupOfEach the group of every prediction, in the same order
     * @return one prediction per group, in the order of the group's first file
     */
    public static List<GroupPrediction> of(List<FilePrediction> predictions, List<String> groupOfEach,
                                           Aggregation aggregation) {
        if (predictions.size() != groupOfEach.size()) {
            throw new IllegalArgumentException(groupOfEach.size() + " groups for " + predictions.size() + " files");
        }
        Map<String, List<FilePrediction>> members = new LinkedHashMap<>();
        for (int i = 0; i < predictions.size(); i++) {
            members.computeIfAbsent(groupOfEach.get(i), g -> new ArrayList<>()).add(predictions.get(i));
        }
        List<GroupPrediction> out = new ArrayList<>(members.size());
        for (Map.Entry<String, List<FilePrediction>> e : members.entrySet()) {
            List<double[]> rows = new ArrayList<>();
            List<Path> files = new ArrayList<>();
            List<Path> unreliable = new ArrayList<>();
            List<String> labels = e.getValue().get(0).labels();
            for (FilePrediction p : e.getValue()) {
                if (!p.labels().equals(labels)) {
                    throw new IllegalArgumentException("files of group '" + e.getKey() + "' have other labels: "
                            + p.labels() + " vs " + labels);
                }
                files.add(p.file());
                if (p.reliable()) {
                    rows.add(p.probabilities());
                } else {
                    unreliable.add(p.file());
                }
            }
            double[] combined = rows.isEmpty() ? nan(labels.size()) : aggregation.combine(rows);
            out.add(new GroupPrediction(e.getKey(), files, labels, combined, unreliable));
        }
        return out;
    }

    /** {@link #of(List, List, Aggregation)} with each file's group from {@code grouping}. */
    public static List<GroupPrediction> of(List<FilePrediction> predictions, FileGrouping grouping,
                                           Aggregation aggregation) {
        return of(predictions, predictions.stream().map(p -> grouping.groupOf(p.file())).toList(), aggregation);
    }
}
