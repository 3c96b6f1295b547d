package org.heartsounds.evaluation;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.heartsounds.core.BadInputException;

/**
 * Reads a training run's per-epoch {@code metrics.csv}: a header naming at least the columns {@link #COLUMNS}
 * (in any order; the {@link #OPTIONAL_COLUMNS} are read when present, other columns are ignored), then one
 * comma-separated line per epoch. An empty cell, "NaN" or "nan" is a missing value, and so is an optional column
 * the file lacks (a run written before the class-averaged validation columns existed). The file is untrusted: its
 * size and line count are bounded, and every malformed line is a {@link BadInputException} naming the file, the line
 * and the column.
 */
public final class MetricsCsv {
    /** The columns that must be present. */
    public static final List<String> COLUMNS = org.heartsounds.trainer.train.EpochResult.REQUIRED_COLUMNS;
    /** The columns read when present: the class-averaged validation metrics. */
    public static final List<String> OPTIONAL_COLUMNS =
            org.heartsounds.trainer.train.EpochResult.CLASS_AVERAGED_COLUMNS;
    /** Largest file read. */
    public static final long MAX_BYTES = 16L << 20;
    /** Most epochs read. */
    public static final int MAX_EPOCHS = 100_000;

    private MetricsCsv() {
    }

    /** The epochs of the file, in file order. */
    public static List<EpochMetrics> read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new BadInputException(file, "metrics CSV is " + size + " bytes, more than the limit of "
                    + MAX_BYTES);
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null || header.isBlank()) {
                throw new BadInputException(file, "empty file, expected a header with " + String.join(",", COLUMNS));
            }
            int[] at = columnPositions(file, header);
            List<EpochMetrics> out = new ArrayList<>();
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                if (out.size() >= MAX_EPOCHS) {
                    throw new BadInputException(file, "more than " + MAX_EPOCHS + " epochs");
                }
                out.add(parse(file, lineNo, line, at));
            }
            return out;
        }
    }

    private static int[] columnPositions(Path file, String header) {
        String[] names = header.replace("\uFEFF", "").split(",", -1);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            index.put(names[i].trim().toLowerCase(Locale.ROOT), i);
        }
        int[] at = new int[COLUMNS.size() + OPTIONAL_COLUMNS.size()];
        for (int k = 0; k < at.length; k++) {
            Integer i = index.get(column(k));
            if (i == null && k < COLUMNS.size()) {
                throw new BadInputException(file, "header lacks column '" + COLUMNS.get(k) + "' (header: "
                        + header.strip() + ")");
            }
            at[k] = i == null ? -1 : i;
        }
        return at;
    }

    private static EpochMetrics parse(Path file, int lineNo, String line, int[] at) {
        String[] cells = line.split(",", -1);
        int needed = Arrays.stream(at).max().orElse(0) + 1;
        if (cells.length < needed) {
            throw new BadInputException(file, "line " + lineNo + " has " + cells.length + " fields, expected at least "
                    + needed);
        }
        double[] v = new double[at.length];
        for (int k = 0; k < at.length; k++) {
            v[k] = at[k] < 0 ? Double.NaN : number(file, lineNo, column(k), cells[at[k]].trim());
        }
        if (Double.isNaN(v[0]) || v[0] != Math.rint(v[0]) || v[0] < 0 || v[0] > Integer.MAX_VALUE) {
            throw new BadInputException(file, "line " + lineNo + ", column epoch: '" + cells[at[0]].trim()
                    + "' is not a non-negative whole number");
        }
        return new EpochMetrics((int) v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]);
    }

    /** The k-th column read: the required ones, then the optional ones. */
    private static String column(int k) {
        return k < COLUMNS.size() ? COLUMNS.get(k) : OPTIONAL_COLUMNS.get(k - COLUMNS.size());
    }

    private static double number(Path file, int lineNo, String column, String cell) {
        if (cell.isEmpty() || cell.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        try {
            double d = Double.parseDouble(cell);
            if (Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new BadInputException(file, "line " + lineNo + ", column " + column + ": '" + cell
                    + "' is not a finite number");
        }
    }
}
