package org.heartsounds.trainer.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.io.AtomicFiles;

/**
 * {@code state.json}: the last completed epoch whose checkpoint is on disk, the best epoch so far and, once the run
 * ended, why. Written atomically after the checkpoint, so after a kill -9 it never points past what is saved.
 *
 * @param epochsDone     completed epochs (0 = only the baseline evaluation)
 * @param bestEpoch      epoch of model.zip (0 = none yet)
 * @param bestScore      its validation score
 * @param finished       whether the run has ended
 * @param stopReason     why it ended (max epochs, early stopping), or null
 * @param configSha256   SHA-256 of the resolved recipe the run was started with
 */
public record TrainingState(int epochsDone, int bestEpoch, double bestScore, boolean finished, String stopReason,
                            String configSha256) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, JSON.writeValueAsString(this) + "\n");
    }

    public static TrainingState read(Path file) {
        try {
            return JSON.readValue(file.toFile(), TrainingState.class);
        } catch (IOException e) {
            throw new BadInputException(file, "is not a readable training state: " + e.getMessage(), e);
        }
    }
}
