package org.heartsounds.evaluation.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.heartsounds.core.config.Recipe;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trained spectrogram classifier, whatever file it came from (a DL4J run folder or model zip, or an ONNX file run
 * by ONNX Runtime; see {@link ModelLoader}): its class names in output order, the input size it expects, the recipe
 * it was trained with when the file carries one, and the class probabilities of a batch of images.
 *
 * <p>Inputs are already normalised exactly as training fed them (RGB planes, {@code (px/255 - mean)/std} with the
 * ImageNet mean and std, NCHW): what {@code InputPipeline.networkInput} and {@code ImageTensors.load} produce.
 * Implementations batch internally as their model requires. Not thread-safe; close it when done.
 */
public interface ClassifierModel extends AutoCloseable {

    /** Class names, in the column order of {@link #probabilities}. */
    List<String> labels();

    /** Input height in pixels. */
    int inputHeight();

    /** Input width in pixels. */
    int inputWidth();

    /**
     * The recipe the model was trained with (its audio and spectrogram sections define the preprocessing), when
     * the model file carries one.
     */
    Optional<Recipe> recipe();

    /**
     * Class probabilities {@code [n, labels().size()]} (FLOAT, rows sum to 1; per-label probabilities for a
     * {@link #multilabel()} model) of {@code n} normalised images
     * {@code [n, 3, inputHeight(), inputWidth()]}.
     *
     * @throws IllegalArgumentException if the batch does not have that shape
     */
    INDArray probabilities(INDArray nchw);

    /**
     * Whether the model predicts every label independently (one sigmoid per label, {@code train.task: multilabel}):
     * then {@link #probabilities} holds per-label probabilities whose rows need not sum to 1.
     */
    default boolean multilabel() {
        return false;
    }

    /**
     * A multi-label model's decision thresholds (chosen on validation and saved with it); empty for a multi-class
     * model or one that carries none.
     */
    default Optional<org.heartsounds.trainer.train.DecisionThresholds> thresholds() {
        return Optional.empty();
    }

    /** The file the model was read from (for messages and reports); null for an in-memory network. */
    Path source();

    /** {@code "DL4J"} or {@code "ONNX"}. */
    String format();

    /** Releases native resources. */
    @Override
    void close();

    /**
     * What a person should know before trusting or deploying this model, one sentence each (commands print them as
     * {@code warning:} lines); empty when there is nothing to say.
     */
    default java.util.List<String> warnings() {
        return java.util.List.of();
    }

    /** One line for humans: format, file, classes and input size. */
    default String describe() {
        return String.format(java.util.Locale.ROOT, "%s model %s (%d classes %s, input %dx%d)", format(),
                source() == null ? "(in memory)" : source().toAbsolutePath().normalize(), labels().size(),
                labels(), inputWidth(), inputHeight());
    }

    /** Checks that {@code nchw} is a batch of this model's input shape. */
    default void checkInput(INDArray nchw) {
        long[] s = nchw.shape();
        if (s.length != 4 || s[0] < 1 || s[1] != 3 || s[2] != inputHeight() || s[3] != inputWidth()) {
            throw new IllegalArgumentException("expected input [n, 3, " + inputHeight() + ", " + inputWidth()
                    + "], got " + java.util.Arrays.toString(s));
        }
    }
}
