package org.heartsounds.core.text;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with aligned columns: the leading text columns left-aligned, the others right-aligned
 * (numbers), columns separated by two spaces, a dashed rule under the header.
 */
public final class TextTable {
    private final List<String> header;
    private final int leftAligned;
    private final List<List<String>> rows = new ArrayList<>();

    /** A table whose first column is left-aligned. */
    public TextTable(List<String> header) {
        this(header, 1);
    }

    /** A table whose first column is left-aligned, with the header cells given one by one. */
    public TextTable(String... header) {
        this(List.of(header), 1);
    }

    /** A table whose first {@code leftAligned} columns are left-aligned. */
    public TextTable(List<String> header, int leftAligned) {
        this.header = List.copyOf(header);
        this.leftAligned = leftAligned;
    }

    /** Adds a row with exactly as many cells as the header. */
    public TextTable row(List<String> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("row has " + cells.size() + " cells, header " + header.size());
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    /** Adds a row of cells written with {@link String#valueOf(Object)}, exactly as many as the header. */
    public TextTable row(Object... cells) {
        List<String> text = new ArrayList<>(cells.length);
        for (Object c : cells) {
            text.add(String.valueOf(c));
        }
        return row(text);
    }

    /** The table, every line ending in a newline. */
    /** The column names. */
    public List<String> header() {
        return List.copyOf(header);
    }

    /** The rows added so far. */
    public List<List<String>> rows() {
        return rows.stream().map(List::copyOf).toList();
    }

    public String render() {
        int[] widths = new int[header.size()];
        measure(header, widths);
        for (List<String> r : rows) {
            measure(r, widths);
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, widths, leftAligned);
        int total = 0;
        for (int w : widths) {
            total += w;
        }
        sb.append("-".repeat(total + 2 * (widths.length - 1))).append('\n');
        for (List<String> r : rows) {
            line(sb, r, widths, leftAligned);
        }
        return sb.toString();
    }

    private static void measure(List<String> cells, int[] widths) {
        for (int i = 0; i < cells.size(); i++) {
            widths[i] = Math.max(widths[i], cells.get(i).length());
        }
    }

    private static void line(StringBuilder sb, List<String> cells, int[] widths, int leftAligned) {
        StringBuilder ln = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                ln.append("  ");
            }
            String c = cells.get(i);
            String pad = " ".repeat(widths[i] - c.length());
            ln.append(i < leftAligned ? c + pad : pad + c);
        }
        sb.append(ln.toString().stripTrailing()).append('\n');
    }
}
