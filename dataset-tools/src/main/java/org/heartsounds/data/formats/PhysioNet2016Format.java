package org.heartsounds.data.formats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.heartsounds.core.BadInputException;
import org.heartsounds.data.source.CsvParser;

/**
 * The PhysioNet/CinC Challenge 2016 training set: folders {@code training-a/} ... {@code training-f/}, each with a
 * {@code REFERENCE.csv} without header, one {@code name,label} row per recording ({@code -1} normal, {@code 1}
 * abnormal; a third column, as in the signal-quality variant, is ignored), and {@code <name>.wav} next to it
 * ({@code .hea} and {@code .dat} files are ignored). {@code --from} is the folder holding the {@code training-*}
 * folders, or one such folder. Labels are written {@code normal} / {@code abnormal}; the challenge does not say which
 * recordings share a patient, so there is no group; the folder is the extra column {@code source}.
 */
public final class PhysioNet2016Format implements ManifestFormat {
    /** The format's name. */
    public static final String NAME = "physionet2016";
    /** The label file in every folder. */
    public static final String REFERENCE = "REFERENCE.csv";
    /** Label values and the names written for them. */
    public static final Map<String, String> LABELS = Map.of("-1", "normal", "1", "abnormal");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Conversion convert(Path from) {
        List<Path> folders = folders(from);
        List<ManifestRow> rows = new ArrayList<>();
        ConversionReport report = new ConversionReport();
        for (Path folder : folders) {
            convertFolder(folder, rows, report);
        }
        report.note("PhysioNet 2016 does not identify patients (a patient may have several recordings): the group "
                + "column is empty, so keep split.overlap on to find recordings that share audio");
        return new Conversion(NAME, from.toString(), List.of("source"), rows, report);
    }

    private static List<Path> folders(Path from) {
        if (Files.isRegularFile(from.resolve(REFERENCE))) {
            return List.of(from);
        }
        if (!Files.isDirectory(from)) {
            throw new BadInputException(from, "not a folder (expected the folder holding training-a ... training-f)");
        }
        try (Stream<Path> s = Files.list(from)) {
            List<Path> folders = s.filter(p -> p.getFileName().toString().startsWith("training-")
                    && Files.isRegularFile(p.resolve(REFERENCE))).sorted().toList();
            if (folders.isEmpty()) {
                throw new BadInputException(from, "no " + REFERENCE + " here nor in training-* sub-folders "
                        + "(expected the PhysioNet/CinC 2016 layout training-a/REFERENCE.csv ...)");
            }
            return folders;
        } catch (IOException e) {
            throw new BadInputException(from, "cannot list: " + e.getMessage(), e);
        }
    }

    private static void convertFolder(Path folder, List<ManifestRow> out, ConversionReport report) {
        String source = folder.getFileName().toString();
        TableFile table = TableFile.read(folder.resolve(REFERENCE));
        Map<String, Path> files = new LinkedHashMap<>();
        for (Path f : AudioFiles.list(folder, 1)) {
            String n = f.getFileName().toString();
            files.put(n.substring(0, n.length() - ".wav".length()), f);
        }
        Set<String> consumed = new LinkedHashSet<>();
        Map<String, Integer> lineOf = new HashMap<>();
        for (CsvParser.Row row : table.rows) {
            if (row.fields().size() > 3) {
                throw new BadInputException(table.file, "line " + row.line() + ": " + row.fields().size()
                        + " fields; a PhysioNet 2016 REFERENCE.csv has name,label (no header)");
            }
            String where = source + "/" + REFERENCE + " line " + row.line() + ": ";
            String name = TableFile.cell(row, 0);
            String value = TableFile.cell(row, 1);
            if (name.isEmpty()) {
                report.add(Mismatch.ROW_WITHOUT_FILE, where + "empty name");
                continue;
            }
            Integer first = lineOf.putIfAbsent(name, row.line());
            if (first != null) {
                report.add(Mismatch.DUPLICATE, where + name + " (already on line " + first + ")");
                continue;
            }
            boolean present = files.containsKey(name);
            if (present) {
                consumed.add(name);
            }
            if (value.isEmpty()) {
                report.add(Mismatch.UNLABELLED, where + name + " (no label)");
            } else if (!LABELS.containsKey(value)) {
                report.add(Mismatch.UNKNOWN_LABEL, where + name + ": label '" + value + "' (expected -1 or 1)");
            } else if (!present) {
                report.add(Mismatch.ROW_WITHOUT_FILE, where + name + " (no " + source + "/" + name + ".wav)");
            } else {
                out.add(new ManifestRow(files.get(name), List.of(LABELS.get(value)), null, Map.of("source", source)));
            }
        }
        for (Map.Entry<String, Path> f : files.entrySet()) {
            if (!consumed.contains(f.getKey())) {
                report.add(Mismatch.FILE_WITHOUT_ROW, source + "/" + f.getValue().getFileName());
            }
        }
    }
}
