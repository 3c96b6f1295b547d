package org.heartsounds.evaluation.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.ExitCodes;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.evaluation.Aggregation;
import org.heartsounds.evaluation.options.AggregationFlag;
import org.heartsounds.core.OutputFolder;
import org.heartsounds.evaluation.explain.RecordingExplainer;
import org.heartsounds.evaluation.model.ClassifierModel;
import org.heartsounds.trainer.train.DecisionThresholds;
import org.heartsounds.evaluation.model.Dl4jClassifier;
import org.heartsounds.evaluation.model.ModelLoader;
import org.heartsounds.evaluation.predict.FileGrouping;
import org.heartsounds.evaluation.predict.FilePrediction;
import org.heartsounds.evaluation.predict.GroupPrediction;
import org.heartsounds.evaluation.predict.RankedClass;
import org.heartsounds.evaluation.predict.WavPredictor;
import org.heartsounds.evaluation.predict.WindowPrediction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code heartsounds predict}: the most probable classes of WAV recordings with any model the project loads. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Classify WAV recordings with a trained model (run folder, DL4J .zip or",
            ".onnx), preprocessed exactly as the model was trained (its recipe travels",
            "with it). A recording longer than one window is cut into windows and their",
            "probabilities are averaged (--aggregate). With --group-by, the files of one",
            "patient (a file-name pattern or a CSV manifest's group) also get one",
            "decision together. A file that cannot be read, or has no group, is reported",
            "on stderr, the others are still predicted, and the exit code is then 2."})
