package org.heartsounds.evaluation.predict;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.data.audio.AudioWindow;
import org.heartsounds.data.audio.WavReader;
import org.heartsounds.data.datavec.InputPipeline;
import org.heartsounds.evaluation.model.ClassifierModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Predicts the class of WAV recordings with a {@link ClassifierModel}: the WAV is decoded and cut into windows, each
 * window becomes the network's input through dataset-tools' {@link InputPipeline} (the preprocessing of
 * {@code data prepare} and training, configured with the model's own recipe), and the windows' probabilities are
 * averaged into the recording's.
 */
public final class WavPredictor {
    private final ClassifierModel model;
    private final InputPipeline pipeline;

    /**
     * @param pipeline preprocessing whose spectrogram size equals the model's input size
     */
    public WavPredictor(ClassifierModel model, InputPipeline pipeline) {
        this.model = model;
        this.pipeline = pipeline;
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
        int c = model.labels().size();
        double[] mean = new double[c];
        List<WindowPrediction> perWindow = new ArrayList<>(windows.size());
        for (int w = 0; w < windows.size(); w++) {
            perWindow.add(new WindowPrediction(windows.get(w).index(), windows.get(w).startSeconds(), p[w]));
            for (int k = 0; k < c; k++) {
                mean[k] += p[w][k];
            }
        }
        for (int k = 0; k < c; k++) {
            mean[k] /= windows.size();
        }
        return new FilePrediction(wav, model.labels(), mean, perWindow);
    }

    /** The model's probabilities {@code [windows, classes]} of a WAV's windows, without averaging. */
    public INDArray windowProbabilities(Path wav) throws IOException {
        return model.probabilities(pipeline.networkInput(wav));
    }
}
