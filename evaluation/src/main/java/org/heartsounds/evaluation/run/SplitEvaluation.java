package org.heartsounds.evaluation.run;


import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heartsounds.core.BadInputException;
import org.heartsounds.evaluation.EpochMetrics;
import org.heartsounds.evaluation.EvaluationLevels;
import org.heartsounds.evaluation.LevelComparison;
import org.heartsounds.evaluation.MetricsOptions;
import org.heartsounds.evaluation.MetricsReport;
import org.heartsounds.evaluation.Predictions;
import org.heartsounds.evaluation.explain.Gallery;
import org.heartsounds.evaluation.model.ClassifierModel;
import org.heartsounds.evaluation.model.Dl4jClassifier;
import org.heartsounds.evaluation.report.EvaluationWriter;
import org.heartsounds.trainer.data.ImageEntry;
import org.heartsounds.trainer.data.ImageTensors;

/**
 * Evaluates a model on a list of prepared images: window-, recording- and patient-level predictions
 * ({@link EvaluationLevels}), metrics, and the full report (metrics.json, metrics.txt, charts, report.html) for each
 * level, every report showing the three levels side by side. The model may be any
 * {@link ClassifierModel} (DL4J or ONNX); the images' labels are matched to the model's by name, so a dataset
 * whose labels.txt lists the same classes in another order is evaluated correctly.
 */
public final class SplitEvaluation {
    private SplitEvaluation() {
    }

    /** The three levels' metrics and where their reports went. */
    public record Result(MetricsReport windows, MetricsReport recordings, MetricsReport patients, Path windowsDir,
                         Path recordingsDir, Path patientsDir) {
        /** The three levels side by side. */
        public LevelComparison levels() {
            return windows.levels();
        }
    }

    /**
     * The window-level predictions of {@code model} on {@code images} (PNG file names as items, their recordings
     * as groups, their recordings' groups from the prepared manifest as patients), in the model's class order.
     *
     * @param datasetLabels the dataset's labels.txt, which the images' label indices refer to; it must hold the
     *                      same classes as the model's labels
     */
    public static Predictions predict(ClassifierModel model, List<ImageEntry> images, List<String> datasetLabels) {
        int[] toModel = labelMapping(model, datasetLabels, "dataset labels");
        ImageTensors set = ImageTensors.load(images, datasetLabels, model.inputHeight(), model.inputWidth());
        int[] truth = set.labelIndices();
        for (int i = 0; i < truth.length; i++) {
            truth[i] = toModel[truth[i]];
        }
        return Predictions.of(model.probabilities(set.features()), truth, model.labels(),
                images.stream().map(e -> e.path().getFileName().toString()).toList())
                .withGroups(images.stream().map(ImageEntry::recording).toList())
                .withPatients(images.stream().map(ImageEntry::group).toList());
    }

    /**
     * For every dataset label, the model's output column of the same class.
     *
     * @throws BadInputException naming both label lists when they do not hold the same classes
     */
    public static int[] labelMapping(ClassifierModel model, List<String> datasetLabels, String datasetSource) {
        List<String> m = model.labels();
        if (m.size() != datasetLabels.size() || !m.containsAll(datasetLabels)) {
            throw new BadInputException(datasetSource, "labels " + datasetLabels + " do not match the model's "
                    + "labels " + m + " (" + (model.source() == null ? "model" : model.source()) + ")");
        }
        int[] out = new int[datasetLabels.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = m.indexOf(datasetLabels.get(i));
        }
        return out;
    }

    /**
     * Predicts, computes the three levels' metrics and writes their reports.
     *
     * @param dir report folder: {@code dir} (windows), {@code dir + "-recordings"} and {@code dir + "-patients"}
     */
    public static Result run(ClassifierModel model, List<ImageEntry> images, List<String> labels,
                             MetricsOptions options, Path dir, List<EpochMetrics> epochs, String configYaml,
                             Map<String, String> provenance, String title) throws IOException {
        return write(predict(model, images, labels), options, dir, epochs, configYaml, provenance, title);
    }

    /**
     * As {@link #run(ClassifierModel, List, List, MetricsOptions, Path, List, String, Map, String)}, and the windows'
     * report gets a gallery of examples with their Grad-CAM overlays ({@link Gallery}) when {@code examples} is
     * given and the model is a DL4J network.
     */
    public static Result run(ClassifierModel model, List<ImageEntry> images, List<String> labels,
                             MetricsOptions options, Path dir, List<EpochMetrics> epochs, String configYaml,
                             Map<String, String> provenance, String title, Gallery.Request examples)
            throws IOException {
        Predictions windows = predict(model, images, labels);
        Gallery gallery = null;
        String absent = null;
        if (examples == null) {
            absent = "No examples were asked for.";
        } else if (model instanceof Dl4jClassifier dl4j) {
            gallery = Gallery.build(dl4j.graph(), images, labels, windows, examples.training(), examples.axes(),
                    examples.perKind(), model.inputHeight(), model.inputWidth());
        } else {
            absent = "No examples were drawn: Grad-CAM needs the DL4J model (model.zip), this is " + model.format()
                    + ".";
        }
        return write(windows, options, dir, epochs, configYaml, provenance, title, gallery, absent);
    }

    /** {@link #run(ClassifierModel, List, List, MetricsOptions, Path, List, String, Map, String)} for a network. */
    public static Result run(ComputationGraph model, List<ImageEntry> images, List<String> labels, int height,
                             int width, int batch, MetricsOptions options, Path dir, List<EpochMetrics> epochs,
                             String configYaml, Map<String, String> provenance, String title) throws IOException {
        return run(Dl4jClassifier.of(model, labels, height, width, batch, null), images, labels, options, dir,
                epochs, configYaml, provenance, title);
    }

    /**
     * Metrics and reports of window-level predictions (with groups, and patients when known) and their pooling per
     * recording and per patient ({@link EvaluationLevels#compute}).
     */
    public static Result write(Predictions windows, MetricsOptions options, Path dir, List<EpochMetrics> epochs,
                               String configYaml, Map<String, String> provenance, String title) throws IOException {
        return write(windows, options, dir, epochs, configYaml, provenance, title, null, null);
    }

    private static Result write(Predictions windows, MetricsOptions options, Path dir, List<EpochMetrics> epochs,
                                String configYaml, Map<String, String> provenance, String title, Gallery gallery,
                                String galleryAbsent) throws IOException {
        EvaluationLevels levels = EvaluationLevels.compute(windows, options);
        Path recDir = dir.resolveSibling(dir.getFileName() + "-recordings");
        Path patDir = dir.resolveSibling(dir.getFileName() + "-patients");
        EvaluationWriter.write(dir, levels.windows(), epochs, configYaml, provenance, title + " (windows)", gallery,
                galleryAbsent);
        EvaluationWriter.write(recDir, levels.recordings(), epochs, configYaml, provenance, title + " (recordings)");
        EvaluationWriter.write(patDir, levels.patients(), epochs, configYaml, provenance, title + " (patients)");
        return new Result(levels.windows(), levels.recordings(), levels.patients(), dir, recDir, patDir);
    }
}
