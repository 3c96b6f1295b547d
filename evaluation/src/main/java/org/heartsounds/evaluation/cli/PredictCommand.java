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
import org.heartsounds.evaluation.model.ClassifierModel;
import org.heartsounds.evaluation.model.Dl4jClassifier;
import org.heartsounds.evaluation.model.ModelLoader;
import org.heartsounds.evaluation.predict.FilePrediction;
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
            "probabilities are averaged. A file that cannot be read is reported on",
            "stderr, the others are still predicted, and the exit code is then 2."})
public class PredictCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.wav", arity = "1..*", description = "Recordings to classify.")
    List<Path> files;

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "A training run folder, a DL4J model .zip written by heartsounds, or an .onnx file.")
    Path model;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "3",
            description = "How many classes to list per file, most probable first (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--json", description = "Print one JSON document (results and errors) instead of text.")
    boolean json;

    @Option(names = "--windows", description = "Also give every window's probabilities.")
    boolean windows;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Recipe for a model that carries none (an ONNX file without heartsounds metadata); "
                    + "default: the built-in defaults.")
    Path config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (topK < 1) {
            throw new ParameterException(spec.commandLine(), "--top-k must be at least 1, got " + topK);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Recipe fallback = ConfigLoader.load(Recipe.class, Recipe.defaults(), config);
        try (ClassifierModel loaded = ModelLoader.load(model, fallback)) {
            loaded.warnings().forEach(w -> err.println("warning: " + w));
            err.flush();
            // a DL4J model predicts through its inference-optimised copy (same probabilities, faster)
            ClassifierModel m = loaded instanceof Dl4jClassifier d ? d.tunedForInference() : loaded;
            WavPredictor predictor = WavPredictor.forModel(m, fallback);
            List<FilePrediction> results = new ArrayList<>();
            List<PredictionDocument.FileError> errors = new ArrayList<>();
            for (Path file : files) {
                try {
                    FilePrediction p = predictor.predict(file);
                    results.add(p);
                    if (!json) {
                        print(out, p);
                    }
                } catch (BadInputException e) {
                    errors.add(new PredictionDocument.FileError(file.toString(), e.getMessage()));
                    err.println("error: " + e.getMessage());
                    err.flush();
                }
            }
            if (json) {
                out.println(PredictionDocument.of(m, topK, windows, results, errors).toJson());
            }
            out.flush();
            return errors.isEmpty() ? ExitCodes.OK : ExitCodes.BAD_INPUT;
        }
    }

    private void print(PrintWriter out, FilePrediction p) {
        out.printf(Locale.ROOT, "%s  (%d window%s)%n", p.file(), p.windows().size(),
                p.windows().size() == 1 ? "" : "s");
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
