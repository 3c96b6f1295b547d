package org.heartsounds.data.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.SplitSpec;
import org.heartsounds.data.dataset.ClassIndex;
import org.heartsounds.data.dataset.Recording;
import org.heartsounds.data.dataset.Split;
import org.heartsounds.data.group.GroupAssigner;
import org.heartsounds.data.group.GroupAssignment;
import org.junit.jupiter.api.Test;

class DatasetSplitterTest {
    private static final List<String> CLASSES = List.of("AS", "MR", "MS", "MVP", "N");
    private static final ClassIndex INDEX = ClassIndex.of(CLASSES);
    private static final int MAX_GROUP = 4;

    /** 5 classes x 200 recordings in random groups of 1-4 recordings (given group ids), one class per group. */
    static List<Recording> balanced(long seed) {
        Random rnd = new Random(seed);
        List<Recording> recs = new ArrayList<>();
        for (String c : CLASSES) {
            int left = 200;
            int g = 0;
            while (left > 0) {
                int size = Math.min(left, 1 + rnd.nextInt(MAX_GROUP));
                for (int k = 0; k < size; k++) {
                    String id = c + "/" + g + "_" + k + ".wav";
                    recs.add(new Recording(id, Path.of(id), List.of(c), c + "-" + g, null));
                }
                left -= size;
                g++;
            }
        }
        return recs;
    }

    private static SplitSpec spec(SplitSpec.Mode mode) {
        return new SplitSpec(mode, 0.8, 0.1, 0.1, 5, SplitSpec.Overlap.defaults());
    }

    /** counts[split][class] by primary label. */
    private static int[][] counts(SplitAssignment a, List<Recording> recs) {
        int[][] c = new int[3][CLASSES.size()];
        for (int i = 0; i < recs.size(); i++) {
            c[a.splitOf(i).ordinal()][INDEX.indexOf(recs.get(i).primaryLabel())]++;
        }
        return c;
    }

    private static void assertNoGroupSpansSplits(SplitAssignment a, GroupAssignment g) {
        Map<String, Split> splitOfGroup = new HashMap<>();
        for (int i = 0; i < g.size(); i++) {
            Split prev = splitOfGroup.putIfAbsent(g.groupOf(i), a.splitOf(i));
            assertTrue(prev == null || prev == a.splitOf(i), "group " + g.groupOf(i) + " spans splits");
        }
    }

    @Test
    void groupedSplitKeepsGroupsWholeAndHitsPerClassTargetsWithinOneGroup() {
        double[] target = {160, 20, 20};
        int worst = 0;
        for (long seed = 0; seed < 40; seed++) {
            List<Recording> recs = balanced(seed);
            GroupAssignment groups = GroupAssigner.assign(recs, List.of());
            SplitAssignment a = new DatasetSplitter(spec(SplitSpec.Mode.GROUPED), seed).split(recs, INDEX, groups);
            assertFalse(a.leaky());
            assertEquals(-1, a.fold());
            assertNoGroupSpansSplits(a, groups);
            int[][] c = counts(a, recs);
            for (int s = 0; s < 3; s++) {
                for (int k = 0; k < CLASSES.size(); k++) {
                    int dev = (int) Math.abs(c[s][k] - target[s]);
                    worst = Math.max(worst, dev);
                    assertTrue(dev <= MAX_GROUP, "seed " + seed + " split " + s + " class " + k + ": " + c[s][k]);
                }
            }
        }
        assertTrue(worst <= 1, "measured: every class hits its integer targets exactly; worst " + worst);
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        List<Recording> recs = balanced(1);
        GroupAssignment groups = GroupAssigner.assign(recs, List.of());
        SplitSpec s = spec(SplitSpec.Mode.GROUPED);
        SplitAssignment a = new DatasetSplitter(s, 42).split(recs, INDEX, groups);
        assertEquals(a, new DatasetSplitter(s, 42).split(recs, INDEX, groups));
        SplitAssignment b = new DatasetSplitter(s, 43).split(recs, INDEX, groups);
        assertNotEquals(a.splits(), b.splits());
        long moved = 0;
        for (int i = 0; i < recs.size(); i++) {
            moved += a.splitOf(i) == Split.TEST && b.splitOf(i) != Split.TEST ? 1 : 0;
        }
        assertTrue(moved > 50, "another seed draws another test set (" + moved + " of ~100 test recordings moved)");
        assertNotEquals(new DatasetSplitter(s, 1).folds(recs, INDEX, groups),
                new DatasetSplitter(s, 2).folds(recs, INDEX, groups));
        // split.seed fixes the folds whatever the recipe's seed: other trainings on the same folds
        SplitSpec fixed = new SplitSpec(s.mode(), s.train(), s.val(), s.test(), s.folds(), s.overlap(), 1L);
        assertEquals(new DatasetSplitter(s, 1).folds(recs, INDEX, groups).stream().map(SplitAssignment::splits)
                .toList(), new DatasetSplitter(fixed, 2).folds(recs, INDEX, groups).stream()
                .map(SplitAssignment::splits).toList());
        assertEquals(1L, new DatasetSplitter(fixed, 2).folds(recs, INDEX, groups).get(0).seed());
    }

