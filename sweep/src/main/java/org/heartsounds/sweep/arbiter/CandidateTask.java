package org.heartsounds.sweep.arbiter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.OptimizationResult;
import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.arbiter.optimize.api.saving.ResultReference;
import org.deeplearning4j.arbiter.optimize.api.saving.ResultSaver;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.deeplearning4j.arbiter.optimize.runner.CandidateInfo;
import org.deeplearning4j.arbiter.optimize.runner.CandidateStatus;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;
import org.deeplearning4j.arbiter.optimize.runner.listener.StatusListener;
import org.heartsounds.core.BadInputException;
import org.heartsounds.sweep.config.ParameterValues;
import org.heartsounds.sweep.engine.TaskOutcome;
import org.heartsounds.sweep.ledger.CandidateRow;
import org.heartsounds.sweep.space.CandidateRecipe;
import org.heartsounds.trainer.train.TrainingDivergedException;
import org.heartsounds.trainer.train.TrainingEvents;

/**
 * One candidate of a sweep, run by Arbiter's executor: the recorded row when sweep.csv has one, else prepare (or
 * reuse) its data, train, score on validation and save ({@link CandidateTraining}, run by the sweep's engine), and
 * record. A candidate that fails (its values make no valid
 * recipe, training diverges, memory runs out, the network rejects the input size, ...) is recorded as failed with
 * the reason and the sweep goes on; an I/O error or a sweep.csv of another configuration ends the sweep through the
 * {@link AbortCondition} instead, leaving the candidate unrecorded so that a resume runs it.
 */
final class CandidateTask implements Callable<OptimizationResult> {
    private final CandidateTaskCreator creator;
    private final Candidate candidate;
    private final DataProvider dataProvider;
    private final ScoreFunction scoreFunction;
    private final ResultSaver resultSaver;
    private final List<StatusListener> listeners;
    private final IOptimizationRunner runner;
    private final long createdMillis = System.currentTimeMillis();

    CandidateTask(CandidateTaskCreator creator, Candidate candidate, DataProvider dataProvider,
                  ScoreFunction scoreFunction, ResultSaver resultSaver, List<StatusListener> listeners,
                  IOptimizationRunner runner) {
        this.creator = creator;
        this.candidate = candidate;
        this.dataProvider = dataProvider;
        this.scoreFunction = scoreFunction;
        this.resultSaver = resultSaver;
        this.listeners = listeners;
        this.runner = runner;
    }

    @Override
    public OptimizationResult call() {
        int index = candidate.getIndex();
        if (index >= creator.total) {
            // Arbiter's runner fills every free slot before it checks MaxCandidatesCondition again, so with several
            // slots it can draw a candidate past sweep.candidates: that one is not run
            OptimizationResult r = result(CandidateStatus.Cancelled, null, "beyond sweep.candidates");
            notify(CandidateStatus.Cancelled, r, "beyond sweep.candidates");
            return r;
        }
        CandidateRecipe c = (CandidateRecipe) candidate.getValue();
        List<String> values = texts(c.parameters());
        notify(CandidateStatus.Running, null, null);
        CandidateRow recorded = creator.ledger.get(index);
        if (recorded != null) {
            if (!recorded.values().equals(values)) {
                return stop(new BadInputException(creator.ledger.file(), "candidate " + index + " is listed with "
                        + "the values " + recorded.values() + " but candidate " + index + " of this sweep has "
                        + values + "; the file belongs to another sweep configuration"));
            }
            return reuse(recorded);
        }
        try {
            return finish(train(c, index, values));
        } catch (IOException e) {
            return stop(e);
        }
    }

    /** Ends the sweep: the candidate stays unrecorded, so a resume runs it again. */
    private OptimizationResult stop(Exception e) {
        creator.abort.abort(e);
        String reason = "sweep stopped: " + e.getMessage();
        OptimizationResult r = result(CandidateStatus.Failed, null, reason);
        notify(CandidateStatus.Failed, r, reason);
        return r;
    }

