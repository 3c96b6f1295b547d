package org.heartsounds.data.prepare;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code data prepare} did: where, how much, how long per stage, and the source's warnings
 * ({@link org.heartsounds.data.source.SourceListing#warnings()}).
 */
public record PrepareResult(Path out, List<String> classes, int recordings, int imagesWritten, int imagesSkipped,
                            DatasetAnalysis analysis, String dataSha256, double seconds,
                            Map<String, Double> stageSeconds, List<String> warnings) {
    public PrepareResult {
        warnings = List.copyOf(warnings);
    }

    public int images() {
        return imagesWritten + imagesSkipped;
    }
}
