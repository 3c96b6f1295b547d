package org.heartsounds.data.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.heartsounds.core.config.SplitSpec;
import org.heartsounds.data.dataset.ClassIndex;
import org.heartsounds.data.dataset.Recording;
import org.heartsounds.data.dataset.Split;
import org.heartsounds.data.group.GroupAssigner;
import org.heartsounds.data.group.GroupAssignment;
import org.heartsounds.data.synth.SyntheticCollection;
import org.junit.jupiter.api.Test;

/**
 * Folds of a multi-label collection (the synthetic clinical collection's 300 patients, 2-4 recordings each, labels
 * AS, MR, MS, MVP and N with co-occurrence): every patient whole in one test fold, and every label's share of each
 * fold's test recordings within {@value #TOLERANCE} (absolute) of its share in the whole collection.
 */
class MultiLabelFoldsTest {
    /** Largest allowed gap between a label's share in a test fold and in the collection. */
    static final double TOLERANCE = 0.03;
    private static final List<String> LABELS = List.of("AS", "MR", "MS", "MVP", "N");

    @Test
    void patientsStayWholeAndEveryLabelsShareHoldsInEveryFold() {
        for (long seed : new long[] {1, 2, 3}) {
            List<Recording> recs = new ArrayList<>();
            for (SyntheticCollection.Patient p : SyntheticCollection.patients(SyntheticCollection.Spec.of(300,
                    seed))) {
                for (SyntheticCollection.Site site : p.sites()) {
                    String id = p.id() + "/" + p.id() + "_" + site + ".wav";
                    recs.add(new Recording(id, Path.of(id), List.of(p.labels().split(";")), p.id(), null));
                }
            }
            GroupAssignment groups = GroupAssigner.assign(recs, List.of());
            SplitSpec spec = new SplitSpec(SplitSpec.Mode.GROUPED, 0.8, 0.1, 0.1, 5, SplitSpec.Overlap.defaults());
            List<SplitAssignment> folds = new DatasetSplitter(spec, seed).folds(recs, ClassIndex.of(LABELS), groups);
            double[] overall = shares(recs, null, null);
            Map<String, Integer> testFoldOf = new HashMap<>();
            double worst = 0;
            for (SplitAssignment f : folds) {
                double[] test = shares(recs, f, Split.TEST);
                for (int k = 0; k < LABELS.size(); k++) {
                    worst = Math.max(worst, Math.abs(test[k] - overall[k]));
                    assertTrue(Math.abs(test[k] - overall[k]) <= TOLERANCE, "seed " + seed + " fold " + f.fold()
                            + " " + LABELS.get(k) + ": " + test[k] + " in test against " + overall[k]);
                }
                for (int i = 0; i < recs.size(); i++) {
                    if (f.splitOf(i) == Split.TEST) {
                        Integer before = testFoldOf.put(recs.get(i).group(), f.fold());
                        assertTrue(before == null || before == f.fold(), "patient " + recs.get(i).group()
                                + " is test data in folds " + before + " and " + f.fold());
                    }
                }
            }
            assertEquals(300, testFoldOf.size(), "every patient is test data in exactly one fold");
            System.out.printf("seed %d: largest gap of a label's test share from its overall share %.3f%n", seed,
                    worst);
        }
    }

    /** Each label's share of the recordings (in {@code split} of {@code f}, or all). */
    private static double[] shares(List<Recording> recs, SplitAssignment f, Split split) {
        double[] s = new double[LABELS.size()];
        int n = 0;
        for (int i = 0; i < recs.size(); i++) {
            if (f != null && f.splitOf(i) != split) {
                continue;
            }
            n++;
            for (String l : recs.get(i).labels()) {
                s[LABELS.indexOf(l)]++;
            }
        }
        for (int k = 0; k < s.length; k++) {
            s[k] /= n;
        }
        return s;
    }
}
