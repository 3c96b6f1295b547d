package org.heartsounds.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.data.layout.JetsonLayout;
import org.heartsounds.trainer.data.PreparedDataset;
import org.heartsounds.trainer.run.ModelArchive;
import org.heartsounds.trainer.run.RunFolder;
import org.heartsounds.trainer.train.DecisionThresholds;

/**
 * A training run opened for export: its best network (model.zip) with labels, the resolved recipe (input size), the
 * provenance, and the prepared dataset whose images the export check runs on. Everything that does not fit together
 * is a {@link BadInputException}: no run folder, no model.zip, no config.yaml, labels that differ between the model,
 * the run and the data, or a prepared dataset that cannot be found.
 *
 * @param run            the run folder
 * @param graph          the network in model.zip
 * @param labels         class names in output order
 * @param recipe         the run's resolved recipe (config.yaml)
 * @param recipeYaml     the recipe text stored with the model (config.yaml's when model.zip has none)
 * @param provenanceJson the run's provenance JSON, or null
 * @param data           the prepared dataset the run was trained on
 * @param thresholds     a multi-label model's decision thresholds, or null; when given, {@link #graph} is the
 *                       network with them folded into its output ({@link ThresholdFolding}), so that the exported
 *                       {@code output_0} crosses 0.5 exactly where a label's probability crosses its threshold
 * @param others         the other networks of an ensemble (the fold models of a cross-validation folder after
 *                       fold 0's, which {@link #run} and {@link #graph} are), exported as one graph averaging them;
 *                       empty for one run
 */
