package org.heartsounds.data.prepare;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code data prepare} did: where, how much, how long per stage, and what it did to the recordings that the
 * user should hear about ({@code notes}: resampling, padding, quality flags, label conflicts).
 */
public record PrepareResult(Path out, List<String> classes, int recordings, int imagesWritten, int imagesSkipped,
                            DatasetAnalysis analysis, String dataSha256, double seconds,
                            Map<String, Double> stageSeconds, List<String> notes) {
    public PrepareResult {
        notes = List.copyOf(notes);
    }

    public int images() {
        return imagesWritten + imagesSkipped;
    }
}
