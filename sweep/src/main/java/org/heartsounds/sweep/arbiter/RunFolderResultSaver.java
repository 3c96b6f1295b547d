package org.heartsounds.sweep.arbiter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.arbiter.optimize.api.OptimizationResult;
import org.deeplearning4j.arbiter.optimize.api.saving.ResultReference;
import org.deeplearning4j.arbiter.optimize.api.saving.ResultSaver;
import org.heartsounds.core.io.AtomicFiles;
import org.heartsounds.sweep.space.CandidateRecipe;
import org.heartsounds.trainer.run.TrainingRun;

/**
 * Arbiter result saver of a sweep. The network itself is already saved where every training run saves it (the run
 * folder's model.zip, the best epoch on validation); this adds {@value #FILE} next to it (candidate number, score,
 * parameter values) and returns a {@link RunFolderResultReference} to the folder.
 */
public final class RunFolderResultSaver implements ResultSaver, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** The file written into each finished candidate's run folder. */
    public static final String FILE = "candidate.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private String scoreName;

    /** For Arbiter's JSON deserialisation. */
    private RunFolderResultSaver() {
    }

    /** @param scoreName the score's name in candidate.json ({@code val_acc}, {@code val_loss}) */
    public RunFolderResultSaver(String scoreName) {
        this.scoreName = scoreName;
    }

    @Override
    public ResultReference saveModel(OptimizationResult result, Object modelResult) throws IOException {
        if (!(modelResult instanceof TrainingRun.Result run)) {
            throw new IllegalArgumentException("expected a training run's result, got "
                    + (modelResult == null ? "null" : modelResult.getClass().getName()));
        }
        Path dir = run.folder().root();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("candidate", result.getIndex());
        json.put("score", scoreName);
        json.put("value", result.getScore());
        json.put("best_epoch", run.outcome().bestEpoch());
        json.put("stop_reason", run.outcome().stopReason());
        if (result.getCandidate().getValue() instanceof CandidateRecipe c) {
            json.put("parameters", c.parameters());
        }
        AtomicFiles.writeString(dir.resolve(FILE), JSON.writeValueAsString(json) + "\n");
        return new RunFolderResultReference(result, dir);
    }

    @Override
    public List<Class<?>> getSupportedCandidateTypes() {
        return List.of(CandidateRecipe.class);
    }

    @Override
    public List<Class<?>> getSupportedModelTypes() {
        return List.of(TrainingRun.Result.class);
    }
}
