package org.heartsounds.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pools items into units: every unit's probability vectors combined by an {@link Aggregation}, its label the
 * members' label, units in the order of their first member. Shared by {@link RecordingLevel} and
 * {@link PatientLevel}.
 */
final class LevelPooling {
    private LevelPooling() {
    }

    /**
     * @param unitOfItem    the unit of every item (its recording, its patient)
     * @param patientOfItem the patient of every item, or null; the patient of a unit is its members' (they must agree)
     * @param what          the kind of unit, for messages ("recording", "patient")
     * @param splitByLabel  whether members of one unit that disagree on the label form one unit per label (named
     *                      {@code unit [label]}) instead of being an error
     * @return the units' predictions: items and groups are the unit names, patients the units' patients
     */
    static Predictions pool(Predictions p, List<String> unitOfItem, List<String> patientOfItem, Aggregation aggregation,
                            String what, boolean splitByLabel) {
        Map<String, List<Integer>> members = new LinkedHashMap<>();
        Map<String, Integer> labelsOfUnit = new LinkedHashMap<>();
        for (int i = 0; i < p.size(); i++) {
            String unit = unitOfItem.get(i);
            Integer first = labelsOfUnit.putIfAbsent(unit, p.trueLabels()[i]);
            if (first != null && first != p.trueLabels()[i] && !splitByLabel) {
                throw new IllegalArgumentException("items of " + what + " '" + unit + "' disagree on their label");
            }
        }
        Map<String, Boolean> mixed = new LinkedHashMap<>();
        for (int i = 0; i < p.size(); i++) {
            mixed.merge(unitOfItem.get(i), labelsOfUnit.get(unitOfItem.get(i)) != p.trueLabels()[i], Boolean::logicalOr);
        }
        Map<String, String> patientOfUnit = new LinkedHashMap<>();
        for (int i = 0; i < p.size(); i++) {
            String unit = unitOfItem.get(i);
            String name = mixed.get(unit) ? unit + " [" + p.classNames().get(p.trueLabels()[i]) + "]" : unit;
            members.computeIfAbsent(name, k -> new ArrayList<>()).add(i);
            if (patientOfItem != null) {
                String patient = patientOfItem.get(i);
                String before = patientOfUnit.putIfAbsent(name, patient);
                if (before != null && !before.equals(patient)) {
                    throw new IllegalArgumentException("items of " + what + " '" + unit + "' belong to different "
                            + "patients: '" + before + "' and '" + patient + "'");
                }
            }
        }
        List<String> items = new ArrayList<>(members.size());
        int[] labels = new int[members.size()];
        double[][] probs = new double[members.size()][];
        int u = 0;
        for (Map.Entry<String, List<Integer>> e : members.entrySet()) {
            items.add(e.getKey());
            List<double[]> rows = new ArrayList<>(e.getValue().size());
            for (int i : e.getValue()) {
                rows.add(p.probabilities()[i]);
            }
            labels[u] = p.trueLabels()[e.getValue().get(0)];
            probs[u++] = aggregation.combine(rows);
        }
        List<String> patients = patientOfItem == null ? null : items.stream().map(patientOfUnit::get).toList();
        return new Predictions(p.classNames(), items, labels, probs, items, patients);
    }
}
