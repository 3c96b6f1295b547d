package org.heartsounds.trainer.train;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.ClassWeights;
import org.heartsounds.trainer.data.ImageEntry;

/**
 * The per-class weights of the training loss that a recipe's {@code train.class_weights} ({@link ClassWeights})
 * comes to for one training split, in labels.txt order. {@code balanced} is scikit-learn's
 * {@code compute_class_weight("balanced")}: {@code n_samples / (n_classes * count_c)}, counted over the training
 * split's <em>windows</em> (its spectrogram images, what the loss sees), not its recordings. Balanced weights average
 * 1 over the training windows, so the loss keeps its scale. The weights go into the output layer's
 * {@code LossMCXENT} ({@code trainer.transfer.NetworkFactory}); the train and validation loss columns of
 * metrics.csv stay unweighted.
 *
 * @param mode    the recipe's form: none, balanced or a given list
 * @param weights one weight per class, or null for {@code none} (plain cross-entropy)
 * @param counts  training windows per class, in labels.txt order
 */
public record LossWeights(ClassWeights.Mode mode, double[] weights, long[] counts) {
    public LossWeights {
        weights = weights == null ? null : weights.clone();
        counts = counts.clone();
    }

    /**
     * Resolves {@code spec} for a training split with {@code counts} windows per class.
     *
     * @param labels     the class names, labels.txt order
     * @param labelsFile names the dataset in errors
     * @throws BadInputException when a given list has another length than there are classes, or {@code balanced}
     *                           meets a class without training windows
     */
    public static LossWeights resolve(ClassWeights spec, long[] counts, List<String> labels, String labelsFile) {
        if (counts.length != labels.size()) {
            throw new IllegalArgumentException(counts.length + " counts for " + labels.size() + " classes");
        }
        return switch (spec.mode()) {
            case NONE -> new LossWeights(spec.mode(), null, counts);
            case BALANCED -> {
                for (int c = 0; c < counts.length; c++) {
                    if (counts[c] == 0) {
                        throw new BadInputException(labelsFile, ClassWeights.KEY + " balanced: class '"
                                + labels.get(c) + "' has no training windows, so its weight n / (classes * 0) is "
                                + "infinite; give a list of weights or use none");
                    }
                }
                yield new LossWeights(spec.mode(), balanced(counts), counts);
            }
            case LIST -> {
                if (spec.weights().size() != labels.size()) {
                    throw new BadInputException(labelsFile, ClassWeights.KEY + " has " + spec.weights().size()
                            + " weights but the dataset has " + labels.size() + " classes " + labels
                            + "; give one weight per class in this (labels.txt) order");
                }
                yield new LossWeights(spec.mode(), spec.weights().stream().mapToDouble(Double::doubleValue)
                        .toArray(), counts);
            }
        };
    }

    /** {@code n / (k * count_c)} for every class c, n the total and k the number of classes; every count &gt; 0. */
    public static double[] balanced(long[] counts) {
        long n = Arrays.stream(counts).sum();
        double[] w = new double[counts.length];
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] <= 0) {
                throw new IllegalArgumentException("class " + c + " has no examples");
            }
            w[c] = n / ((double) counts.length * counts[c]);
        }
        return w;
    }

    /** Windows (images) per class index, for {@code classes} classes. */
    public static long[] countWindows(List<ImageEntry> images, int classes) {
        long[] counts = new long[classes];
        for (ImageEntry e : images) {
            counts[e.label()]++;
        }
        return counts;
    }

    /**
     * Training windows per label for multi-label training: a window counts once for every label of its recording
     * ({@link ImageEntry#labels()}), so {@code balanced} weighs each label's binary cross-entropy by
     * {@code n / (labels * windows with the label)}.
     */
    public static long[] countLabelWindows(List<ImageEntry> images, int classes) {
        long[] counts = new long[classes];
        for (ImageEntry e : images) {
            for (int k : e.labels()) {
                counts[k]++;
            }
        }
        return counts;
    }

    /** Whether the loss is weighted (not {@code none}). */
    public boolean weighted() {
        return weights != null;
    }

    @Override
    public double[] weights() {
        return weights == null ? null : weights.clone();
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    /**
     * One line for the log and provenance.json, e.g. {@code balanced: murmur 1.6175, normal 0.4802 (training windows:
     * murmur 95, normal 320)} or {@code none (training windows: ...)}.
     */
    public String describe(List<String> labels) {
        StringJoiner w = new StringJoiner(", ");
        StringJoiner n = new StringJoiner(", ");
        for (int c = 0; c < labels.size(); c++) {
            if (weights != null) {
                w.add(String.format(Locale.ROOT, "%s %.4f", labels.get(c), weights[c]));
            }
            n.add(labels.get(c) + " " + counts[c]);
        }
        String form = mode.name().toLowerCase(Locale.ROOT);
        return (weights == null ? form : form + ": " + w) + " (training windows: " + n + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LossWeights other && mode == other.mode && Arrays.equals(weights, other.weights)
                && Arrays.equals(counts, other.counts);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * mode.hashCode() + Arrays.hashCode(weights)) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "LossWeights[" + mode + ", " + Arrays.toString(weights) + ", " + Arrays.toString(counts) + "]";
    }
}
