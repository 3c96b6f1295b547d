package org.heartsounds.sweep.arbiter;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.sweep.config.SweepSpec;
import org.heartsounds.trainer.data.ImageTensors;
import org.heartsounds.trainer.run.TrainingRun;
import org.heartsounds.trainer.train.Inference;

/**
 * Arbiter score function of a sweep: the candidate's best network (the one its run kept by early stopping) run in
 * inference mode over the validation split from the data provider's {@code testData}, scored as accuracy
 * ({@code val_acc}), balanced accuracy, macro-F1 or macro AUROC (maximised) or mean cross-entropy ({@code val_loss},
 * minimised) exactly as the training loop computes its validation columns ({@link Inference#score}; for a
 * {@code train.task: multilabel} recipe the multi-label scores, e.g. macro AUROC over the labels). Never the test
 * split.
 */
public final class ValidationScoreFunction implements ScoreFunction {
    private SweepSpec.Score score;

    /** For Arbiter's JSON deserialisation. */
    private ValidationScoreFunction() {
    }

    public ValidationScoreFunction(SweepSpec.Score score) {
        this.score = score;
    }

    public SweepSpec.Score score() {
        return score;
    }

    @Override
    public double score(Object model, DataProvider dataProvider, Map<String, Object> dataParameters) {
        ComputationGraph graph = graphOf(model);
        Recipe recipe = (Recipe) dataParameters.get(PreparedDataProvider.RECIPE);
        ImageTensors val = (ImageTensors) dataProvider.testData(dataParameters);
        Inference.Scores s = Inference.score(Inference.probabilities(graph, val.features(),
                recipe.train().evalBatchSize()), val.labels(), recipe.train().multilabel());
        return switch (score) {
            case VAL_ACC -> s.accuracy();
            case VAL_LOSS -> s.loss();
            case VAL_BALANCED_ACC -> s.balancedAccuracy();
            case VAL_MACRO_F1 -> s.macroF1();
            case VAL_MACRO_AUROC -> s.macroAuroc();
        };
    }

    @Override
    public double score(Object model, Class<? extends DataSource> dataSource, Properties dataSourceProperties) {
        throw new UnsupportedOperationException("a sweep scores through its PreparedDataProvider, not a DataSource");
    }

    @Override
    public boolean minimize() {
        return score.minimize();
    }

    @Override
    public List<Class<?>> getSupportedModelTypes() {
        return List.of(TrainingRun.Result.class, ComputationGraph.class);
    }

    @Override
    public List<Class<?>> getSupportedDataTypes() {
        return List.of(ImageTensors.class);
    }

    private static ComputationGraph graphOf(Object model) {
        if (model instanceof TrainingRun.Result r) {
            return r.bestModel();
        }
        if (model instanceof ComputationGraph g) {
            return g;
        }
        throw new IllegalArgumentException("cannot score a " + (model == null ? "null" : model.getClass().getName()));
    }

    @Override
    public String toString() {
        return "ValidationScoreFunction(" + score.key() + ")";
    }
}