    @Test
    void foldsPartitionTheDataAndEachHasAGroupedValidationPart() {
        List<Recording> recs = balanced(3);
        GroupAssignment groups = GroupAssigner.assign(recs, List.of());
        List<SplitAssignment> folds = new DatasetSplitter(spec(SplitSpec.Mode.GROUPED), 7).folds(recs, INDEX, groups);
        assertEquals(5, folds.size());
        int[] timesInTest = new int[recs.size()];
        for (int f = 0; f < 5; f++) {
            SplitAssignment a = folds.get(f);
            assertEquals(f, a.fold());
            assertNoGroupSpansSplits(a, groups);
            int[][] c = counts(a, recs);
            for (int k = 0; k < CLASSES.size(); k++) {
                assertEquals(40, c[2][k], MAX_GROUP, "fold " + f + " test, class " + k);
                // val = 0.1 / (0.8 + 0.1) of the 160 training recordings of the class
                assertEquals(160 / 9.0, c[1][k], MAX_GROUP, "fold " + f + " val, class " + k);
            }
            for (int i : a.indices(Split.TEST)) {
                timesInTest[i]++;
            }
        }
        for (int i = 0; i < recs.size(); i++) {
            assertEquals(1, timesInTest[i], recs.get(i).id() + " is test data in exactly one fold");
        }
    }

    @Test
    void noValidationWhenValIsZero() {
        List<Recording> recs = balanced(4);
        GroupAssignment groups = GroupAssigner.assign(recs, List.of());
        SplitSpec noVal = new SplitSpec(SplitSpec.Mode.GROUPED, 0.8, 0.0, 0.2, 4, SplitSpec.Overlap.defaults());
        for (SplitAssignment a : new DatasetSplitter(noVal, 1).folds(recs, INDEX, groups)) {
            assertEquals(List.of(), a.indices(Split.VAL));
            assertEquals(250, a.indices(Split.TEST).size(), 2 * MAX_GROUP);
        }
        assertEquals(List.of(), new DatasetSplitter(noVal, 1).split(recs, INDEX, groups).indices(Split.VAL));
    }

    @Test
    void fileModeIsExactPerClassAndMarkedLeaky() {
        List<Recording> recs = balanced(5);
        GroupAssignment groups = GroupAssigner.assign(recs, List.of());
        DatasetSplitter splitter = new DatasetSplitter(spec(SplitSpec.Mode.FILE), 9);
        SplitAssignment a = splitter.split(recs, INDEX, groups);
        assertTrue(a.leaky());
        int[][] c = counts(a, recs);
        for (int k = 0; k < CLASSES.size(); k++) {
            assertEquals(160, c[0][k], 1);
            assertEquals(20, c[1][k], 1);
            assertEquals(20, c[2][k], 1);
        }
        SplitSummary summary = splitter.summarize(a, recs, INDEX, groups);
        assertTrue(summary.leaky());
        assertTrue(summary.groupsSpanningSplits() > 0, "random files of groups of up to 4 land in several splits");
        assertTrue(summary.toText().contains("** LEAKY **"), summary.toText());
        assertTrue(summary.warnings().get(0).startsWith("LEAKY: file mode"), summary.warnings().toString());
        for (SplitAssignment f : splitter.folds(recs, INDEX, null)) {
            assertTrue(f.leaky());
        }
    }

