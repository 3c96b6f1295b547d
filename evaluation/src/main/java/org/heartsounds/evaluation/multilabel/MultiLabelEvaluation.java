package org.heartsounds.evaluation.multilabel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heartsounds.core.BadInputException;
import org.heartsounds.evaluation.MetricsOptions;
import org.heartsounds.evaluation.model.ClassifierModel;
import org.heartsounds.evaluation.model.Dl4jClassifier;
import org.heartsounds.trainer.data.ImageEntry;
import org.heartsounds.trainer.data.ImageTensors;
import org.heartsounds.trainer.train.DecisionThresholds;
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
        return predict(Dl4jClassifier.of(network, labels, height, width, batch, null), images, labels);
    }

    /**
     * A multi-label model's predictions on {@code images} (any {@link ClassifierModel} with sigmoid outputs).
     *
     * @param labels the dataset's labels.txt, which must be the model's labels in the same order
     */
    public static MultiLabelPredictions predict(ClassifierModel model, List<ImageEntry> images, List<String> labels) {
        if (!model.labels().equals(labels)) {
            throw new BadInputException(model.source() == null ? "model" : model.source().toString(), "labels "
                    + model.labels() + " differ from the dataset's " + labels + " (a multi-label model's outputs "
                    + "must be the dataset's labels in the same order)");
        }
        if (!model.multilabel()) {
            throw new BadInputException(model.source() == null ? "model" : model.source().toString(),
                    "is not a multi-label model (its output is not one sigmoid per label)");
        }
        return labelScores(model, images, labels);
    }

    /**
     * Any model's outputs read as one score per label: a multi-label model's sigmoids, or a multi-class model's class
     * probabilities (how well the softmax probability of class k ranks the recordings that have lesion k; the way to
     * set a multi-class model side by side with a multi-label one on the same data).
     */
    public static MultiLabelPredictions labelScores(ClassifierModel model, List<ImageEntry> images,
                                                    List<String> labels) {
        if (!model.labels().equals(labels)) {
            throw new BadInputException(model.source() == null ? "model" : model.source().toString(), "labels "
                    + model.labels() + " differ from the dataset's " + labels);
        }
        ImageTensors t = ImageTensors.loadMultiHot(images, labels, model.inputHeight(), model.inputWidth());
        double[][] p = model.probabilities(t.features()).castTo(DataType.DOUBLE).toDoubleMatrix();
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

    /** {@link #run(ComputationGraph, List, List, int, int, int, DecisionThresholds, MetricsOptions, Path, String)}
     * for any multi-label {@link ClassifierModel}. */
    public static MultiLabelReport run(ClassifierModel model, List<ImageEntry> images, List<String> labels,
                                       DecisionThresholds thresholds, MetricsOptions options, Path dir, String title)
            throws IOException {
        MultiLabelPredictions windows = predict(model, images, labels);
        MultiLabelReport report = MultiLabelReport.compute(title, windows, thresholds, options);
        report.write(dir, windows);
        return report;
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
