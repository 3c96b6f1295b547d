package org.heartsounds.data.prepare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.heartsounds.core.config.Recipe;

/**
 * Spreads {@code data prepare}'s render stage over workers: every {@link RecordingImages.Job} rendered where the
 * engine runs work, each PNG written atomically into the prepared folder (which every worker must see at the same
 * path). Decoding, quality checks, group detection, splitting and the manifest stay with {@link DatasetPreparer}.
 * Engines other than {@code local} come from a {@link RenderEngineProvider}.
 */
public interface RenderEngine extends AutoCloseable {
    /** One line for the logs. */
    String describe();

    /** Renders every job; the outcomes in job order. */
    List<RecordingImages.Outcome> render(Recipe recipe, Path root, List<RecordingImages.Job> jobs) throws IOException;

    @Override
    void close();
}
