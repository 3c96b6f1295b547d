package org.heartsounds.evaluation.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heartsounds.evaluation.EpochMetrics;
import org.heartsounds.evaluation.MetricsOptions;
import org.heartsounds.evaluation.MetricsReport;
import org.heartsounds.evaluation.Predictions;
import org.heartsounds.evaluation.RecordingLevel;
import org.heartsounds.evaluation.report.EvaluationWriter;
import org.heartsounds.trainer.data.ImageEntry;
import org.heartsounds.trainer.data.ImageTensors;
import org.heartsounds.trainer.train.Inference;

/**
 * Evaluates a network on a list of prepared images: window-level and recording-level predictions, metrics, and the
 * full report (metrics.json, metrics.txt, charts, report.html) for each level.
 */
public final class SplitEvaluation {
    private SplitEvaluation() {
    }

    /** Both levels' metrics and where their reports went. */
    public record Result(MetricsReport windows, MetricsReport recordings, Path windowsDir, Path recordingsDir) {
    }

    /**
     * @param dir report folder: {@code dir} (windows) and {@code dir + "-recordings"}
     */
    public static Result run(ComputationGraph model, List<ImageEntry> images, List<String> labels, int height,
                             int width, int batch, MetricsOptions options, Path dir, List<EpochMetrics> epochs,
                             String configYaml, Map<String, String> provenance, String title) throws IOException {
        ImageTensors set = ImageTensors.load(images, labels, height, width);
        Predictions windows = Predictions.of(Inference.probabilities(model, set.features(), batch),
                set.labelIndices(), labels, images.stream().map(e -> e.path().getFileName().toString()).toList())
                .withGroups(images.stream().map(ImageEntry::recording).toList());
        MetricsReport wr = MetricsReport.compute(windows, options);
        MetricsReport rr = MetricsReport.compute(RecordingLevel.of(windows), options);
        Path recDir = dir.resolveSibling(dir.getFileName() + "-recordings");
        EvaluationWriter.write(dir, wr, epochs, configYaml, provenance, title + " (windows)");
        EvaluationWriter.write(recDir, rr, epochs, configYaml, provenance, title + " (recordings)");
        return new Result(wr, rr, dir, recDir);
    }
}
