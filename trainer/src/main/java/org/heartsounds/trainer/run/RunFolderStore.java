package org.heartsounds.trainer.run;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.heartsounds.core.io.AtomicFiles;
import org.heartsounds.trainer.train.EpochResult;
import org.heartsounds.trainer.train.RunStore;
import org.heartsounds.trainer.train.TrainingState;

/**
 * {@link RunStore} on a {@link RunFolder}: metrics.csv, checkpoint.zip (with updater state) and state.json after
 * every epoch, in that order and each atomically; model.zip ({@link ModelArchive}) whenever validation improves.
 */
public final class RunFolderStore implements RunStore {
    private final RunFolder folder;
    private final Supplier<ComputationGraph> fullModel;
    private final List<String> labels;
    private final String recipeYaml;
    private final String provenanceJson;

    /**
     * @param fullModel the complete network to save as model.zip (the trainable one, or the frozen trunk with the
     *                  trained head copied in when features were computed once)
     */
    public RunFolderStore(RunFolder folder, Supplier<ComputationGraph> fullModel, List<String> labels,
                          String recipeYaml, String provenanceJson) {
        this.folder = folder;
        this.fullModel = fullModel;
        this.labels = List.copyOf(labels);
        this.recipeYaml = recipeYaml;
        this.provenanceJson = provenanceJson;
    }

    @Override
    public void saveBest(int epoch) throws IOException {
        ModelArchive.write(folder.model(), fullModel.get(), labels, recipeYaml, provenanceJson);
    }

    @Override
    public void saveEpoch(ComputationGraph trainable, List<EpochResult> history, TrainingState state)
            throws IOException {
        AtomicFiles.writeString(folder.metrics(), EpochResult.csv(history));
        ByteArrayOutputStream zip = new ByteArrayOutputStream(1 << 20);
        ModelSerializer.writeModel(trainable, zip, true);
        AtomicFiles.writeBytes(folder.checkpoint(), zip.toByteArray());
        state.write(folder.state());
    }
}
