package org.heartsounds.evaluation.predict;

import java.nio.file.Path;
import java.util.List;
import org.heartsounds.data.quality.RecordingQuality;

/**
 * The prediction for one recording: its windows' class probabilities combined by the predictor's
 * {@link org.heartsounds.evaluation.Aggregation} (the mean by default; every window weighs the same, as in
 * recording-level evaluation), and the windows themselves.
 *
 * @param file          the WAV
 * @param labels        class names, the order of every probability array
 * @param probabilities combined class probabilities over the windows
 * @param windows       every window's output, in time order
 * @param quality       the recording's quality checks ({@code data.quality} of the model's recipe), or null when
 *                      not checked; a recording that fails them is {@linkplain #reliable() unreliable}: it gets no
 *                      diagnosis
 */
public record FilePrediction(Path file, List<String> labels, double[] probabilities, List<WindowPrediction> windows,
                             RecordingQuality quality) {
    public FilePrediction {
        labels = List.copyOf(labels);
        probabilities = probabilities.clone();
        windows = List.copyOf(windows);
    }

    /** A prediction whose recording was not quality-checked. */
    public FilePrediction(Path file, List<String> labels, double[] probabilities, List<WindowPrediction> windows) {
        this(file, labels, probabilities, windows, null);
    }

    /**
     * Whether the recording passed the quality checks (or was not checked). An unreliable recording is not a
     * usable heart sound: its probabilities are kept for inspection, but no class is reported for it.
     */
    public boolean reliable() {
        return quality == null || quality.usable();
    }

    @Override
    public double[] probabilities() {
        return probabilities.clone();
    }

    /** The {@code k} most probable classes of the recording. */
    public List<RankedClass> top(int k) {
        return RankedClass.top(labels, probabilities, k);
    }

    /** The {@code k} most probable classes of one window. */
    public List<RankedClass> top(WindowPrediction window, int k) {
        return RankedClass.top(labels, window.probabilities(), k);
    }
}