    @Test
    void givenModeUsesTheManifestColumnAndNamesRecordingsWithoutOne() {
        List<Recording> recs = new ArrayList<>();
        Split[] cycle = {Split.TRAIN, Split.TRAIN, Split.VAL, Split.TEST};
        for (int i = 0; i < 8; i++) {
            recs.add(new Recording("r" + i, Path.of("r" + i + ".wav"), List.of(i % 2 == 0 ? "AS" : "N"),
                    i < 2 ? "p" : null, cycle[i % 4]));
        }
        ClassIndex classes = ClassIndex.of(List.of("AS", "N"));
        DatasetSplitter splitter = new DatasetSplitter(spec(SplitSpec.Mode.GIVEN), 0);
        SplitAssignment a = splitter.split(recs, classes, GroupAssigner.assign(recs, List.of()));
        assertEquals(List.of(Split.TRAIN, Split.TRAIN, Split.VAL, Split.TEST, Split.TRAIN, Split.TRAIN, Split.VAL,
                Split.TEST), a.splits());
        assertFalse(a.leaky()); // r0 and r1 (patient p) are both train

        List<Recording> leaking = new ArrayList<>(recs);
        leaking.set(2, new Recording("r2", Path.of("r2.wav"), List.of("AS"), "p", Split.VAL));
        SplitAssignment b = splitter.split(leaking, classes, GroupAssigner.assign(leaking, List.of()));
        assertTrue(b.leaky());
        assertEquals(1, splitter.summarize(b, leaking, classes, GroupAssigner.assign(leaking, List.of()))
                .groupsSpanningSplits());

        List<Recording> missing = new ArrayList<>(recs);
        missing.set(5, new Recording("r5", Path.of("r5.wav"), List.of("N"), null, null));
        BadInputException e = assertThrows(BadInputException.class, () -> splitter.split(missing, classes, null));
        assertEquals("r5.wav", e.source());
        assertTrue(e.problem().startsWith("recording 'r5' has no split value"), e.getMessage());
        assertThrows(BadInputException.class, () -> splitter.folds(recs, classes, null));
    }

    @Test
    void aGroupTooBigForValOrTestGoesToTrainAndAGroupTakesItsMajorityClass() {
        List<Recording> recs = new ArrayList<>();
        for (int i = 0; i < 100; i++) { // one recording of 100 AS files, one of them labelled N
            recs.add(new Recording("big" + i, Path.of("big" + i), List.of(i == 0 ? "N" : "AS"), "big", null));
        }
        for (int i = 0; i < 100; i++) {
            recs.add(new Recording("as" + i, Path.of("as" + i), List.of("AS"), null, null));
            recs.add(new Recording("n" + i, Path.of("n" + i), List.of("N"), null, null));
        }
        ClassIndex classes = ClassIndex.of(List.of("AS", "N"));
        GroupAssignment groups = GroupAssigner.assign(recs, List.of());
        for (long seed = 0; seed < 10; seed++) {
            SplitAssignment a = new DatasetSplitter(spec(SplitSpec.Mode.GROUPED), seed).split(recs, classes, groups);
            for (int i = 0; i < 100; i++) {
                assertEquals(Split.TRAIN, a.splitOf(i));
            }
            // AS: 199 recordings, target 20 in val and in test; all from the singletons
            long asTest = a.indices(Split.TEST).stream().filter(i -> recs.get(i).primaryLabel().equals("AS")).count();
            assertEquals(19.9, asTest, 1);
        }
    }

