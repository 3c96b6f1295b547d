package org.heartsounds.sweep.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.io.AtomicFiles;
import org.heartsounds.core.text.CsvCell;
import org.heartsounds.data.source.CsvParser;

/**
 * sweep.csv: one row per finished candidate, {@code candidate,status,score,seconds,<one column per swept key, the
 * YAML key as header, in YAML order>,run_dir,reason,attempts,executor}, sorted by candidate and rewritten atomically after every
 * candidate, so that a sweep killed at any moment leaves a complete file listing exactly the candidates that finished.
 * A resumed sweep reads it back to skip them. {@code attempts} is more than 1 for a candidate that an engine ran
 * again after losing a worker; files written before those two columns existed are read as one attempt each.
 */
public final class SweepLedger {
    /** Largest sweep.csv read back (64 MiB). */
    public static final long MAX_BYTES = 64L << 20;
    public static final String FILE = "sweep.csv";

    private final Path file;
    private final List<String> keys;
    private final Map<Integer, CandidateRow> rows = new TreeMap<>();

    private SweepLedger(Path file, List<String> keys) {
        this.file = file;
        this.keys = List.copyOf(keys);
    }

    /** A new, empty ledger (written on the first {@link #record}). */
    public static SweepLedger create(Path file, List<String> keys) {
        return new SweepLedger(file, keys);
    }

    /** The ledger in {@code file} when it exists (resume), else an empty one. */
    public static SweepLedger open(Path file, List<String> keys) {
        SweepLedger ledger = new SweepLedger(file, keys);
        if (Files.exists(file)) {
            ledger.read();
        }
        return ledger;
    }

    /** The header columns. */
    public static List<String> header(List<String> keys) {
        List<String> h = new ArrayList<>(List.of("candidate", "status", "score", "seconds"));
        h.addAll(keys);
        h.addAll(List.of("run_dir", "reason", "attempts", "executor"));
        return h;
    }

    /** The header of ledgers written before attempts were recorded. */
    static List<String> headerWithoutAttempts(List<String> keys) {
        List<String> h = header(keys);
        return h.subList(0, h.size() - 2);
    }

    public Path file() {
        return file;
    }

    public synchronized CandidateRow get(int index) {
        return rows.get(index);
    }

    /** The rows, by candidate. */
    public synchronized List<CandidateRow> rows() {
        return List.copyOf(rows.values());
    }

    /** Adds (or replaces) a row and rewrites the file atomically. */
    public synchronized void record(CandidateRow row) throws IOException {
        if (row.values().size() != keys.size()) {
            throw new IllegalArgumentException("row has " + row.values().size() + " values for " + keys.size()
                    + " parameters");
        }
        rows.put(row.index(), row);
        AtomicFiles.writeString(file, format());
    }

    /** The file's text. */
    public synchronized String format() {
        StringBuilder sb = new StringBuilder(line(header(keys)));
        for (CandidateRow r : rows.values()) {
            List<String> cells = new ArrayList<>();
            cells.add(Integer.toString(r.index()));
            cells.add(r.status().text());
            cells.add(r.score() == null ? "" : Double.toString(r.score()));
            cells.add(String.format(Locale.ROOT, "%.1f", r.seconds()));
            cells.addAll(r.values());
            cells.add(r.runDir());
            cells.add(r.reason());
            cells.add(Integer.toString(r.attempts()));
            cells.add(r.executor());
            sb.append(line(cells));
        }
        return sb.toString();
    }

    private static String line(List<String> cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(CsvCell.of(cells.get(i)));
        }
        return sb.append('\n').toString();
    }

    private void read() {
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new BadInputException(file, "is larger than " + MAX_BYTES + " bytes");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
        List<CsvParser.Row> parsed = CsvParser.parse(text, file.toString());
        List<String> header = header(keys);
        if (!parsed.isEmpty() && parsed.get(0).fields().equals(headerWithoutAttempts(keys))) {
            header = headerWithoutAttempts(keys);
        }
        if (parsed.isEmpty() || !parsed.get(0).fields().equals(header)) {
            throw new BadInputException(file, "has the header " + (parsed.isEmpty() ? "[]" : parsed.get(0).fields())
                    + " but this sweep's is " + header + "; it belongs to another sweep configuration");
        }
        for (CsvParser.Row row : parsed.subList(1, parsed.size())) {
            if (row.isBlank()) {
                continue;
            }
            CandidateRow r = parse(row, header.size(), header.size() == header(keys).size());
            if (rows.put(r.index(), r) != null) {
                throw new BadInputException(file, "line " + row.line() + ": candidate " + r.index() + " is listed twice");
            }
        }
    }

    private CandidateRow parse(CsvParser.Row row, int columns, boolean withAttempts) {
        List<String> f = row.fields();
        if (f.size() != columns) {
            throw new BadInputException(file, "line " + row.line() + ": expected " + columns + " columns, got "
                    + f.size());
        }
        try {
            int index = Integer.parseInt(f.get(0));
            CandidateRow.Status status = CandidateRow.Status.parse(f.get(1));
            Double score = f.get(2).isEmpty() ? null : Double.valueOf(f.get(2));
            double seconds = Double.parseDouble(f.get(3));
            List<String> values = f.subList(4, 4 + keys.size());
            int end = withAttempts ? columns - 2 : columns;
            CandidateRow r = new CandidateRow(index, status, score, seconds, values, f.get(end - 2), f.get(end - 1));
            return withAttempts ? r.ranOn(Integer.parseInt(f.get(columns - 2)), f.get(columns - 1)) : r;
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file, "line " + row.line() + ": " + e.getMessage(), e);
        }
    }
}
