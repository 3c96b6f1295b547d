package org.heartsounds.evaluation.predict;

/**
 * The model's output for one window of a recording.
 *
 * @param index         window number within the recording, from 0
 * @param startSeconds  start of the window in the preprocessed signal
 * @param probabilities class probabilities, in the model's label order
 */
public record WindowPrediction(int index, double startSeconds, double[] probabilities) {
    public WindowPrediction {
        probabilities = probabilities.clone();
    }

    @Override
    public double[] probabilities() {
        return probabilities.clone();
    }
}