public class PredictCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.wav", arity = "1..*", description = "Recordings to classify.")
    List<Path> files;

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "A training run folder, a DL4J model .zip written by heartsounds, an .onnx file, or a "
                    + "cross-validation folder (its fold models averaged).")
    Path model;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "3",
            description = "How many classes to list per file, most probable first (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--json", description = "Print one JSON document (results and errors) instead of text.")
    boolean json;

    @Option(names = "--explain", paramLabel = "DIR",
            description = "Write Grad-CAM pictures of the predicted class into DIR (DL4J models): one per window "
                    + "over its spectrogram and one of the whole recording, S1/S2 marked; named NN-<file>.png and "
                    + "NN-<file>-wMM.png.")
    Path explain;

    @Option(names = "--explain-layer", paramLabel = "VERTEX",
            description = "The vertex --explain explains (default: the last one with spatial maps, ResNet-18's "
                    + "layer4.1.relu2; layer3.1.relu2 gives maps twice as fine).")
    String explainLayer;

    @Option(names = "--windows", description = "Also give every window's probabilities.")
    boolean windows;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Recipe for a model that carries none (an ONNX file without heartsounds metadata); "
                    + "default: the built-in defaults.")
    Path config;

    @picocli.CommandLine.Mixin
    AggregationFlag aggregationFlag;

    @Option(names = "--group-by", paramLabel = "pattern|manifest",
            description = "Also give one decision per patient from all of their files, the patient taken from the "
                    + "file name (--group-pattern) or from a CSV manifest (--manifest).")
    String groupBy;

    @Option(names = "--group-pattern", paramLabel = "REGEX",
            description = "With --group-by pattern: a regular expression with one capture group, searched in each "
                    + "file name; the captured text is the patient, e.g. '__(\\d+)_'.")
    String groupPattern;

    @Option(names = "--manifest", paramLabel = "FILE",
            description = "With --group-by manifest: a CSV manifest with columns path,label[,group] (paths relative "
                    + "to its folder); a file's group is its patient, a file without a group stands alone.")
    Path manifest;

    @picocli.CommandLine.Mixin
    org.heartsounds.evaluation.options.EnsembleFlags ensembleFlags;

    @picocli.CommandLine.Mixin
    org.heartsounds.trainer.options.ThreadsFlag threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        threads.apply(spec.commandLine());
        if (topK < 1) {
            throw new ParameterException(spec.commandLine(), "--top-k must be at least 1, got " + topK);
        }
        Aggregation aggregation = aggregationFlag.resolve(spec.commandLine());
        FileGrouping grouping = grouping();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Recipe fallback = ConfigLoader.load(Recipe.class, Recipe.defaults(), config);
        org.heartsounds.evaluation.model.TimeShiftAveraging.Spec tta = ensembleFlags.tta(spec.commandLine());
        List<Path> members = new ArrayList<>(List.of(model));
        members.addAll(ensembleFlags.ensemble());
        boolean single = members.size() == 1 && !org.heartsounds.evaluation.cv.CrossValidationEvaluation
                .isCrossValidationFolder(model) && tta.shifts() == 0;
        if (explain != null && !single) {
            throw new ParameterException(spec.commandLine(), "--explain draws one DL4J model's Grad-CAM; it takes "
                    + "neither --ensemble, a cross-validation folder nor --tta-shifts");
        }
        try (ClassifierModel loaded = single ? ModelLoader.load(model, fallback)
                : tta.apply(org.heartsounds.evaluation.model.AveragedClassifier.load(members, fallback))) {
            loaded.warnings().forEach(w -> err.println("warning: " + w));
            err.flush();
            // a DL4J model predicts through its inference-optimised copy (same probabilities, faster)
            ClassifierModel m = loaded instanceof Dl4jClassifier d ? d.tunedForInference() : loaded;
            WavPredictor predictor = WavPredictor.forModel(m, fallback).withAggregation(aggregation);
            RecordingExplainer explainer = explainer(loaded, predictor);
            DecisionThresholds thresholds = m.multilabel()
                    ? m.thresholds().orElse(DecisionThresholds.half(m.labels())) : null;
            if (m.multilabel() && m.thresholds().isEmpty()) {
                err.println("warning: the model carries no decision thresholds; every label is decided at 0.5");
                err.flush();
            }
            List<RecordingExplainer.Explanation> explanations = new ArrayList<>();
            List<FilePrediction> results = new ArrayList<>();
            List<String> groupOfResult = new ArrayList<>();
            List<PredictionDocument.FileError> errors = new ArrayList<>();
            for (Path file : files) {
                try {
                    String group = grouping == null ? null : grouping.groupOf(file);
                    FilePrediction p = predictor.predict(file);
                    RecordingExplainer.Explanation e = explainer == null ? null : explain(explainer, p,
                            results.size() + errors.size() + 1);
                    results.add(p);
                    explanations.add(e);
                    groupOfResult.add(group);
                    if (!json) {
                        print(out, p, thresholds);
                        if (e != null) {
                            out.printf(Locale.ROOT, "  explained (%s): %s and %d window picture%s in %.2f s "
                                            + "(Grad-CAM %.2f s)%n", e.explainedClass(), e.recording(),
                                    e.windows().size(), e.windows().size() == 1 ? "" : "s", e.totalSeconds(),
                                    e.camSeconds());
                            out.flush();
                        }
                    }
                } catch (BadInputException e) {
                    errors.add(new PredictionDocument.FileError(file.toString(), e.getMessage()));
                    err.println("error: " + e.getMessage());
                    err.flush();
                }
            }
            List<GroupPrediction> groups = grouping == null ? null
                    : GroupPrediction.of(results, groupOfResult, aggregation);
            if (json) {
                out.println(PredictionDocument.of(m, topK, windows, results, errors, aggregation, grouping, groups,
                        explainer == null ? null : explanations, thresholds).toJson());
            } else if (groups != null) {
                print(out, grouping, aggregation, groups);
            }
            out.flush();
            return errors.isEmpty() ? ExitCodes.OK : ExitCodes.BAD_INPUT;
        }
    }

    private RecordingExplainer explainer(ClassifierModel loaded, WavPredictor predictor) {
        if (explain == null) {
            if (explainLayer != null) {
                throw new ParameterException(spec.commandLine(), "--explain-layer needs --explain DIR");
            }
            return null;
        }
        if (!(loaded instanceof Dl4jClassifier d)) {
            throw new BadInputException(model, "--explain needs a DL4J model (a run's model.zip): Grad-CAM runs "
                    + "DL4J's backward pass, which an " + loaded.format() + " file does not have");
        }
        try {
            OutputFolder.create(explain, "--explain");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + explain + ": " + e.getMessage(), e);
        }
        return new RecordingExplainer(d.graph(), d.labels(), predictor.pipeline(), explainLayer);
    }

    private RecordingExplainer.Explanation explain(RecordingExplainer explainer, FilePrediction p, int number) {
        String name = p.file().getFileName().toString();
        String stem = String.format(Locale.ROOT, "%02d-%s", number,
                name.replaceFirst("(?i)\\.wav$", "").replaceAll("[^A-Za-z0-9._-]", "_"));
        RankedClass best = p.top(1).get(0);
        String verdict = p.reliable() ? String.format(Locale.ROOT, "%s %.2f", best.label(), best.probability())
                : "UNRELIABLE, no diagnosis";
        try {
            return explainer.explain(p.file(), p.labels().indexOf(best.label()), name + " (" + verdict + ")", explain,
                    stem);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write the explanation of " + p.file() + " into "
                    + explain + ": " + e.getMessage(), e);
        }
    }

    private void print(PrintWriter out, FileGrouping grouping, Aggregation aggregation, List<GroupPrediction> groups) {
        out.printf(Locale.ROOT, "%nper patient: %d group%s by %s, %s of the files' probabilities%n", groups.size(),
                groups.size() == 1 ? "" : "s", grouping.description(), aggregation.key());
        for (GroupPrediction g : groups) {
            out.printf(Locale.ROOT, "group %s  (%d file%s)%n", g.group(), g.files().size(),
                    g.files().size() == 1 ? "" : "s");
            for (Path f : g.files()) {
                out.printf(Locale.ROOT, "  file %s%n", f);
            }
            for (Path f : g.unreliable()) {
                out.printf(Locale.ROOT, "  left out (unreliable): %s%n", f);
            }
            if (!g.reliable()) {
                out.printf(Locale.ROOT, "  UNRELIABLE: none of its recordings is a usable heart sound; no diagnosis%n");
                continue;
            }
            List<RankedClass> top = g.top(topK);
            for (int i = 0; i < top.size(); i++) {
                out.printf(Locale.ROOT, "  %d. %-8s %.4f%n", i + 1, top.get(i).label(), top.get(i).probability());
            }
        }
    }


    private FileGrouping grouping() {
        if (groupBy == null) {
            if (groupPattern != null || manifest != null) {
                throw new ParameterException(spec.commandLine(),
                        "--group-pattern and --manifest need --group-by pattern|manifest");
            }
            return null;
        }
        switch (groupBy) {
            case "pattern" -> {
                if (groupPattern == null || manifest != null) {
                    throw new ParameterException(spec.commandLine(),
                            "--group-by pattern needs --group-pattern REGEX (and no --manifest)");
                }
                try {
                    return FileGrouping.byPattern(groupPattern);
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), "--group-pattern: " + e.getMessage());
                }
            }
            case "manifest" -> {
                if (manifest == null || groupPattern != null) {
                    throw new ParameterException(spec.commandLine(),
                            "--group-by manifest needs --manifest FILE (and no --group-pattern)");
                }
                return FileGrouping.fromManifest(manifest);
            }
            default -> throw new ParameterException(spec.commandLine(),
                    "--group-by must be pattern or manifest, got '" + groupBy + "'");
        }
    }

    private void print(PrintWriter out, FilePrediction p, DecisionThresholds thresholds) {
        out.printf(Locale.ROOT, "%s  (%d window%s)%n", p.file(), p.windows().size(),
                p.windows().size() == 1 ? "" : "s");
        if (!p.reliable()) {
            out.printf(Locale.ROOT, "  UNRELIABLE: not a usable heart sound (%s); no diagnosis%n",
                    p.quality().describe());
            out.flush();
            return;
        }
        if (thresholds != null) {
            double[] probs = p.probabilities();
            List<String> present = new ArrayList<>();
            for (int k = 0; k < probs.length; k++) {
                boolean yes = thresholds.present(k, probs[k]);
                if (yes) {
                    present.add(p.labels().get(k));
                }
                out.printf(Locale.ROOT, "  %-8s %.4f  %s (threshold %.3f)%n", p.labels().get(k), probs[k],
                        yes ? "present" : "absent ", thresholds.thresholds()[k]);
            }
            out.printf(Locale.ROOT, "  labels: %s%n", present.isEmpty() ? "none" : String.join(", ", present));
            out.flush();
            return;
        }
        List<RankedClass> top = p.top(topK);
        for (int i = 0; i < top.size(); i++) {
            out.printf(Locale.ROOT, "  %d. %-8s %.4f%n", i + 1, top.get(i).label(), top.get(i).probability());
        }
        if (windows) {
            for (WindowPrediction w : p.windows()) {
                StringBuilder sb = new StringBuilder();
                for (RankedClass r : p.top(w, topK)) {
                    sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.4f", r.label(),
                            r.probability()));
                }
                out.printf(Locale.ROOT, "  window %d at %.2f s: %s%n", w.index(), w.startSeconds(), sb);
            }
        }
        out.flush();
    }
}
