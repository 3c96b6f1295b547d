package org.heartsounds.data.formats;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.heartsounds.core.BadInputException;
import org.heartsounds.data.source.CsvParser;

/**
 * A label file read as RFC 4180 CSV: UTF-8 text (a NUL byte or invalid UTF-8 is a {@link BadInputException}),
 * blank lines dropped, and, for files with a header, column lookup by normalised name (case and blanks around the
 * name ignored, and a trailing {@code :} as in CirCor's {@code Recording locations:}).
 */
final class TableFile {
    /** Largest label file read. */
    static final long MAX_BYTES = 256L << 20;

    final Path file;
    final List<CsvParser.Row> rows;

    private TableFile(Path file, List<CsvParser.Row> rows) {
        this.file = file;
        this.rows = rows;
    }

    /** Reads {@code file}; every row, the header too if any, in {@link #rows}. */
    static TableFile read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file, "not found");
        }
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new BadInputException(file, size + " bytes, more than the limit of " + MAX_BYTES);
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
        for (byte b : bytes) {
            if (b == 0) {
                throw new BadInputException(file, "binary file, not a CSV label file");
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException(file, "not UTF-8 text", e);
        }
        List<CsvParser.Row> rows = new ArrayList<>();
        for (CsvParser.Row r : CsvParser.parse(text, file.toString())) {
            if (!r.isBlank()) {
                rows.add(r);
            }
        }
        return new TableFile(file, rows);
    }

    /** The file name as the report shows it. */
    String name() {
        return file.getFileName().toString();
    }

    /** The first row as a header; throws naming the file when it is empty. */
    Header header() {
        if (rows.isEmpty()) {
            throw new BadInputException(file, "empty file (expected a header row)");
        }
        return new Header(rows.get(0));
    }

    /** The rows after the header. */
    List<CsvParser.Row> body() {
        return rows.isEmpty() ? List.of() : rows.subList(1, rows.size());
    }

    /** Lower case, blanks around removed, one trailing ':' removed. */
    static String normalise(String column) {
        String n = column.strip().toLowerCase(Locale.ROOT);
        if (n.endsWith(":")) {
            n = n.substring(0, n.length() - 1).strip();
        }
        return n;
    }

    /** The field at {@code index}, stripped; "" past the end of a short row. */
    static String cell(CsvParser.Row row, int index) {
        return index < row.fields().size() ? row.fields().get(index).strip() : "";
    }

    /** Column positions of a header row. */
    final class Header {
        private final CsvParser.Row row;
        private final Map<String, Integer> columns = new HashMap<>();

        private Header(CsvParser.Row row) {
            this.row = row;
            for (int i = 0; i < row.fields().size(); i++) {
                String n = normalise(row.fields().get(i));
                if (!n.isEmpty()) {
                    columns.putIfAbsent(n, i);
                }
            }
        }

        /** The column's position; a {@link BadInputException} naming the file, the column and the header if absent. */
        int require(String column, String formatName) {
            Integer i = columns.get(normalise(column));
            if (i == null) {
                throw new BadInputException(file, "missing column '" + column + "' (header: "
                        + String.join(",", row.fields()) + "); not a " + formatName + " label file?");
            }
            return i;
        }

        /** The column's position, or -1. */
        int optional(String column) {
            return columns.getOrDefault(normalise(column), -1);
        }
    }
}
