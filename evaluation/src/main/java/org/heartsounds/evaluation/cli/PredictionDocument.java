package org.heartsounds.evaluation.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.heartsounds.evaluation.Aggregation;
import org.heartsounds.evaluation.explain.RecordingExplainer;
import org.heartsounds.evaluation.model.ClassifierModel;
import org.heartsounds.trainer.train.DecisionThresholds;
import org.heartsounds.evaluation.predict.FileGrouping;
import org.heartsounds.evaluation.predict.FilePrediction;
import org.heartsounds.evaluation.predict.GroupPrediction;
import org.heartsounds.evaluation.predict.RankedClass;
import org.heartsounds.evaluation.predict.WindowPrediction;

/**
 * The JSON document {@code predict --json} prints (snake_case keys): the model, its labels, one result per
 * predicted file (top-k, every class's probability, optionally every window's), one entry per file that could
 * not be read and, with {@code --group-by}, one result per group (patient) of files.
 *
 * @param model       the model file
 * @param format      DL4J or ONNX
 * @param labels      class names in output order
 * @param topK        how many classes {@code top} lists
 * @param aggregation how windows became a file's probabilities and files a group's: {@code mean} or {@code log_mean}
 * @param results     predicted files, in the order given
 * @param errors      files that could not be predicted, in the order given
 * @param groupBy     where the groups came from ({@link FileGrouping#description()}); absent without grouping
 * @param groups      one decision per group, in the order of each group's first file; absent without grouping
 */
