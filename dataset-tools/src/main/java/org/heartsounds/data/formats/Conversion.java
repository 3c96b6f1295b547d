package org.heartsounds.data.formats;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.heartsounds.core.text.TextTable;

/**
 * The result of converting a published layout: the manifest rows and what could not be matched.
 *
 * @param format       the format's name, e.g. {@code pascal2011}
 * @param source       what was read (the dataset folder or label file), for the report
 * @param extraColumns the columns written after {@code path,label,group}, in order
 * @param rows         the recordings, in the label files' order
 * @param report       what could not be matched
 */
public record Conversion(String format, String source, List<String> extraColumns, List<ManifestRow> rows,
                         ConversionReport report) {
    public Conversion {
        Objects.requireNonNull(report, "report");
        extraColumns = List.copyOf(extraColumns);
        rows = List.copyOf(rows);
    }

    /** Rows carrying each label (a row with several labels counts once for each), by label name. */
    public SortedMap<String, Integer> labelCounts() {
        SortedMap<String, Integer> counts = new TreeMap<>();
        for (ManifestRow r : rows) {
            r.labels().forEach(l -> counts.merge(l, 1, Integer::sum));
        }
        return counts;
    }

    /** Distinct non-empty groups among the rows. */
    public long groupCount() {
        return rows.stream().map(ManifestRow::group).filter(Objects::nonNull).distinct().count();
    }

    /** Rows without a group. */
    public long ungroupedRows() {
        return rows.stream().filter(r -> r.group() == null).count();
    }

    /**
     * The report for the console: recordings per label, groups, then each kind of mismatch with its count and up to
     * {@link ConversionReport#EXAMPLES} examples, and the notes.
     */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s %s: %d recordings, %d groups%s%n", format, source, rows.size(),
                groupCount(), ungroupedRows() == 0 || ungroupedRows() == rows.size() ? ""
                        : " (" + ungroupedRows() + " recordings without a group)"));
        if (!rows.isEmpty()) {
            TextTable t = new TextTable("label", "recordings");
            labelCounts().forEach((label, n) -> t.row(label, n));
            sb.append(t.render());
        }
        TextTable m = new TextTable("not matched", "count");
        for (Mismatch kind : Mismatch.values()) {
            m.row(kind.description(), report.count(kind));
        }
        sb.append(m.render());
        for (Mismatch kind : Mismatch.values()) {
            if (report.count(kind) > 0) {
                sb.append(kind.description()).append(" (").append(report.count(kind)).append("), e.g.:\n");
                report.examples(kind).forEach(e -> sb.append("  ").append(e).append('\n'));
            }
        }
        report.notes().forEach(n -> sb.append("note: ").append(n).append('\n'));
        return sb.toString();
    }
}
