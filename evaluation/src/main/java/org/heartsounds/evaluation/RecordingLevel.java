package org.heartsounds.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Window-level predictions pooled per recording: the mean of a recording's window probabilities, the recording's
 * label being its windows' (they share it). A recording is one patient visit, so this is the accuracy a clinician
 * would see.
 */
public final class RecordingLevel {
    private RecordingLevel() {
    }

    /** Requires {@link Predictions#groups()} (the recording of each window); items become recording ids. */
    public static Predictions of(Predictions windows) {
        if (windows.groups() == null) {
            throw new IllegalArgumentException("window predictions need their recordings (withGroups)");
        }
        Map<String, List<Integer>> members = new LinkedHashMap<>();
        for (int i = 0; i < windows.size(); i++) {
            members.computeIfAbsent(windows.groups().get(i), k -> new ArrayList<>()).add(i);
        }
        int c = windows.numClasses();
        List<String> items = new ArrayList<>();
        int[] labels = new int[members.size()];
        double[][] probs = new double[members.size()][c];
        int r = 0;
        for (Map.Entry<String, List<Integer>> e : members.entrySet()) {
            items.add(e.getKey());
            int label = windows.trueLabels()[e.getValue().get(0)];
            for (int i : e.getValue()) {
                if (windows.trueLabels()[i] != label) {
                    throw new IllegalArgumentException("windows of recording '" + e.getKey() + "' disagree on "
                            + "their label");
                }
                for (int k = 0; k < c; k++) {
                    probs[r][k] += windows.probabilities()[i][k] / e.getValue().size();
                }
            }
            labels[r++] = label;
        }
        return new Predictions(windows.classNames(), items, labels, probs, items);
    }
}