public record PredictionDocument(String model, String format, List<String> labels, int topK, String aggregation,
                                 List<FileResult> results, List<FileError> errors,
                                 @JsonInclude(JsonInclude.Include.NON_NULL) String groupBy,
                                 @JsonInclude(JsonInclude.Include.NON_NULL) List<GroupResult> groups) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param predicted   the most probable class; null for an unreliable recording
     * @param top         the most probable classes; empty for an unreliable recording
     * @param reliable    false when the recording failed the quality checks: not a usable heart sound, no diagnosis
     * @param quality     the failed checks ({@code short}, {@code silent}, {@code constant}, {@code clipped},
     *                    {@code not_heart_band}), empty when reliable
     * @param qualityReasons the measured values behind the failed checks, absent when reliable
     * @param perWindow   every window's output (only with {@code --windows}, else absent)
     */
    public record FileResult(String file, int windows, String predicted, List<RankedClass> top,
                             Map<String, Double> probabilities, boolean reliable, List<String> quality,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String qualityReasons,
                             @JsonInclude(JsonInclude.Include.NON_NULL) List<WindowResult> perWindow,
                             @JsonInclude(JsonInclude.Include.NON_NULL) ExplanationFiles explanation,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Boolean> present,
                             @JsonInclude(JsonInclude.Include.NON_NULL) List<String> labelsPresent) {
    }

    /**
     * The Grad-CAM pictures of one recording ({@code --explain}).
     *
     * @param explainedClass the class whose evidence they show (the recording's most probable)
     * @param recording      the whole-recording picture
     * @param windows        one overlay per window, in time order
     */
    public record ExplanationFiles(String explainedClass, String recording, List<String> windows) {
    }

    /** One window's output. */
    public record WindowResult(int index, double startSeconds, String predicted, List<RankedClass> top,
                               Map<String, Double> probabilities) {
    }

    /** A file that could not be predicted and why (the message names the file). */
    public record FileError(String file, String error) {
    }

    /**
     * One group's decision from all of its files.
     *
     * @param group         the group (patient) id
     * @param files         its files, in the order given
     * @param predicted     the most probable class; null when none of its files is reliable
     * @param probabilities every class's aggregated probability over its reliable files
     * @param unreliable    its files that failed the quality checks and were left out
     */
    public record GroupResult(String group, List<String> files, String predicted, List<RankedClass> top,
                              Map<String, Double> probabilities, List<String> unreliable) {
    }

    /** The document for {@code predictions} and {@code errors}, without groups, files pooled by the mean. */
    public static PredictionDocument of(ClassifierModel model, int topK, boolean withWindows,
                                        List<FilePrediction> predictions, List<FileError> errors) {
        return of(model, topK, withWindows, predictions, errors, Aggregation.MEAN, null, null);
    }

    /**
     * The document for {@code predictions}, {@code errors} and, when {@code grouping} is not null, the groups.
     *
     * @param groups one prediction per group ({@link GroupPrediction#of}), or null without grouping
     */
    public static PredictionDocument of(ClassifierModel model, int topK, boolean withWindows,
                                        List<FilePrediction> predictions, List<FileError> errors,
                                        Aggregation aggregation, FileGrouping grouping,
                                        List<GroupPrediction> groups) {
        return of(model, topK, withWindows, predictions, errors, aggregation, grouping, groups, null);
    }

    /**
     * As {@link #of(ClassifierModel, int, boolean, List, List, Aggregation, FileGrouping, List)}, naming each
     * recording's Grad-CAM pictures.
     *
     * @param explanations one per prediction, in the same order, or null without {@code --explain}
     */
    public static PredictionDocument of(ClassifierModel model, int topK, boolean withWindows,
                                        List<FilePrediction> predictions, List<FileError> errors,
                                        Aggregation aggregation, FileGrouping grouping,
                                        List<GroupPrediction> groups,
                                        List<RecordingExplainer.Explanation> explanations) {
        return of(model, topK, withWindows, predictions, errors, aggregation, grouping, groups, explanations, null);
    }

    /**
     * As above; for a multi-label model, {@code thresholds} decide every label of a reliable recording: each result
     * carries {@code present} (label to decision) and {@code labels_present}.
     */
    public static PredictionDocument of(ClassifierModel model, int topK, boolean withWindows,
                                        List<FilePrediction> predictions, List<FileError> errors,
                                        Aggregation aggregation, FileGrouping grouping,
                                        List<GroupPrediction> groups,
                                        List<RecordingExplainer.Explanation> explanations,
                                        DecisionThresholds thresholds) {
        List<FileResult> results = new ArrayList<>(predictions.size());
        for (int index = 0; index < predictions.size(); index++) {
            FilePrediction p = predictions.get(index);
            RecordingExplainer.Explanation e = explanations == null ? null : explanations.get(index);
            ExplanationFiles files = e == null ? null : new ExplanationFiles(e.explainedClass(),
                    e.recording().toString(), e.windows().stream().map(Object::toString).toList());
            List<WindowResult> windows = null;
            if (withWindows) {
                windows = new ArrayList<>();
                for (WindowPrediction w : p.windows()) {
                    List<RankedClass> top = p.top(w, topK);
                    windows.add(new WindowResult(w.index(), w.startSeconds(), top.get(0).label(), top,
                            byLabel(p.labels(), w.probabilities())));
                }
            }
            List<RankedClass> top = p.reliable() ? p.top(topK) : List.of();
            List<String> flags = p.quality() == null ? List.of()
                    : p.quality().flags().stream().map(f -> f.key()).toList();
            results.add(new FileResult(p.file().toString(), p.windows().size(),
                    p.reliable() ? top.get(0).label() : null, top, byLabel(p.labels(), p.probabilities()),
                    p.reliable(), flags, p.reliable() ? null : p.quality().describe(), windows, files,
                    thresholds == null || !p.reliable() ? null : present(thresholds, p),
                    thresholds == null || !p.reliable() ? null : presentLabels(thresholds, p)));
        }
        List<GroupResult> groupResults = null;
        if (groups != null) {
            groupResults = new ArrayList<>(groups.size());
            for (GroupPrediction g : groups) {
                List<RankedClass> top = g.reliable() ? g.top(topK) : List.of();
                groupResults.add(new GroupResult(g.group(), g.files().stream().map(Object::toString).toList(),
                        g.reliable() ? top.get(0).label() : null, top,
                        g.reliable() ? byLabel(g.labels(), g.probabilities()) : Map.of(),
                        g.unreliable().stream().map(Object::toString).toList()));
            }
        }
        return new PredictionDocument(model.source() == null ? null : model.source().toString(), model.format(),
                model.labels(), topK, aggregation.key(), results, errors,
                grouping == null ? null : grouping.description(), groupResults);
    }

    /** The document as indented JSON. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write predictions as JSON", e);
        }
    }

    private static Map<String, Boolean> present(DecisionThresholds t, FilePrediction p) {
        Map<String, Boolean> m = new LinkedHashMap<>();
        double[] probs = p.probabilities();
        for (int k = 0; k < probs.length; k++) {
            m.put(p.labels().get(k), t.present(k, probs[k]));
        }
        return m;
    }

    private static List<String> presentLabels(DecisionThresholds t, FilePrediction p) {
        List<String> out = new ArrayList<>();
        present(t, p).forEach((label, yes) -> {
            if (yes) {
                out.add(label);
            }
        });
        return out;
    }

    private static Map<String, Double> byLabel(List<String> labels, double[] p) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            m.put(labels.get(i), p[i]);
        }
        return m;
    }
}
