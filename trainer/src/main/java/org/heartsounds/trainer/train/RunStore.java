package org.heartsounds.trainer.train;

import java.io.IOException;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** Where a {@link TrainingLoop} persists its progress (a run folder, or memory in tests). */
public interface RunStore {
    /** The network as of {@code epoch} became the best on validation: keep it. */
    void saveBest(int epoch) throws IOException;

    /**
     * Epoch {@code state.epochsDone()} completed: persist the metrics, the trainable network with its updater
     * state, and last the state itself (the commit point a resume trusts).
     */
    void saveEpoch(ComputationGraph trainable, List<EpochResult> history, TrainingState state) throws IOException;
}
