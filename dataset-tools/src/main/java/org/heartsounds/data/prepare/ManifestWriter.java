package org.heartsounds.data.prepare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.heartsounds.core.io.AtomicFiles;
import org.heartsounds.core.text.CsvCell;

/**
 * Writes {@code manifest.csv}: one row per recording with its source path, SHA-256, format, duration, labels,
 * group, split and number of windows (images). RFC 4180 quoting; LF line endings.
 */
final class ManifestWriter {
    static final String HEADER =
            "recording,path,sha256,sample_rate,channels,bits,seconds,clipped_samples,labels,group,split,windows,quality";
    static final String EXCLUDED_HEADER = "recording,path,sha256,labels,quality,reason";

    private ManifestWriter() {
    }

    static void write(Path file, List<PreparedRecording> prepared, DatasetAnalysis analysis, int[] windows)
            throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < prepared.size(); i++) {
            PreparedRecording p = prepared.get(i);
            String[] cells = {
                p.recording().id(),
                p.recording().path().toString(),
                p.sha256(),
                Integer.toString(p.sourceRate()),
                Integer.toString(p.channels()),
                Integer.toString(p.bitsPerSample()),
                String.format(Locale.ROOT, "%.4f", p.seconds()),
                Integer.toString(p.clippedSamples()),
                String.join(";", p.recording().labels()),
                analysis.groupOf(i),
                analysis.splitOf(i).folderName(),
                Integer.toString(windows[i]),
                p.quality().flagKeys(),
            };
            for (int c = 0; c < cells.length; c++) {
                if (c > 0) {
                    sb.append(',');
                }
                sb.append(CsvCell.of(cells[c]));
            }
            sb.append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    /** {@code excluded.csv}: the recordings the quality checks left out, with why; nothing when there are none. */
    static void writeExcluded(Path file, List<PreparedRecording> excluded) throws IOException {
        if (excluded.isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        StringBuilder sb = new StringBuilder(EXCLUDED_HEADER).append('\n');
        for (PreparedRecording p : excluded) {
            String[] cells = {p.recording().id(), p.recording().path().toString(), p.sha256(),
                String.join(";", p.recording().labels()), p.quality().flagKeys(), p.quality().describe()};
            for (int c = 0; c < cells.length; c++) {
                sb.append(c > 0 ? "," : "").append(CsvCell.of(cells[c]));
            }
            sb.append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }
}