    @Test
    void summaryTableAndJson() {
        List<Recording> recs = balanced(6);
        GroupAssignment groups = GroupAssigner.assign(recs, List.of());
        DatasetSplitter splitter = new DatasetSplitter(spec(SplitSpec.Mode.GROUPED), 3);
        SplitAssignment a = splitter.split(recs, INDEX, groups);
        SplitSummary s = splitter.summarize(a, recs, INDEX, groups);
        int[][] c = counts(a, recs);
        assertEquals(c[2][0], s.recordings().get("test").get("AS"));
        assertEquals(0, s.groupsSpanningSplits());
        assertEquals(List.of(), s.warnings());
        Set<String> testGroups = new HashSet<>();
        a.indices(Split.TEST).forEach(i -> testGroups.add(groups.groupOf(i)));
        assertEquals(testGroups.size(), s.groups().get("test"));
        String text = s.toText();
        assertTrue(text.startsWith("split mode grouped, seed 3\nclass"), text);
        assertTrue(text.contains("class   train  val  test  total\n---"), text);
        assertTrue(text.contains("\nMVP       160   20    20    200\n"), text);
        assertTrue(text.contains("\nall       800  100   100   1000\n"), text);
        JsonNode json = new ObjectMapper().valueToTree(s);
        assertEquals("grouped", json.get("mode").asText()); // the recipe spelling (@JsonProperty)
        assertEquals(c[0][4], json.get("recordings").get("train").get("N").asInt());
    }

    /**
     * A cohort of 60 patients, 8 recordings each, 5 imbalanced classes (30, 15, 8, 4 and 3 patients): the grouped
     * split and every fold keep every patient whole and hold every class in every split (a class with 3 patients
     * has one in each of train, val and test; with 5 folds each fold's test part needs 5, so only classes with at
     * least 5 patients are in every fold's test part, and the others are named with how many they would need).
     */
    @Test
    void everyClassWithEnoughPatientsIsInEverySplitAndFold() {
        int[] patients = {30, 15, 8, 4, 3};
        for (long seed = 0; seed < 20; seed++) {
            List<Recording> recs = new ArrayList<>();
            for (int c = 0; c < CLASSES.size(); c++) {
                for (int p = 0; p < patients[c]; p++) {
                    for (int k = 0; k < 8; k++) {
                        String id = CLASSES.get(c) + "_p" + p + "_" + k + ".wav";
                        recs.add(new Recording(id, Path.of(id), List.of(CLASSES.get(c)), CLASSES.get(c) + p, null));
                    }
                }
            }
            GroupAssignment groups = GroupAssigner.assign(recs, List.of());
            assertEquals(60, groups.members().size());
            DatasetSplitter splitter = new DatasetSplitter(spec(SplitSpec.Mode.GROUPED), seed);
            SplitAssignment a = splitter.split(recs, INDEX, groups);
            assertNoGroupSpansSplits(a, groups);
            int[][] c = counts(a, recs);
            for (int k = 0; k < CLASSES.size(); k++) {
                for (int s = 0; s < 3; s++) {
                    assertTrue(c[s][k] > 0, "seed " + seed + ": no " + CLASSES.get(k) + " in split " + s);
                }
                // train holds 80 % of each class within one patient (8 recordings); within two for a class of
                // fewer than 10 patients, where one patient each in val and test is more than 10 % each
                int total = patients[k] * 8;
                assertTrue(Math.abs(c[0][k] - 0.8 * total) <= 8 * (patients[k] < 10 ? 2 : 1), "seed " + seed
                        + " class " + k + " train " + c[0][k] + " of " + total);
            }
            assertEquals(List.of(), splitter.summarize(a, recs, INDEX, groups).warnings(), "seed " + seed);

            List<SplitAssignment> folds = splitter.folds(recs, INDEX, groups);
            int[] testFoldsOf = new int[recs.size()];
            for (SplitAssignment f : folds) {
                assertNoGroupSpansSplits(f, groups);
                int[][] fc = counts(f, recs);
                for (int k = 0; k < CLASSES.size(); k++) {
                    assertTrue(fc[0][k] > 0, "fold train lacks " + CLASSES.get(k));
                    if (patients[k] >= 5) {
                        assertTrue(fc[2][k] > 0, "seed " + seed + " fold " + f.fold() + ": no " + CLASSES.get(k)
                                + " in test");
                    }
                    if (patients[k] >= 6) {
                        assertTrue(fc[1][k] > 0, "seed " + seed + " fold " + f.fold() + ": no " + CLASSES.get(k)
                                + " in val");
                    }
                }
                for (int i = 0; i < recs.size(); i++) {
                    testFoldsOf[i] += f.splitOf(i) == Split.TEST ? 1 : 0;
                }
                List<String> w = splitter.summarize(f, recs, INDEX, groups).warnings();
                for (String line : w) {
                    assertTrue(line.contains("class MVP is in 4 group(s); 3 splits need at least 3")
                            || line.contains("class N is in 3 group(s)") || line.contains("in val")
                            || line.contains("in test"), line);
                }
            }
            for (int t : testFoldsOf) {
                assertEquals(1, t, "every recording is test data in exactly one fold");
            }
        }
        // a class of 2 patients cannot be in 3 splits: the warning says how many it would need
        List<Recording> two = new ArrayList<>();
        for (int p = 0; p < 12; p++) {
            String c = p < 2 ? "AS" : "N";
            two.add(new Recording(p + ".wav", Path.of(p + ".wav"), List.of(c), "p" + p, null));
        }
        ClassIndex ix = ClassIndex.of(List.of("AS", "N"));
        GroupAssignment g2 = GroupAssigner.assign(two, List.of());
        DatasetSplitter splitter = new DatasetSplitter(spec(SplitSpec.Mode.GROUPED), 1);
        List<String> warnings = splitter.summarize(splitter.split(two, ix, g2), two, ix, g2).warnings();
        assertTrue(warnings.stream().anyMatch(w -> w.contains("class AS is in 2 group(s); 3 splits need at least 3, "
                + "one each")), warnings.toString());
    }

