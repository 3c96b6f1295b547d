package org.heartsounds.sweep.arbiter;

import java.io.IOException;
import java.nio.file.Path;
import org.deeplearning4j.arbiter.optimize.api.OptimizationResult;
import org.deeplearning4j.arbiter.optimize.api.saving.ResultReference;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heartsounds.trainer.run.ModelArchive;
import org.heartsounds.trainer.run.RunFolder;

/** Arbiter result reference to a candidate's run folder: the result, and its best network read from model.zip. */
public final class RunFolderResultReference implements ResultReference {
    private final OptimizationResult result;
    private final Path runDir;

    public RunFolderResultReference(OptimizationResult result, Path runDir) {
        this.result = result;
        this.runDir = runDir;
    }

    public Path runDir() {
        return runDir;
    }

    @Override
    public OptimizationResult getResult() {
        return result;
    }

    @Override
    public ComputationGraph getResultModel() throws IOException {
        return ModelArchive.read(new RunFolder(runDir).model()).graph();
    }
}
