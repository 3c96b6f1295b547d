package org.heartsounds.data.prepare;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code data prepare} did: where, how much, how long per stage, the source's warnings
 * ({@link org.heartsounds.data.source.SourceListing#warnings()}) and what it did to the recordings that the user
 * should hear about ({@code notes}: resampling, padding, quality flags, label conflicts).
 */
public record PrepareResult(Path out, List<String> classes, int recordings, int imagesWritten, int imagesSkipped,
                            DatasetAnalysis analysis, String dataSha256, double seconds,
                            Map<String, Double> stageSeconds, List<String> warnings, List<String> notes) {
    public PrepareResult {
        warnings = List.copyOf(warnings);
        notes = List.copyOf(notes);
    }

    public int images() {
        return imagesWritten + imagesSkipped;
    }
}