public record ExportSource(RunFolder run, ComputationGraph graph, List<String> labels, Recipe recipe,
                           String recipeYaml, String provenanceJson, PreparedDataset data,
                           DecisionThresholds thresholds, List<ComputationGraph> others) {
    public ExportSource {
        others = others == null ? List.of() : List.copyOf(others);
    }

    /** One run's network. */
    public ExportSource(RunFolder run, ComputationGraph graph, List<String> labels, Recipe recipe, String recipeYaml,
                        String provenanceJson, PreparedDataset data, DecisionThresholds thresholds) {
        this(run, graph, labels, recipe, recipeYaml, provenanceJson, data, thresholds, List.of());
    }

    /** Every network exported: {@link #graph} and then {@link #others}. */
    public List<ComputationGraph> graphs() {
        List<ComputationGraph> all = new ArrayList<>();
        all.add(graph);
        all.addAll(others);
        return all;
    }
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_TEXT_BYTES = 1 << 20;

    /**
     * Opens {@code runDir}.
     *
     * @param dataDir the prepared dataset, or null to use the one the run recorded (provenance {@code dataset},
     *                else the recipe's {@code data.out})
     */
    public static ExportSource open(Path runDir, Path dataDir) {
        if (Files.isRegularFile(runDir.resolve("folds.csv")) && Files.isDirectory(runDir.resolve("fold-0"))) {
            return openFolds(runDir, dataDir);
        }
        if (!Files.isDirectory(runDir)) {
            throw new BadInputException(runDir, "run folder not found");
        }
        RunFolder run = new RunFolder(runDir);
        if (!Files.isRegularFile(run.model())) {
            throw new BadInputException(run.model(), "not found: the run has no trained model (train it with "
                    + "'heartsounds train' first)");
        }
        if (!Files.isRegularFile(run.config())) {
            throw new BadInputException(run.config(), "not found: the run folder lacks its resolved recipe");
        }
        Recipe recipe = ConfigLoader.load(Recipe.class, Recipe.defaults(), run.config());
        ModelArchive.Loaded model = ModelArchive.read(run.model());
        String recipeYaml = model.recipeYaml() != null ? model.recipeYaml() : readText(run.config());
        String provenance = model.provenanceJson() != null ? model.provenanceJson()
                : Files.isRegularFile(run.provenance()) ? readText(run.provenance()) : null;
        if (Files.isRegularFile(run.labels())) {
            List<String> runLabels = JetsonLayout.readLabels(run.labels());
            if (!runLabels.equals(model.labels())) {
                throw new BadInputException(run.labels(), "labels " + runLabels + " differ from model.zip's "
                        + model.labels());
            }
        }
        PreparedDataset data = PreparedDataset.open(locateData(dataDir, provenance, recipe, run));
        if (!data.labels().equals(model.labels())) {
            throw new BadInputException(data.root().resolve(JetsonLayout.LABELS), "labels " + data.labels()
                    + " differ from the model's " + model.labels() + " (" + run.model() + ")");
        }
        if (model.thresholdsJson() != null) {
            DecisionThresholds t = DecisionThresholds.fromJson(model.thresholdsJson(),
                    run.model() + "!" + ModelArchive.THRESHOLDS_ENTRY);
            return new ExportSource(run, ThresholdFolding.fold(model.graph(), t), model.labels(), recipe, recipeYaml,
                    provenance, data, t);
        }
        return new ExportSource(run, model.graph(), model.labels(), recipe, recipeYaml, provenance, data, null);
    }

    /**
     * A cross-validation folder: fold 0's run (its recipe, provenance and prepared dataset for the check) and every
     * fold's network, which must have fold 0's classes and image settings; multi-label folds are refused (each fold
     * chose its own thresholds on its own validation part).
     */
    private static ExportSource openFolds(Path root, Path dataDir) {
        ExportSource first = open(root.resolve("fold-0"), dataDir);
        if (first.multilabel()) {
            throw new BadInputException(root, "is a multi-label cross-validation: every fold chose its own decision "
                    + "thresholds, so its models cannot be exported as one; export one fold with --run "
                    + root.resolve("fold-0"));
        }
        List<ComputationGraph> others = new ArrayList<>();
        for (int k = 1; Files.isDirectory(root.resolve("fold-" + k)); k++) {
            Path fold = root.resolve("fold-" + k);
            ExportSource s = open(fold, first.data().root());
            if (!s.labels().equals(first.labels())) {
                throw new BadInputException(fold, "has the classes " + s.labels() + ", fold-0 " + first.labels());
            }
            if (!s.recipe().audio().forInference().equals(first.recipe().audio().forInference())
                    || !s.recipe().spectrogram().equals(first.recipe().spectrogram())) {
                throw new BadInputException(fold.resolve("config.yaml"), "holds other audio / spectrogram settings "
                        + "than fold-0's; one graph can only average networks fed the same images");
            }
            others.add(s.graph());
        }
        return new ExportSource(first.run(), first.graph(), first.labels(), first.recipe(), first.recipeYaml(),
                first.provenanceJson(), first.data(), null, others);
    }

    /** Whether the model decides every label on its own (a sigmoid output with thresholds). */
    public boolean multilabel() {
        return thresholds != null;
    }

    /** Network input height (the recipe's spectrogram height). */
    public int height() {
        return recipe.spectrogram().height();
    }

    /** Network input width (the recipe's spectrogram width). */
    public int width() {
        return recipe.spectrogram().width();
    }

    private static Path locateData(Path explicit, String provenanceJson, Recipe recipe, RunFolder run) {
        if (explicit != null) {
            return explicit;
        }
        Set<Path> tried = new LinkedHashSet<>();
        String recorded = recordedDataset(provenanceJson, run);
        if (recorded != null) {
            tried.add(Path.of(recorded));
        }
        if (recipe.data().out() != null) {
            tried.add(Path.of(recipe.data().out()));
        }
        for (Path p : tried) {
            if (Files.isRegularFile(p.resolve(JetsonLayout.MANIFEST))) {
                return p;
            }
        }
        List<String> names = new ArrayList<>();
        tried.forEach(p -> names.add(p.toString()));
        throw new BadInputException(run.root(), "cannot find the run's prepared dataset (tried " + names
                + "); give it with --data");
    }

    private static String recordedDataset(String provenanceJson, RunFolder run) {
        if (provenanceJson == null) {
            return null;
        }
        try {
            JsonNode extra = JSON.readTree(provenanceJson).path("extra").get("dataset");
            return extra == null || extra.asText().isBlank() ? null : extra.asText();
        } catch (IOException e) {
            throw new BadInputException(run.provenance(), "provenance is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static String readText(Path file) {
        try {
            if (Files.size(file) > MAX_TEXT_BYTES) {
                throw new BadInputException(file, "is larger than " + MAX_TEXT_BYTES + " bytes");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
    }
}
