package org.heartsounds.evaluation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The raw output of a model on an evaluation set: for every item (one spectrogram window) its file name, its true
 * class index and the predicted probability of every class. Everything the metrics, the charts and the pooling of
 * cross-validation folds are computed from.
 *
 * <p>{@code groups} is optional (null): the recording each item was cut from. {@code patients} is optional (null):
 * the patient (the prepared dataset's {@code group}: a given patient id merged with shared audio) of each item.
 * Bootstrap confidence intervals resample whole patients when they are known, else whole recordings, because windows
 * of one recording, and recordings of one patient, are not independent ({@link BootstrapIntervals}).
 *
 * <p>Invalid content (shape mismatch, a label out of range, a probability that is not finite or outside [0, 1])
 * is an {@link IllegalArgumentException}; {@link MetricsJson#read} turns it into a {@code BadInputException}
 * naming the file.
 */
public record Predictions(List<String> classNames, List<String> items, int[] trueLabels, double[][] probabilities,
                          List<String> groups, List<String> patients) {

    private static final Pattern WINDOW_SUFFIX = Pattern.compile("^(.*)_w\\d+(\\.[A-Za-z0-9]+)?$");

    public Predictions {
        Objects.requireNonNull(classNames, "classNames");
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(trueLabels, "trueLabels");
        Objects.requireNonNull(probabilities, "probabilities");
        classNames = List.copyOf(classNames);
        items = List.copyOf(items);
        groups = groups == null ? null : List.copyOf(groups);
        patients = patients == null ? null : List.copyOf(patients);
        validate(classNames, items, trueLabels, probabilities, groups);
        if (patients != null && patients.size() != trueLabels.length) {
            throw new IllegalArgumentException(patients.size() + " patients for " + trueLabels.length + " items");
        }
        trueLabels = trueLabels.clone();
        double[][] copy = new double[probabilities.length][];
        for (int i = 0; i < probabilities.length; i++) {
            copy[i] = probabilities[i].clone();
        }
        probabilities = copy;
    }

    /** Predictions without patients. */
    public Predictions(List<String> classNames, List<String> items, int[] trueLabels, double[][] probabilities,
                       List<String> groups) {
        this(classNames, items, trueLabels, probabilities, groups, null);
    }

    /**
     * Predictions from a model's output.
     *
     * @param probabilities [n, C] class probabilities (softmax output), any floating data type
     * @param trueLabels    n true class indices in [0, C)
     * @param classNames    C class names, in the column order of {@code probabilities}
     * @param items         n item names (file names), in row order
     */
    public static Predictions of(INDArray probabilities, int[] trueLabels, List<String> classNames,
                                 List<String> items) {
        Objects.requireNonNull(probabilities, "probabilities");
        if (probabilities.rank() != 2) {
            throw new IllegalArgumentException("probabilities must be a [n, C] matrix, got shape "
                    + java.util.Arrays.toString(probabilities.shape()));
        }
        double[][] p = probabilities.castTo(DataType.DOUBLE).toDoubleMatrix();
        return new Predictions(classNames, items, trueLabels, p, null);
    }

    /** The same predictions with the recording of every item, for recording-level bootstrap resampling. */
    public Predictions withGroups(List<String> recordingOfEachItem) {
        return new Predictions(classNames, items, trueLabels, probabilities, recordingOfEachItem, patients);
    }

    /** The same predictions with the patient of every item, for patient-level pooling and bootstrap resampling. */
    public Predictions withPatients(List<String> patientOfEachItem) {
        return new Predictions(classNames, items, trueLabels, probabilities, groups, patientOfEachItem);
    }

    /**
     * The recording of every window file, from the dataset's naming {@code <recording>_wNN.png}: the suffix
     * {@code _wNN} and the extension are removed; a name without the suffix is its own recording.
     */
    public static List<String> recordingsOfWindowFiles(List<String> windowFiles) {
        List<String> out = new ArrayList<>(windowFiles.size());
        for (String f : windowFiles) {
            Matcher m = WINDOW_SUFFIX.matcher(f);
            out.add(m.matches() ? m.group(1) : f);
        }
        return out;
    }

    /** Number of items. */
    public int size() {
        return trueLabels.length;
    }

    /** Number of classes. */
    public int numClasses() {
        return classNames.size();
    }

    /** The probabilities as a [n, C] DOUBLE matrix. */
    public INDArray probabilityMatrix() {
        return Nd4j.createFromArray(probabilities);
    }

    /** The true labels as a one-hot [n, C] DOUBLE matrix, the label form DL4J's evaluation classes take. */
    public INDArray oneHotLabels() {
        INDArray out = Nd4j.zeros(DataType.DOUBLE, size(), numClasses());
        for (int i = 0; i < trueLabels.length; i++) {
            out.putScalar(i, trueLabels[i], 1.0);
        }
        return out;
    }

    /**
     * The predicted class of every item: ND4J's arg-max over each row, the same operation DL4J's
     * {@code Evaluation} uses, so that ties resolve identically everywhere.
     */
    public int[] predictedLabels() {
        return Nd4j.argMax(probabilityMatrix(), 1).toIntVector();
    }

    /**
     * Concatenates the predictions of several folds (in the given order) into one set, for pooled metrics.
     * All parts must have the same class names in the same order; groups and patients are kept only if every part
     * has them.
     */
    public static Predictions pool(List<Predictions> parts) {
        if (parts == null || parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to pool: no predictions given");
        }
        List<String> names = parts.get(0).classNames();
        boolean allGroups = true;
        boolean allPatients = true;
        int n = 0;
        for (int k = 0; k < parts.size(); k++) {
            Predictions p = parts.get(k);
            if (!p.classNames().equals(names)) {
                throw new IllegalArgumentException("cannot pool part " + k + ": classes " + p.classNames()
                        + " differ from " + names);
            }
            allGroups &= p.groups() != null;
            allPatients &= p.patients() != null;
            n += p.size();
        }
        List<String> items = new ArrayList<>(n);
        List<String> groups = allGroups ? new ArrayList<>(n) : null;
        List<String> patients = allPatients ? new ArrayList<>(n) : null;
        int[] labels = new int[n];
        double[][] probs = new double[n][];
        int at = 0;
        for (Predictions p : parts) {
            items.addAll(p.items());
            if (groups != null) {
                groups.addAll(p.groups());
            }
            if (patients != null) {
                patients.addAll(p.patients());
            }
            System.arraycopy(p.trueLabels, 0, labels, at, p.size());
            System.arraycopy(p.probabilities, 0, probs, at, p.size());
            at += p.size();
        }
        return new Predictions(names, items, labels, probs, groups, patients);
    }

    private static void validate(List<String> classNames, List<String> items, int[] labels, double[][] probs,
                                 List<String> groups) {
        int c = classNames.size();
        if (c < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + c);
        }
        if (new HashSet<>(classNames).size() != c) {
            throw new IllegalArgumentException("class names are not unique: " + classNames);
        }
        int n = labels.length;
        if (n == 0) {
            throw new IllegalArgumentException("no items to evaluate");
        }
        if (items.size() != n || probs.length != n) {
            throw new IllegalArgumentException("item count mismatch: " + n + " labels, " + probs.length
                    + " probability rows, " + items.size() + " item names");
        }
        if (groups != null && groups.size() != n) {
            throw new IllegalArgumentException(groups.size() + " groups for " + n + " items");
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= c) {
                throw new IllegalArgumentException("item " + i + " (" + items.get(i) + "): label " + labels[i]
                        + " is not in [0, " + c + ")");
            }
            if (probs[i] == null || probs[i].length != c) {
                throw new IllegalArgumentException("item " + i + " (" + items.get(i) + "): expected " + c
                        + " probabilities, got " + (probs[i] == null ? 0 : probs[i].length));
            }
            for (int j = 0; j < c; j++) {
                double v = probs[i][j];
                if (!(v >= 0.0 && v <= 1.0)) {
                    throw new IllegalArgumentException("item " + i + " (" + items.get(i) + "): probability of "
                            + classNames.get(j) + " is " + v + ", not in [0, 1]");
                }
            }
        }
    }
}
