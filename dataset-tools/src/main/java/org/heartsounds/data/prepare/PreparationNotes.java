package org.heartsounds.data.prepare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.heartsounds.core.config.QualitySpec;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.data.quality.QualityFlag;

/**
 * What preparation does to the recordings that a user should hear about, printed by both {@code data inspect} and
 * {@code data prepare}: resampling, padding of short recordings, quality flags and what became of the flagged
 * recordings, and groups that join recordings with different labels (by kind of conflict).
 */
final class PreparationNotes {
    static final int EXAMPLES = 5;

    private PreparationNotes() {
    }

    /**
     * @param kept     recordings in the dataset
     * @param excluded recordings left out by {@code data.quality.action: exclude}
     */
    static List<String> of(Recipe recipe, List<PreparedRecording> kept, List<PreparedRecording> excluded,
                           DatasetAnalysis analysis) {
        List<String> lines = new ArrayList<>();
        List<PreparedRecording> all = new ArrayList<>(kept);
        all.addAll(excluded);
        int target = recipe.audio().sampleRate();
        Map<Integer, Integer> byRate = new TreeMap<>();
        kept.stream().filter(p -> p.sourceRate() != target).forEach(p -> byRate.merge(p.sourceRate(), 1, Integer::sum));
        if (!byRate.isEmpty()) {
            StringBuilder sb = new StringBuilder("resampled to ").append(target).append(" Hz:");
            byRate.forEach((rate, n) -> sb.append(String.format(Locale.ROOT, " %d recordings from %d Hz,", n, rate)));
            sb.setLength(sb.length() - 1);
            lines.add(sb.toString());
        }
        double window = recipe.audio().window().seconds();
        List<PreparedRecording> padded = kept.stream().filter(p -> p.seconds() < window).toList();
        if (!padded.isEmpty()) {
            lines.add(String.format(Locale.ROOT, "padded: %d recordings shorter than the %.2f s window, filled up by "
                    + "'%s' (audio.window.pad), e.g. %s", padded.size(), window,
                    recipe.audio().window().pad().name().toLowerCase(Locale.ROOT), examples(padded)));
        }
        List<PreparedRecording> flagged = all.stream().filter(p -> !p.quality().usable()).toList();
        if (!flagged.isEmpty()) {
            Map<QualityFlag, Integer> counts = new TreeMap<>();
            flagged.forEach(p -> p.quality().flags().forEach(f -> counts.merge(f, 1, Integer::sum)));
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                    "quality: %d recordings flagged (", flagged.size()));
            counts.forEach((f, n) -> sb.append(f.key()).append(' ').append(n).append(", "));
            sb.setLength(sb.length() - 2);
            boolean exclude = recipe.data().quality().action() == QualitySpec.Action.EXCLUDE;
            sb.append(exclude ? "); left out of the dataset (data.quality.action: exclude), listed in "
                    + "excluded.csv" : "); kept (data.quality.action: warn), marked in manifest.csv");
            lines.add(sb.toString());
            flagged.stream().limit(EXAMPLES).forEach(p -> lines.add("  " + p.recording().id() + ": "
                    + p.quality().describe()));
            if (flagged.size() > EXAMPLES) {
                lines.add("  ... and " + (flagged.size() - EXAMPLES) + " more");
            }
        }
        lines.addAll(analysis.groups().report().conflictWarnings());
        return lines;
    }

    private static String examples(List<PreparedRecording> list) {
        List<String> ids = list.stream().limit(3).map(p -> String.format(Locale.ROOT, "%s (%.2f s)",
                p.recording().id(), p.seconds())).toList();
        return String.join(", ", ids) + (list.size() > 3 ? ", ..." : "");
    }
}