    /**
     * Trains and scores the candidate through the sweep's engine ({@link CandidateTraining}, in this JVM or on a
     * worker), or records why it failed.
     */
    private Outcome train(CandidateRecipe c, int index, List<String> values) throws IOException {
        Path runDir = creator.runDir(index);
        String relative = creator.root.relativize(runDir).toString();
        CandidateTraining task = new CandidateTraining(candidate, (PreparedDataProvider) dataProvider, scoreFunction,
                (RunFolderResultSaver) resultSaver, runDir, creator.catalogue, creator.engine.slots() == 1
                ? creator.events : TrainingEvents.NONE);
        TaskOutcome o = creator.engine.run(task);
        if (o.status() == TaskOutcome.Status.ERROR) {
            throw new IOException(o.reason());
        }
        creator.trained.incrementAndGet();
        if (o.ok()) {
            OptimizationResult r = result(CandidateStatus.Complete, o.score(), null);
            r.setResultReference(new RunFolderResultReference(r, runDir));
            return new Outcome(CandidateRow.ok(index, o.score(), o.seconds(), values, relative)
                    .ranOn(o.attempt(), o.executor()), r);
        }
        return new Outcome(CandidateRow.failed(index, o.seconds(), values, o.trained() ? relative : "", o.reason())
                .ranOn(o.attempt(), o.executor()), result(CandidateStatus.Failed, null, o.reason()));
    }

    private record Outcome(CandidateRow row, OptimizationResult result) {
    }

    private OptimizationResult finish(Outcome o) throws IOException {
        creator.ledger.record(o.row());
        creator.events.line(line(o.row(), ""));
        notify(o.row().ok() ? CandidateStatus.Complete : CandidateStatus.Failed, o.result(), o.row().reason());
        return o.result();
    }

    private OptimizationResult reuse(CandidateRow recorded) {
        creator.reused.incrementAndGet();
        creator.events.line(line(recorded, " (recorded earlier)"));
        OptimizationResult r = result(recorded.ok() ? CandidateStatus.Complete : CandidateStatus.Failed,
                recorded.score(), recorded.ok() ? null : recorded.reason());
        if (recorded.ok()) {
            r.setResultReference(new RunFolderResultReference(r, creator.root.resolve(recorded.runDir())));
        }
        notify(r.getCandidateInfo().getCandidateStatus(), r, recorded.reason());
        return r;
    }

    private OptimizationResult result(CandidateStatus status, Double score, String reason) {
        CandidateInfo info = new CandidateInfo(candidate.getIndex(), status, score, createdMillis,
                createdMillis, System.currentTimeMillis(), candidate.getFlatParameters(), reason);
        return new OptimizationResult(candidate, score, candidate.getIndex(), null, info, null);
    }

    private void notify(CandidateStatus status, OptimizationResult r, String reason) {
        CandidateInfo info = new CandidateInfo(candidate.getIndex(), status, r == null ? null : r.getScore(),
                createdMillis, createdMillis, status == CandidateStatus.Running ? null : System.currentTimeMillis(),
                candidate.getFlatParameters(), reason == null || reason.isEmpty() ? null : reason);
        for (StatusListener l : listeners) {
            l.onCandidateStatusChange(info, runner, r);
        }
    }

    private String line(CandidateRow row, String note) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "candidate %d (%d/%d) %s", row.index(),
                row.index() + 1, creator.total, row.status().text()));
        if (row.ok()) {
            sb.append(String.format(Locale.ROOT, ": %s %.4f", creator.scoreName, row.score()));
        }
        sb.append(String.format(Locale.ROOT, " in %.1f s%s [", row.seconds(), note));
        List<String> keys = creator.keys;
        for (int i = 0; i < keys.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(keys.get(i)).append('=').append(row.values().get(i));
        }
        sb.append(']');
        if (!row.runDir().isEmpty()) {
            sb.append(" -> ").append(row.runDir());
        }
        if (!row.ok()) {
            sb.append(": ").append(row.reason());
        }
        if (row.attempts() > 1) {
            sb.append(" (attempt ").append(row.attempts()).append(" on ").append(row.executor()).append(')');
        }
        return sb.toString();
    }

    static List<String> texts(Map<String, Object> parameters) {
        List<String> out = new ArrayList<>();
        parameters.values().forEach(v -> out.add(ParameterValues.text(v)));
        return out;
    }

    /** Why a candidate failed, in one line. */
    static String reason(Throwable e) {
        if (e instanceof InvalidCombinationException || e instanceof TrainingDivergedException
                || e instanceof BadInputException) {
            return e.getMessage();
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory (" + e.getMessage() + "): lower train.batch_size or the input size";
        }
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null && !text.contains(root.getMessage())) {
            text += " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return text;
    }

    /** A candidate whose parameter values make no valid recipe. */
    static final class InvalidCombinationException extends RuntimeException {
        InvalidCombinationException(String message) {
            super("invalid combination: " + message);
        }
    }
}
