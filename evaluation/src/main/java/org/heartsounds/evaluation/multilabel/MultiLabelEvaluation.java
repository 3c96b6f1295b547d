package org.heartsounds.evaluation.multilabel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heartsounds.evaluation.MetricsOptions;
import org.heartsounds.trainer.data.ImageEntry;
import org.heartsounds.trainer.data.ImageTensors;
import org.heartsounds.trainer.train.DecisionThresholds;
import org.heartsounds.trainer.train.Inference;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Evaluates a multi-label network on prepared windows: its sigmoid outputs against the windows' label sets (the
 * prepared manifest's labels), decided with the model's thresholds, per window, recording and patient
 * ({@link MultiLabelReport}), written into a report folder.
 */
public final class MultiLabelEvaluation {
    private MultiLabelEvaluation() {
    }

    /** The network's predictions on {@code images}; labels are the dataset's, in the network's output order. */
    public static MultiLabelPredictions predict(ComputationGraph network, List<ImageEntry> images, List<String> labels,
                                                int height, int width, int batch) {
        ImageTensors t = ImageTensors.loadMultiHot(images, labels, height, width);
        double[][] p = Inference.probabilities(network, t.features(), batch).castTo(DataType.DOUBLE)
                .toDoubleMatrix();
        int[][] truth = new int[images.size()][labels.size()];
        for (int i = 0; i < images.size(); i++) {
            for (int k : images.get(i).labels()) {
                truth[i][k] = 1;
            }
        }
        return new MultiLabelPredictions(labels, images.stream().map(e -> e.path().getFileName().toString()).toList(),
                p, truth, images.stream().map(ImageEntry::recording).toList(),
                images.stream().map(ImageEntry::group).toList());
    }

    /** Predicts, computes the three levels and writes the report into {@code dir}. */
    public static MultiLabelReport run(ComputationGraph network, List<ImageEntry> images, List<String> labels,
                                       int height, int width, int batch, DecisionThresholds thresholds,
                                       MetricsOptions options, Path dir, String title) throws IOException {
        MultiLabelPredictions windows = predict(network, images, labels, height, width, batch);
        MultiLabelReport report = MultiLabelReport.compute(title, windows, thresholds, options);
        report.write(dir, windows);
        return report;
    }
}
