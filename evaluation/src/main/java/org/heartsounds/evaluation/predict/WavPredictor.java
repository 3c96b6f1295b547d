package org.heartsounds.evaluation.predict;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.data.audio.AudioWindow;
import org.heartsounds.data.audio.WavReader;
import org.heartsounds.data.datavec.InputPipeline;
import org.heartsounds.evaluation.Aggregation;
import org.heartsounds.evaluation.model.ClassifierModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Predicts the class of WAV recordings with a {@link ClassifierModel}: the WAV is decoded and cut into windows, each
 * window becomes the network's input through dataset-tools' {@link InputPipeline} (the preprocessing of
 * {@code data prepare} and training, configured with the model's own recipe), and the windows' probabilities are
 * combined into the recording's by an {@link Aggregation} (their mean by default).
 */
public final class WavPredictor {
    private final ClassifierModel model;
    private final InputPipeline pipeline;
    private final Aggregation aggregation;

    /**
     * @param pipeline preprocessing whose spectrogram size equals the model's input size
     */
    public WavPredictor(ClassifierModel model, InputPipeline pipeline) {
        this(model, pipeline, Aggregation.MEAN);
    }

    /**
     * @param pipeline    preprocessing whose spectrogram size equals the model's input size
     * @param aggregation how the windows' probabilities become the recording's
     */
    public WavPredictor(ClassifierModel model, InputPipeline pipeline, Aggregation aggregation) {
        this.model = model;
        this.pipeline = pipeline;
        this.aggregation = Objects.requireNonNull(aggregation, "aggregation");
        if (!pipeline.spectrogram().hasSize(model.inputWidth(), model.inputHeight())) {
            throw new IllegalArgumentException("pipeline makes " + pipeline.width() + "x" + pipeline.height()
                    + " images, the model takes " + model.inputWidth() + "x" + model.inputHeight());
        }
    }

    /**
     * A predictor with the preprocessing the model was trained with: its recipe, else {@code fallback} (an ONNX
     * file without heartsounds metadata), whose spectrogram size must then equal the model's input.
     *
     * @throws BadInputException when the fallback recipe does not fit the model
     */
    public static WavPredictor forModel(ClassifierModel model, Recipe fallback) {
        Recipe recipe = model.recipe().orElse(fallback);
        recipe.spectrogram().requireSize(model.inputWidth(), model.inputHeight(), String.valueOf(model.source()),
                "the model", "the recipe", "; pass the recipe it was trained with (--config)");
        return new WavPredictor(model, new InputPipeline(recipe.audio(), recipe.spectrogram()));
    }

    /** The same predictor combining windows by {@code how}. */
    public WavPredictor withAggregation(Aggregation how) {
        return new WavPredictor(model, pipeline, how);
    }

    /** How the windows' probabilities become the recording's. */
    public Aggregation aggregation() {
        return aggregation;
    }

    public ClassifierModel model() {
        return model;
    }

    public InputPipeline pipeline() {
        return pipeline;
    }

    /**
     * @throws BadInputException naming the file when it cannot be read or decoded (dataset-tools' WAV errors)
     */
    public FilePrediction predict(Path wav) {
        List<AudioWindow> windows;
        try {
            windows = pipeline.windows(WavReader.read(wav));
        } catch (IOException e) {
            throw new BadInputException(wav, "cannot read: " + e.getMessage(), e);
        }
        double[][] p = model.probabilities(pipeline.networkInput(windows)).castTo(DataType.DOUBLE).toDoubleMatrix();
        List<WindowPrediction> perWindow = new ArrayList<>(windows.size());
        for (int w = 0; w < windows.size(); w++) {
            perWindow.add(new WindowPrediction(windows.get(w).index(), windows.get(w).startSeconds(), p[w]));
        }
        return new FilePrediction(wav, model.labels(), aggregation.combine(List.of(p)), perWindow);
    }

    /** The model's probabilities {@code [windows, classes]} of a WAV's windows, without averaging. */
    public INDArray windowProbabilities(Path wav) throws IOException {
        return model.probabilities(pipeline.networkInput(wav));
    }
}
