package org.heartsounds.evaluation.multilabel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A multi-label model's outputs on a list of items (windows, recordings or patients) with their true label sets.
 *
 * @param labels        label names, in output order
 * @param items         item names (window PNGs, recording ids, patient ids)
 * @param probabilities {@code [items][labels]} sigmoid outputs
 * @param truth         {@code [items][labels]} 1 where the label is present
 * @param groups        each item's recording, or null
 * @param patients      each item's patient, or null
 */
public record MultiLabelPredictions(List<String> labels, List<String> items, double[][] probabilities,
                                    int[][] truth, List<String> groups, List<String> patients) {
    public MultiLabelPredictions {
        labels = List.copyOf(labels);
        items = List.copyOf(items);
        groups = groups == null ? null : List.copyOf(groups);
        patients = patients == null ? null : List.copyOf(patients);
        if (probabilities.length != items.size() || truth.length != items.size()) {
            throw new IllegalArgumentException("one row of probabilities and truth per item");
        }
        for (int i = 0; i < items.size(); i++) {
            if (probabilities[i].length != labels.size() || truth[i].length != labels.size()) {
                throw new IllegalArgumentException("item " + items.get(i) + ": one value per label");
            }
        }
    }

    public int size() {
        return items.size();
    }

    public INDArray probabilityMatrix() {
        return Nd4j.createFromArray(probabilities).castTo(DataType.DOUBLE);
    }

    public INDArray truthMatrix() {
        double[][] t = new double[truth.length][];
        for (int i = 0; i < truth.length; i++) {
            t[i] = new double[truth[i].length];
            for (int k = 0; k < t[i].length; k++) {
                t[i][k] = truth[i][k];
            }
        }
        return Nd4j.createFromArray(t);
    }

    /** One item per recording: the mean of its windows' probabilities; its truth (every window's, the same). */
    public MultiLabelPredictions byRecording() {
        if (groups == null) {
            throw new IllegalStateException("no recordings known");
        }
        return pool(groups, patients);
    }

    /**
     * One item per patient: the mean of its items' probabilities (each item weighing the same) and the union of
     * their label sets (a patient has every lesion any of its recordings is labelled with).
     */
    public MultiLabelPredictions byPatient() {
        if (patients == null) {
            throw new IllegalStateException("no patients known");
        }
        return pool(patients, patients);
    }

    private MultiLabelPredictions pool(List<String> key, List<String> patientOfItem) {
        Map<String, List<Integer>> members = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            members.computeIfAbsent(key.get(i), g -> new ArrayList<>()).add(i);
        }
        int k = labels.size();
        List<String> names = new ArrayList<>();
        List<String> patientsOut = patientOfItem == null ? null : new ArrayList<>();
        double[][] p = new double[members.size()][k];
        int[][] t = new int[members.size()][k];
        int row = 0;
        for (Map.Entry<String, List<Integer>> e : members.entrySet()) {
            names.add(e.getKey());
            for (int i : e.getValue()) {
                for (int c = 0; c < k; c++) {
                    p[row][c] += probabilities[i][c] / e.getValue().size();
                    t[row][c] = Math.max(t[row][c], truth[i][c]);
                }
            }
            if (patientsOut != null) {
                patientsOut.add(patientOfItem.get(e.getValue().get(0)));
            }
            row++;
        }
        return new MultiLabelPredictions(labels, names, p, t, names, patientsOut);
    }
}
