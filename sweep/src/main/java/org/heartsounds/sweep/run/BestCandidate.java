package org.heartsounds.sweep.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.data.dataset.Split;
import org.heartsounds.evaluation.MetricsCsv;
import org.heartsounds.evaluation.MetricsOptions;
import org.heartsounds.evaluation.multilabel.MultiLabelEvaluation;
import org.heartsounds.evaluation.multilabel.MultiLabelReport;
import org.heartsounds.evaluation.run.SplitEvaluation;
import org.heartsounds.sweep.arbiter.PreparedDataProvider;
import org.heartsounds.sweep.config.SweepSpec;
import org.heartsounds.sweep.ledger.CandidateRow;
import org.heartsounds.trainer.data.ImageEntry;
import org.heartsounds.trainer.data.PreparedDataset;
import org.heartsounds.trainer.run.ModelArchive;
import org.heartsounds.trainer.run.RunFolder;
import org.heartsounds.trainer.train.DecisionThresholds;

/**
 * Selection and reporting of a sweep's best candidate: the best score among the ok rows (ties go to the lower
 * candidate number), then its network evaluated on the validation split (what it was chosen on) and, after the
 * choice and for reporting only, on the test split, each per window and per recording with the evaluation module's
 * full reports ({@value #VALIDATION}/, {@value #TEST}/ and their {@code -recordings} siblings in the sweep folder).
 */
public final class BestCandidate {
    public static final String VALIDATION = "best-val";
    public static final String TEST = "best-test";

    private BestCandidate() {
    }

    /**
     * The evaluations of the best candidate; {@code test} is null when the split has no test part. A multi-label
     * sweep has {@code multiLabelValidation} / {@code multiLabelTest} instead of {@code validation} / {@code test}.
     */
    public record Evaluation(CandidateRow row, Path runDir, SplitEvaluation.Result validation,
                             SplitEvaluation.Result test, MultiLabelReport multiLabelValidation,
                             MultiLabelReport multiLabelTest) {
        public boolean multilabel() {
            return multiLabelValidation != null;
        }
    }

    /** The best ok row, or null when none finished. */
    public static CandidateRow select(List<CandidateRow> rows, SweepSpec.Score score) {
        CandidateRow best = null;
        for (CandidateRow r : rows) {
            if (r.ok() && (best == null || score.better(r.score(), best.score()))) {
                best = r;
            }
        }
        return best;
    }

    /**
     * @param root     the sweep folder
     * @param provider the sweep's data provider (locates the candidate's prepared data)
     */
    public static Evaluation evaluate(Path root, CandidateRow best, PreparedDataProvider provider)
            throws IOException {
        Path runDir = root.resolve(best.runDir());
        RunFolder folder = new RunFolder(runDir);
        Recipe recipe = ConfigLoader.load(Recipe.class, Recipe.defaults(), folder.config());
        PreparedDataset data = PreparedDataset.open(provider.folderOf(recipe));
        ModelArchive.Loaded model = ModelArchive.read(folder.model());
        String yaml = ConfigLoader.toYaml(recipe);
        MetricsOptions options = MetricsOptions.defaults().withSeed(recipe.seed());
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("sweep", root.toAbsolutePath().normalize().toString());
        provenance.put("candidate", Integer.toString(best.index()));
        provenance.put("run folder", runDir.toAbsolutePath().normalize().toString());
        provenance.put("dataset manifest sha256", data.manifestSha256());
        if (recipe.train().multilabel()) {
            DecisionThresholds t = DecisionThresholds.fromJson(Files.readString(folder.thresholds()),
                    folder.thresholds().toString());
            MultiLabelReport val = MultiLabelEvaluation.run(model.graph(), data.images(Split.VAL), data.labels(),
                    recipe.spectrogram().height(), recipe.spectrogram().width(), recipe.train().evalBatchSize(), t,
                    options, root.resolve(VALIDATION), "Sweep: best candidate " + best.index()
                            + ", validation split (selection)");
            List<ImageEntry> testImages = data.images(Split.TEST);
            MultiLabelReport test = testImages.isEmpty() ? null : MultiLabelEvaluation.run(model.graph(),
                    testImages, data.labels(), recipe.spectrogram().height(), recipe.spectrogram().width(),
                    recipe.train().evalBatchSize(), t, options, root.resolve(TEST), "Sweep: best candidate "
                            + best.index() + ", test split (after selection, for reporting only)");
            return new Evaluation(best, runDir, null, null, val, test);
        }
        SplitEvaluation.Result val = evaluate(model, data, data.images(Split.VAL), recipe, options,
                root.resolve(VALIDATION), folder, yaml, provenance, "Sweep: best candidate " + best.index()
                        + ", validation split (selection)");
        List<ImageEntry> testImages = data.images(Split.TEST);
        SplitEvaluation.Result test = testImages.isEmpty() ? null : evaluate(model, data, testImages, recipe,
                options, root.resolve(TEST), folder, yaml, provenance, "Sweep: best candidate " + best.index()
                        + ", test split (after selection, for reporting only)");
        return new Evaluation(best, runDir, val, test, null, null);
    }

    private static SplitEvaluation.Result evaluate(ModelArchive.Loaded model, PreparedDataset data,
                                                   List<ImageEntry> images, Recipe recipe, MetricsOptions options,
                                                   Path dir, RunFolder folder, String yaml,
                                                   Map<String, String> provenance, String title) throws IOException {
        return SplitEvaluation.run(model.graph(), images, data.labels(), recipe.spectrogram().height(),
                recipe.spectrogram().width(), recipe.train().evalBatchSize(), options, dir,
                MetricsCsv.read(folder.metrics()), yaml, provenance, title);
    }
}
