package org.heartsounds.evaluation.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.data.dataset.Split;
import org.heartsounds.evaluation.Aggregation;
import org.heartsounds.evaluation.EpochMetrics;
import org.heartsounds.evaluation.MetricsCsv;
import org.heartsounds.evaluation.MetricsOptions;
import org.heartsounds.evaluation.explain.Gallery;
import org.heartsounds.evaluation.explain.SpectrogramAxes;
import org.heartsounds.evaluation.model.ClassifierModel;
import org.heartsounds.evaluation.multilabel.MultiLabelEvaluation;
import org.heartsounds.evaluation.multilabel.MultiLabelReport;
import org.heartsounds.trainer.data.ImageEntry;
import org.heartsounds.trainer.data.PreparedDataset;
import org.heartsounds.trainer.run.RunFolder;
import org.heartsounds.trainer.train.DecisionThresholds;

/**
 * Evaluation of any {@link ClassifierModel} on one split of a prepared dataset, after {@link DatasetMatch} has
 * checked that the two belong together: {@link SplitEvaluation}'s window-, recording- and patient-level reports, with the
 * model's recipe and a provenance table (model file, format, dataset, manifest SHA-256, split) in the HTML report,
 * and the training curves when the model sits in a run folder with metrics.csv.
 */
public final class ModelEvaluation {
    private ModelEvaluation() {
    }

    /**
     * {@link #evaluate(ClassifierModel, PreparedDataset, Split, Path, Aggregation)} pooling levels by the mean of the
     * probabilities.
     */
    public static SplitEvaluation.Result evaluate(ClassifierModel model, PreparedDataset data, Split split, Path out)
            throws IOException {
        return evaluate(model, data, split, out, Aggregation.MEAN);
    }

    /**
     * @param out         report folder of the windows; the recordings' goes to {@code out + "-recordings"}, the
     *                    patients' to {@code out + "-patients"}
     * @param aggregation how windows are pooled into recordings and recordings into patients
     */
    public static SplitEvaluation.Result evaluate(ClassifierModel model, PreparedDataset data, Split split, Path out,
                                                  Aggregation aggregation) throws IOException {
        return evaluate(model, data, split, out, aggregation, 0);
    }

    /**
     * As {@link #evaluate(ClassifierModel, PreparedDataset, Split, Path, Aggregation)}; with {@code examplesPerKind}
     * above 0 and a DL4J model with its recipe, the windows' report gets a Grad-CAM gallery ({@link Gallery}) with
     * that many correct examples of each kind per class and samples from the training split.
     */
    public static SplitEvaluation.Result evaluate(ClassifierModel model, PreparedDataset data, Split split, Path out,
                                                  Aggregation aggregation, int examplesPerKind) throws IOException {
        DatasetMatch.check(model, data);
        List<ImageEntry> images = data.images(split);
        if (images.isEmpty()) {
            throw new BadInputException(data.root(), "has no " + split.folderName() + " images to evaluate");
        }
        String title = (model.source() == null ? "model" : model.source().getFileName().toString()) + " on "
                + data.root().getFileName() + " " + split.folderName();
        Gallery.Request examples = examplesPerKind < 1 ? null : model.recipe()
                .map(r -> new Gallery.Request(data.images(Split.TRAIN), SpectrogramAxes.of(r.audio(), r.spectrogram()),
                        examplesPerKind)).orElse(null);
        return SplitEvaluation.run(model, images, data.labels(), options(model).withAggregation(aggregation), out,
                trainingCurves(model),
                model.recipe().map(ConfigLoader::toYaml).orElse(null), provenance(model, data, split), title,
                examples);
    }

    /**
     * Evaluation of a multi-label model ({@link ClassifierModel#multilabel()}) on one split, with the thresholds it
     * carries (0.5 for every label when it carries none), per window, recording and patient, into {@code out}.
     */
    public static MultiLabelReport evaluateMultiLabel(ClassifierModel model, PreparedDataset data, Split split,
                                                      Path out) throws IOException {
        DatasetMatch.check(model, data);
        List<ImageEntry> images = data.images(split);
        if (images.isEmpty()) {
            throw new BadInputException(data.root(), "has no " + split.folderName() + " images to evaluate");
        }
        DecisionThresholds thresholds = model.thresholds().orElse(DecisionThresholds.half(model.labels()));
        String title = (model.source() == null ? "model" : model.source().getFileName().toString()) + " on "
                + data.root().getFileName() + " " + split.folderName() + " (multi-label)";
        return MultiLabelEvaluation.run(model, images, data.labels(), thresholds, options(model), out, title);
    }

    /** Bootstrap settings: the defaults, seeded with the model's recipe seed when known. */
    public static MetricsOptions options(ClassifierModel model) {
        MetricsOptions o = MetricsOptions.defaults();
        return model.recipe().map(r -> o.withSeed(r.seed())).orElse(o);
    }

    /** What the HTML report lists under provenance. */
    public static Map<String, String> provenance(ClassifierModel model, PreparedDataset data, Split split) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("model", model.source() == null ? "(in memory)" : model.source().toAbsolutePath().normalize()
                .toString());
        p.put("model format", model.format());
        p.put("dataset", data.root().toAbsolutePath().normalize().toString());
        p.put("dataset manifest sha256", data.manifestSha256());
        p.put("split", split.folderName());
        return p;
    }

    /** The per-epoch metrics of the run folder the model file sits in, or null. */
    static List<EpochMetrics> trainingCurves(ClassifierModel model) throws IOException {
        Path source = model.source();
        if (source == null || !source.getFileName().toString().equals(RunFolder.MODEL)) {
            return null;
        }
        Path metrics = new RunFolder(source.toAbsolutePath().getParent()).metrics();
        return Files.isRegularFile(metrics) ? MetricsCsv.read(metrics) : null;
    }
}
