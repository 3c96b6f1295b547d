package org.heartsounds.data.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.heartsounds.core.BadInputException;
import org.heartsounds.data.dataset.ClassIndex;
import org.heartsounds.data.dataset.Recording;
import org.heartsounds.data.dataset.Split;

/**
 * A CSV manifest (UTF-8, RFC 4180, header row, column names case-insensitive, extra columns ignored):
 * <ul>
 *   <li>{@code path} (required): the audio file, relative to the manifest's folder or absolute;</li>
 *   <li>{@code label} (required): one class, or several separated by {@code ;} (the first is the primary label);</li>
 *   <li>{@code group} (optional): a patient / source id; recordings sharing it are kept in one split;</li>
 *   <li>{@code split} (optional): {@code train}, {@code val} or {@code test}, used by {@code split.mode: given}.</li>
 * </ul>
 * Blank lines are skipped; recordings keep the manifest's order. Every problem is a {@link BadInputException}
 * naming the manifest and the line: a missing column, a row with the wrong number of fields, a missing file, an
 * empty or repeated label, a duplicate path, an unknown split value, or a label outside {@code data.classes}.
 * A label that looks like several joined by another separator ({@code |}, {@code +} or a {@code ,} inside a quoted
 * field) is accepted with a warning in {@link SourceListing#warnings()}, once per distinct label.
 */
public final class CsvManifestSource implements RecordingSource {
    /** Largest manifest read (a million rows of long paths fit). */
    public static final long MAX_BYTES = 256L << 20;

    private final Path csv;
    private final List<String> fixedClasses;

    /**
     * @param csv          the manifest
     * @param fixedClasses {@code data.classes}: when not empty, every label must be one of these, and each of these
     *                     must occur
     */
    public CsvManifestSource(Path csv, List<String> fixedClasses) {
        this.csv = csv;
        this.fixedClasses = List.copyOf(fixedClasses);
    }

    @Override
    public SourceListing list() {
        List<CsvParser.Row> rows = CsvParser.parse(read(), csv.toString());
        if (rows.isEmpty() || rows.get(0).isBlank()) {
            throw new BadInputException(csv, "empty manifest (expected a header row with columns path,label)");
        }
        Header header = Header.of(rows.get(0), csv);
        ClassIndex fixed = fixedClasses();
        Path baseDir = csv.toAbsolutePath().getParent();
        List<Recording> recordings = new ArrayList<>();
        Map<Path, Integer> lineOfFile = new HashMap<>();
        Map<String, List<Integer>> suspicious = new LinkedHashMap<>();
        for (CsvParser.Row row : rows.subList(1, rows.size())) {
            if (row.isBlank()) {
                continue;
            }
            if (row.fields().size() != header.width) {
                throw error(row, "expected " + header.width + " fields as in the header, found " + row.fields().size());
            }
            Recording r = recording(row, header, baseDir, fixed);
            for (String label : r.labels()) {
                if (joinedBy(label) != null) {
                    suspicious.computeIfAbsent(label, k -> new ArrayList<>()).add(row.line());
                }
            }
            Path key = r.path().toAbsolutePath().normalize();
            Integer previous = lineOfFile.putIfAbsent(key, row.line());
            if (previous != null) {
                throw error(row, "path '" + r.id() + "' is already listed on line " + previous);
            }
            recordings.add(r);
        }
        if (recordings.isEmpty()) {
            throw new BadInputException(csv, "manifest lists no recordings");
        }
        return new SourceListing(csv.toString(), recordings, classes(recordings, fixed), List.of(),
                warnings(suspicious));
    }

    /** Separators that people use to join labels instead of the manifest's {@code ;}. */
    private static final String OTHER_SEPARATORS = "|+,";

    /** The separator a label seems to be joined by, or null. */
    private static String joinedBy(String label) {
        for (char c : OTHER_SEPARATORS.toCharArray()) {
            if (joins(label, c)) {
                return String.valueOf(c);
            }
        }
        return null;
    }

    /** True when {@code separator} splits {@code label} into two or more non-blank parts. */
    private static boolean joins(String label, char separator) {
        String[] parts = label.split(Pattern.quote(String.valueOf(separator)), -1);
        return parts.length > 1 && Arrays.stream(parts).noneMatch(String::isBlank);
    }

    private List<String> warnings(Map<String, List<Integer>> suspicious) {
        List<String> warnings = new ArrayList<>();
        suspicious.forEach((label, lines) -> warnings.add(csv + ": line " + lines.get(0)
                + (lines.size() > 1 ? " (and " + (lines.size() - 1) + " more lines)" : "") + ": label '" + label
                + "' looks like several labels joined by '" + joinedBy(label) + "': did you mean ';'?"));
        return warnings;
    }

