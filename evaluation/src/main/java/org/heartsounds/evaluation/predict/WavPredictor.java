package org.heartsounds.evaluation.predict;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.QualitySpec;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.data.audio.AudioClip;
import org.heartsounds.data.audio.AudioWindow;
import org.heartsounds.data.audio.WavReader;
import org.heartsounds.data.datavec.InputPipeline;
import org.heartsounds.data.quality.QualityCheck;
import org.heartsounds.data.quality.RecordingQuality;
import org.heartsounds.evaluation.Aggregation;
import org.heartsounds.evaluation.model.ClassifierModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Predicts the class of WAV recordings with a {@link ClassifierModel}: the WAV is decoded and cut into windows, each
 * window becomes the network's input through dataset-tools' {@link InputPipeline} (the preprocessing of
 * {@code data prepare} and training, configured with the model's own recipe), and the windows' probabilities are
 * combined into the recording's by an {@link Aggregation} (their mean by default). Every recording is first
 * measured by the quality checks of the model's recipe ({@code data.quality}: short, silent, constant, clipped, not
 * in the heart-sound band); one that fails them is marked unreliable ({@link FilePrediction#reliable()}) and gets
 * no diagnosis.
 */
public final class WavPredictor {
    private final ClassifierModel model;
    private final InputPipeline pipeline;
    private final Aggregation aggregation;
    private final QualityCheck quality;

    /**
     * @param pipeline preprocessing whose spectrogram size equals the model's input size
     */
    public WavPredictor(ClassifierModel model, InputPipeline pipeline) {
        this(model, pipeline, Aggregation.MEAN, defaultCheck(pipeline));
    }

    /**
     * @param pipeline    preprocessing whose spectrogram size equals the model's input size
     * @param aggregation how the windows' probabilities become the recording's
     * @param quality     the checks that mark a recording unreliable
     */
    public WavPredictor(ClassifierModel model, InputPipeline pipeline, Aggregation aggregation, QualityCheck quality) {
        this.model = model;
        this.pipeline = pipeline;
        this.aggregation = Objects.requireNonNull(aggregation, "aggregation");
        this.quality = Objects.requireNonNull(quality, "quality");
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
        return new WavPredictor(model, new InputPipeline(recipe.audio(), recipe.spectrogram()), Aggregation.MEAN,
                new QualityCheck(recipe.data().quality(), recipe.audio().window().seconds()));
    }

    private static QualityCheck defaultCheck(InputPipeline pipeline) {
        return new QualityCheck(QualitySpec.defaults(), pipeline.audio().window().seconds());
    }

    /** The same predictor combining windows by {@code how}. */
    public WavPredictor withAggregation(Aggregation how) {
        return new WavPredictor(model, pipeline, how, quality);
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
        AudioClip clip;
        try {
            clip = WavReader.read(wav);
        } catch (IOException e) {
            throw new BadInputException(wav, "cannot read: " + e.getMessage(), e);
        }
        RecordingQuality checked = quality.check(clip);
        List<AudioWindow> windows = pipeline.windows(clip);
        double[][] p = model.probabilities(pipeline.networkInput(windows)).castTo(DataType.DOUBLE).toDoubleMatrix();
        List<WindowPrediction> perWindow = new ArrayList<>(windows.size());
        for (int w = 0; w < windows.size(); w++) {
            perWindow.add(new WindowPrediction(windows.get(w).index(), windows.get(w).startSeconds(), p[w]));
        }
        return new FilePrediction(wav, model.labels(), aggregation.combine(List.of(p)), perWindow, checked);
    }

    /** The model's probabilities {@code [windows, classes]} of a WAV's windows, without averaging. */
    public INDArray windowProbabilities(Path wav) throws IOException {
        return model.probabilities(pipeline.networkInput(wav));
    }
}
