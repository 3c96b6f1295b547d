package org.heartsounds.sweep.arbiter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.OptimizationResult;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.deeplearning4j.arbiter.optimize.runner.CandidateInfo;
import org.deeplearning4j.arbiter.optimize.runner.CandidateStatus;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.sweep.engine.TaskOutcome;
import org.heartsounds.sweep.engine.TrainingTask;
import org.heartsounds.sweep.space.CandidateRecipe;
import org.heartsounds.trainer.backend.NativeThreads;
import org.heartsounds.trainer.data.PreparedDataset;
import org.heartsounds.trainer.run.RunFolder;
import org.heartsounds.trainer.run.TrainingRun;
import org.heartsounds.trainer.train.TrainingEvents;
import org.heartsounds.trainer.weights.WeightsLookup;

/**
 * The training of one sweep candidate, with Arbiter's own pieces: the {@link Candidate}, the sweep's
 * {@link PreparedDataProvider}, {@link ScoreFunction} and {@link RunFolderResultSaver} travel with it (all
 * serializable), so that an engine can run it in another JVM: prepare (or reuse) the candidate's data, train into its
 * run folder (resuming a started one), score on validation, write candidate.json. The driver records the outcome.
 */
final class CandidateTraining implements TrainingTask {
    private static final long serialVersionUID = 1L;

    private final Candidate<?> candidate;
    private final PreparedDataProvider dataProvider;
    private final ScoreFunction scoreFunction;
    private final RunFolderResultSaver resultSaver;
    private final String runDir;
    /** This JVM's resolver of {@code train.pretrained} names; in another JVM, that JVM's weights cache. */
    private final transient Function<String, Path> catalogue;
    private final transient TrainingEvents events;

    CandidateTraining(Candidate<?> candidate, PreparedDataProvider dataProvider, ScoreFunction scoreFunction,
                      RunFolderResultSaver resultSaver, Path runDir, Function<String, Path> catalogue,
                      TrainingEvents events) {
        this.candidate = candidate;
        this.dataProvider = dataProvider;
        this.scoreFunction = scoreFunction;
        this.resultSaver = resultSaver;
        this.runDir = runDir.toString();
        this.catalogue = catalogue;
        this.events = events;
    }

    @Override
    public String label() {
        return "candidate " + candidate.getIndex();
    }

    @Override
    public TaskOutcome execute(int threads) {
        NativeThreads.set(threads);
        long t0 = System.nanoTime();
        Path dir = Path.of(runDir);
        CandidateRecipe c = (CandidateRecipe) candidate.getValue();
        try {
            if (!c.valid()) {
                throw new CandidateTask.InvalidCombinationException(c.problem());
            }
            Recipe recipe = dataProvider.withPreparedFolder(c.recipe()).withTrain(c.recipe().train()
                    .withOut(runDir));
            Map<String, Object> dataParameters = Map.of(PreparedDataProvider.RECIPE, recipe);
            PreparedDataset data = dataProvider.trainData(dataParameters);
            TrainingRun.Result run = TrainingRun.builder().setRecipe(recipe).setData(data).optRunDir(dir)
                    .optResume(new RunFolder(dir).isStarted()).optEvents(events == null ? TrainingEvents.NONE
                            : indented(events))
                    .optCatalogue(catalogue == null ? WeightsLookup.catalogue() : catalogue).build().run();
            double score = scoreFunction.score(run, dataProvider, dataParameters);
            if (!Double.isFinite(score)) {
                throw new IllegalStateException("the validation score is " + score);
            }
            resultSaver.saveModel(result(score), run);
            return TaskOutcome.ok(score, seconds(t0));
        } catch (IOException e) {
            return TaskOutcome.error(String.valueOf(e.getMessage()), seconds(t0));
        } catch (UncheckedIOException e) {
            return TaskOutcome.error(String.valueOf(e.getCause().getMessage()), seconds(t0));
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            return TaskOutcome.failed(CandidateTask.reason(e), Files.exists(dir), seconds(t0));
        }
    }

    private OptimizationResult result(double score) {
        long now = System.currentTimeMillis();
        CandidateInfo info = new CandidateInfo(candidate.getIndex(), CandidateStatus.Complete, score, now, now, now,
                candidate.getFlatParameters(), null);
        return new OptimizationResult(candidate, score, candidate.getIndex(), null, info, null);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static TrainingEvents indented(TrainingEvents events) {
        return new TrainingEvents() {
            @Override
            public void line(String text) {
                events.line("  " + text);
            }
        };
    }
}
