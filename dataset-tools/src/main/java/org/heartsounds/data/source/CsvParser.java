package org.heartsounds.data.source;

import java.util.ArrayList;
import java.util.List;
import org.heartsounds.core.BadInputException;

/**
 * RFC 4180 CSV: fields separated by commas, records by CRLF, LF or CR; a field in double quotes may hold commas,
 * line breaks and doubled quotes ({@code ""}). A leading UTF-8 byte-order mark is dropped and a final line break is
 * optional. Stricter than RFC 4180 allows for nothing else: a quote inside an unquoted field, text after a closing
 * quote and an unterminated quote are errors naming the line.
 *
 * <p>Written by hand: the only CSV parser on the class path is opencsv 2.3 (2011, a transitive dependency of
 * DataVec), which by default treats backslash as an escape character and would corrupt Windows paths.
 */
public final class CsvParser {
    /** Longest field accepted; a manifest field is a path, a label list or an id. */
    public static final int MAX_FIELD_CHARS = 1 << 16;

    /** One record and the (1-based) line of the file on which it starts. */
    public record Row(int line, List<String> fields) {
        public Row {
            fields = List.copyOf(fields);
        }

        /** True for a blank line (one empty field). */
        public boolean isBlank() {
            return fields.size() == 1 && fields.get(0).isBlank();
        }
    }

    private final String text;
    private final String source;
    private int pos;
    private int line = 1;

    private CsvParser(String text, String source) {
        this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
        this.source = source;
    }

    /**
     * @param text   the whole file
     * @param source the file's name, for error messages
     * @throws BadInputException naming {@code source} and the line of a malformed record
     */
    public static List<Row> parse(String text, String source) {
        return new CsvParser(text, source).rows();
    }

    private List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        while (pos < text.length()) {
            int start = line;
            rows.add(new Row(start, record()));
        }
        return rows;
    }

    /** Reads one record, consuming its terminating line break. */
    private List<String> record() {
        List<String> fields = new ArrayList<>();
        while (true) {
            fields.add(pos < text.length() && text.charAt(pos) == '"' ? quoted() : unquoted());
            if (pos >= text.length()) {
                return fields;
            }
            char c = text.charAt(pos++);
            if (c == ',') {
                continue;
            }
            // a line break (unquoted() and quoted() stop only at ',' or a line break)
            if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
                pos++;
            }
            line++;
            return fields;
        }
    }

    private String unquoted() {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ',' || c == '\n' || c == '\r') {
                break;
            }
            if (c == '"') {
                throw error(line, "quote inside an unquoted field (quote the whole field and double inner quotes)");
            }
            pos++;
            checkLength(pos - start);
        }
        return text.substring(start, pos);
    }

    private String quoted() {
        int startLine = line;
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error(startLine, "quoted field is never closed");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                if (pos < text.length() && text.charAt(pos) == '"') {
                    sb.append('"');
                    pos++;
                    continue;
                }
                if (pos < text.length() && ",\r\n".indexOf(text.charAt(pos)) < 0) {
                    throw error(line, "text after the closing quote of a field");
                }
                return sb.toString();
            }
            if (c == '\n' || (c == '\r' && (pos >= text.length() || text.charAt(pos) != '\n'))) {
                line++;
            }
            sb.append(c);
            checkLength(sb.length());
        }
    }

    private void checkLength(int n) {
        if (n > MAX_FIELD_CHARS) {
            throw error(line, "field longer than " + MAX_FIELD_CHARS + " characters");
        }
    }

    private BadInputException error(int atLine, String problem) {
        return new BadInputException(source, "line " + atLine + ": " + problem);
    }
}