    /** Multi-label data is stratified by label combination: every combination with 3+ patients is in every split. */
    @Test
    void multiLabelDataIsStratifiedByLabelCombination() {
        String[][] combos = {{"N"}, {"AS"}, {"AS", "MR"}, {"MR", "AS"}, {"MS", "MVP", "MR"}};
        int[] patients = {30, 10, 3, 3, 4};
        for (long seed = 0; seed < 10; seed++) {
            List<Recording> recs = new ArrayList<>();
            for (int c = 0; c < combos.length; c++) {
                for (int p = 0; p < patients[c]; p++) {
                    for (int k = 0; k < 3; k++) {
                        String id = "c" + c + "_p" + p + "_" + k + ".wav";
                        recs.add(new Recording(id, Path.of(id), List.of(combos[c]), "c" + c + "p" + p, null));
                    }
                }
            }
            GroupAssignment groups = GroupAssigner.assign(recs, List.of());
            SplitAssignment a = new DatasetSplitter(spec(SplitSpec.Mode.GROUPED), seed).split(recs, INDEX, groups);
            assertNoGroupSpansSplits(a, groups);
            // AS;MR and MR;AS are one combination (6 patients): in every split; so is MR;MS;MVP (4 patients)
            for (String combination : List.of("AS;MR", "MR;MS;MVP", "AS", "N")) {
                Set<Split> splits = new HashSet<>();
                for (int i = 0; i < recs.size(); i++) {
                    if (String.join(";", new java.util.TreeSet<>(recs.get(i).labels())).equals(combination)) {
                        splits.add(a.splitOf(i));
                    }
                }
                assertEquals(Set.of(Split.TRAIN, Split.VAL, Split.TEST), splits, "seed " + seed + " " + combination);
            }
        }
    }
}
