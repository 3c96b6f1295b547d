package org.heartsounds.core.text;

/** One cell of a CSV file that heartsounds writes (manifests, sweep.csv, spark-tasks.csv), as RFC 4180 has it. */
public final class CsvCell {
    private CsvCell() {
    }

    /** {@code text} as it is, or quoted with inner quotes doubled when it holds a comma, a quote or a line break. */
    public static String of(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
