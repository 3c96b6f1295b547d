package org.heartsounds.core.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The recipe key {@code train.class_weights}: how much each class counts in the training loss. In YAML it is one of
 * <ul>
 *   <li>{@code none} (the default): every example counts once, plain cross-entropy;</li>
 *   <li>{@code balanced}: scikit-learn's {@code n_samples / (n_classes * count_c)}, counted over the <em>windows</em>
 *       (spectrogram images) of the training split, since windows are what the loss sees; a recording cut into
 *       many windows counts many times;</li>
 *   <li>a list {@code [w1, w2, ...]} of positive weights, one per class in {@code labels.txt} order (the sorted class
 *       names, {@code ClassIndex}).</li>
 * </ul>
 * This record only checks what it can see alone (a known word, positive finite numbers); that a list has one weight
 * per class is checked by the trainer, which knows the classes.
 *
 * @param mode    which of the three forms
 * @param weights the given weights ({@link Mode#LIST}), otherwise empty
 */
public record ClassWeights(Mode mode, List<Double> weights) {
    /** The recipe key, for messages. */
    public static final String KEY = "train.class_weights";

    /** The three forms of the key. */
    public enum Mode {
        NONE, BALANCED, LIST
    }

    public ClassWeights {
        Objects.requireNonNull(mode, "mode");
        weights = weights == null ? List.of() : List.copyOf(weights);
        if (mode == Mode.LIST) {
            if (weights.isEmpty()) {
                throw new IllegalArgumentException("an empty list; give one positive weight per class in labels.txt "
                        + "order, or none / balanced");
            }
            for (int i = 0; i < weights.size(); i++) {
                double w = weights.get(i);
                if (!(w > 0) || Double.isInfinite(w)) {
                    throw new IllegalArgumentException("weight " + (i + 1) + " of " + weights
                            + " is not a positive finite number");
                }
            }
        } else if (!weights.isEmpty()) {
            throw new IllegalArgumentException(mode + " takes no list of weights");
        }
    }

    /** Plain cross-entropy (the default). */
    public static ClassWeights none() {
        return new ClassWeights(Mode.NONE, List.of());
    }

    /** Weights from the training split's class counts. */
    public static ClassWeights balanced() {
        return new ClassWeights(Mode.BALANCED, List.of());
    }

    /** Given weights, one per class in labels.txt order. */
    public static ClassWeights of(List<Double> weights) {
        return new ClassWeights(Mode.LIST, weights);
    }

    /**
     * Binds the YAML value: the word {@code none} or {@code balanced}, or a list of numbers. Anything else is an
     * {@link IllegalArgumentException} that {@link ConfigLoader} reports with the file and the key.
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ClassWeights fromYaml(JsonNode node) {
        if (node == null || node.isNull()) {
            return none();
        }
        if (node.isTextual()) {
            return switch (node.asText()) {
                case "none" -> none();
                case "balanced" -> balanced();
                default -> throw new IllegalArgumentException(expected("'" + node.asText() + "'"));
            };
        }
        if (node.isArray()) {
            List<Double> weights = new ArrayList<>();
            for (JsonNode w : node) {
                if (!w.isNumber()) {
                    throw new IllegalArgumentException(expected(node.toString()));
                }
                weights.add(w.doubleValue());
            }
            return of(weights);
        }
        throw new IllegalArgumentException(expected(node.toString()));
    }

    private static String expected(String got) {
        return "must be none, balanced or a list of positive weights in labels.txt order such as [1.0, 3.4, 7.0], "
                + "got " + got;
    }

    /** The YAML value: {@code none}, {@code balanced} or the list of weights. */
    @JsonValue
    public Object toYaml() {
        return switch (mode) {
            case NONE -> "none";
            case BALANCED -> "balanced";
            case LIST -> weights;
        };
    }

    @Override
    public String toString() {
        return String.valueOf(toYaml());
    }
}
