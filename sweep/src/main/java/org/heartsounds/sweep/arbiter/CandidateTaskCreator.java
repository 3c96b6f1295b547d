package org.heartsounds.sweep.arbiter;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.OptimizationResult;
import org.deeplearning4j.arbiter.optimize.api.TaskCreator;
import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;
import org.deeplearning4j.arbiter.optimize.runner.listener.StatusListener;
import org.heartsounds.sweep.engine.TrainingEngine;
import org.heartsounds.sweep.ledger.SweepLedger;
import org.heartsounds.trainer.train.TrainingEvents;

/**
 * Arbiter task creator of a sweep: each candidate becomes a {@link CandidateTask} that trains the candidate's recipe
 * with the trainer's {@code TrainingRun} into {@code <sweep>/candidates/<i>/}, scores it with the configured score
 * function on the data provider's validation data, saves it with the result saver and records it in sweep.csv — or,
 * when sweep.csv already lists the candidate (a resumed sweep), returns the recorded result without training again.
 */
public final class CandidateTaskCreator implements TaskCreator {
    /** Folder of the candidates' run folders inside the sweep folder. */
    public static final String CANDIDATES = "candidates";

    final Path root;
    final SweepLedger ledger;
    final AbortCondition abort;
    final TrainingEvents events;
    final Function<String, Path> catalogue;
    final List<String> keys;
    final int total;
    final String scoreName;
    final AtomicInteger trained = new AtomicInteger();
    final AtomicInteger reused = new AtomicInteger();
    final TrainingEngine engine;

    /**
     * @param root      the sweep folder
     * @param ledger    sweep.csv
     * @param abort     where errors that must end the sweep go
     * @param events    one line per finished candidate, and the training runs' lines (indented)
     * @param catalogue resolves {@code train.pretrained} catalogue names
     * @param keys      the swept keys (for the lines)
     * @param total     the number of candidates (for the lines)
     * @param scoreName the score's name (for the lines)
     * @param engine    where candidates train ({@link org.heartsounds.sweep.engine.LocalTrainingEngine}: this JVM
     *                  with the native threads of the thread that made the engine, {@code --threads})
     */
    public CandidateTaskCreator(Path root, SweepLedger ledger, AbortCondition abort, TrainingEvents events,
                                Function<String, Path> catalogue, List<String> keys, int total,
                                String scoreName, TrainingEngine engine) {
        this.engine = Objects.requireNonNull(engine);
        this.root = Objects.requireNonNull(root);
        this.ledger = Objects.requireNonNull(ledger);
        this.abort = Objects.requireNonNull(abort);
        this.events = Objects.requireNonNull(events);
        this.catalogue = Objects.requireNonNull(catalogue);
        this.keys = List.copyOf(keys);
        this.total = total;
        this.scoreName = scoreName;
    }

    /** The run folder of candidate {@code index}. */
    public Path runDir(int index) {
        return root.resolve(CANDIDATES).resolve(Integer.toString(index));
    }

    /** Candidates trained (to the end or to a failure) by this creator's tasks. */
    public int trained() {
        return trained.get();
    }

    /** Candidates whose sweep.csv row was reused. */
    public int reused() {
        return reused.get();
    }

    @Override
    public Callable<OptimizationResult> create(Candidate candidate, DataProvider dataProvider,
                                              ScoreFunction scoreFunction, List<StatusListener> statusListeners,
                                              IOptimizationRunner runner) {
        return new CandidateTask(this, candidate, dataProvider, scoreFunction,
                runner.getConfiguration().getResultSaver(), statusListeners, runner);
    }

    @Override
    public Callable<OptimizationResult> create(Candidate candidate, Class<? extends DataSource> dataSource,
                                              Properties dataSourceProperties, ScoreFunction scoreFunction,
                                              List<StatusListener> statusListeners, IOptimizationRunner runner) {
        throw new UnsupportedOperationException("a sweep reads its data through a PreparedDataProvider");
    }
}