    private Recording recording(CsvParser.Row row, Header h, Path baseDir, ClassIndex fixed) {
        String pathText = row.fields().get(h.path).strip();
        if (pathText.isEmpty()) {
            throw error(row, "empty path");
        }
        Path file;
        try {
            file = baseDir.resolve(pathText).normalize();
        } catch (InvalidPathException e) {
            throw error(row, "invalid path '" + pathText + "': " + e.getReason());
        }
        if (!Files.isRegularFile(file)) {
            throw error(row, "file not found: " + file);
        }
        List<String> labels = labels(row, row.fields().get(h.label), fixed);
        String group = h.group < 0 ? null : emptyToNull(row.fields().get(h.group));
        Split split = null;
        if (h.split >= 0 && !row.fields().get(h.split).isBlank()) {
            try {
                split = Split.parse(row.fields().get(h.split));
            } catch (IllegalArgumentException e) {
                throw error(row, e.getMessage());
            }
        }
        return new Recording(pathText.replace('\\', '/'), file, labels, group, split);
    }

    private List<String> labels(CsvParser.Row row, String field, ClassIndex fixed) {
        Set<String> labels = new LinkedHashSet<>();
        for (String part : field.split(";", -1)) {
            String label = part.strip();
            if (label.isEmpty()) {
                throw error(row, "empty label" + (field.isBlank() ? "" : " in '" + field + "'"));
            }
            try {
                ClassIndex.validate(label);
            } catch (IllegalArgumentException e) {
                throw error(row, e.getMessage()
                        + (joins(label, '/') ? " (several labels? separate them with ';')" : ""));
            }
            if (fixed != null && !fixed.contains(label)) {
                throw error(row, "label '" + label + "' is not one of data.classes " + fixed.names());
            }
            if (!labels.add(label)) {
                throw error(row, "label '" + label + "' repeated");
            }
        }
        return List.copyOf(labels);
    }

    private ClassIndex fixedClasses() {
        if (fixedClasses.isEmpty()) {
            return null;
        }
        try {
            return ClassIndex.of(fixedClasses);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("data.classes", e.getMessage());
        }
    }

    private ClassIndex classes(List<Recording> recordings, ClassIndex fixed) {
        ClassIndex found = ClassIndex.fromRecordings(recordings);
        if (fixed == null) {
            return found;
        }
        for (String cls : fixed.names()) {
            if (!found.contains(cls)) {
                throw new BadInputException(csv, "class '" + cls + "' from data.classes has no recordings");
            }
        }
        return fixed;
    }

    private String read() {
        try {
            if (!Files.isRegularFile(csv)) {
                throw new BadInputException(csv, "manifest not found");
            }
            long size = Files.size(csv);
            if (size > MAX_BYTES) {
                throw new BadInputException(csv, "manifest is " + size + " bytes, more than the limit of " + MAX_BYTES);
            }
            byte[] bytes = Files.readAllBytes(csv);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException(csv, "not UTF-8 text", e);
        } catch (IOException e) {
            throw new BadInputException(csv, "cannot read: " + e.getMessage(), e);
        }
    }

    private BadInputException error(CsvParser.Row row, String problem) {
        return new BadInputException(csv, "line " + row.line() + ": " + problem);
    }

    private static String emptyToNull(String s) {
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }

    /** Column positions; -1 for an absent optional column. */
    private record Header(int width, int path, int label, int group, int split) {
        static Header of(CsvParser.Row row, Path csv) {
            Map<String, Integer> cols = new HashMap<>();
            for (int i = 0; i < row.fields().size(); i++) {
                String name = row.fields().get(i).strip().toLowerCase(Locale.ROOT);
                if (!name.isEmpty() && cols.putIfAbsent(name, i) != null) {
                    throw new BadInputException(csv, "line " + row.line() + ": column '" + name + "' appears twice");
                }
            }
            for (String required : List.of("path", "label")) {
                if (!cols.containsKey(required)) {
                    throw new BadInputException(csv, "line " + row.line() + ": missing column '" + required
                            + "' (header has " + row.fields() + "; required: path, label; optional: group, split)");
                }
            }
            return new Header(row.fields().size(), cols.get("path"), cols.get("label"),
                    cols.getOrDefault("group", -1), cols.getOrDefault("split", -1));
        }
    }
}
