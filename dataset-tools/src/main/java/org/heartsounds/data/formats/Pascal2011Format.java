package org.heartsounds.data.formats;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.heartsounds.core.BadInputException;
import org.heartsounds.data.source.CsvParser;

/**
 * The PASCAL Classifying Heart Sounds Challenge 2011 as distributed on Kaggle ("Heartbeat Sounds"): {@code set_a/},
 * {@code set_b/}, {@code set_a.csv}, {@code set_b.csv} with columns {@code dataset,fname,label,sublabel}.
 *
 * <p>{@code set_a.csv} names the files as they are. {@code set_b.csv} does not: its row
 * {@code set_b/Btraining_murmur_112_1306243000964_A.wav} is the file {@code murmur__112_1306243000964_A.wav}, and
 * {@code set_b/Btraining_normal_Btraining_noisynormal_103_1305031931979_A.wav} is
 * {@code normal_noisynormal_103_1305031931979_A.wav}: every {@code Btraining_} is dropped and a label followed
 * directly by the patient number gets a double underscore. A row's name is tried as written first, then mapped.
 *
 * <p>Rows with an empty label are the challenge's unlabelled test recordings (not in the Kaggle copy's folders).
 * Labels: set A artifact, extrahls, murmur, normal; set B extrastole, murmur, normal. Extra columns: {@code set}
 * ({@code a}/{@code b}) and {@code sublabel}; group: for set B {@code b<patient>} from the file name
 * ({@code <label>__<patient>_<timestamp>_<site>.wav}); set A names carry no patient, so no group.
 */
public final class Pascal2011Format implements ManifestFormat {
    /** The format's name. */
    public static final String NAME = "pascal2011";
    /** Labels the challenge defines per set. */
    public static final Map<String, Set<String>> LABELS = Map.of(
            "a", Set.of("artifact", "extrahls", "murmur", "normal"),
            "b", Set.of("extrastole", "murmur", "normal"));

    private static final Pattern LABEL_THEN_PATIENT = Pattern.compile("([A-Za-z]+)_(\\d.*)");
    private static final Pattern PATIENT = Pattern.compile("^[A-Za-z]+_[A-Za-z]*_(\\d+)_\\d+_");

    private final List<String> sets;

    /** @param sets {@code a}, {@code b} or both, in the order the rows are wanted */
    public Pascal2011Format(List<String> sets) {
        if (sets.isEmpty() || !LABELS.keySet().containsAll(sets) || new LinkedHashSet<>(sets).size() != sets.size()) {
            throw new IllegalArgumentException("sets must be a and/or b, got " + sets);
        }
        this.sets = List.copyOf(sets);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Conversion convert(Path from) {
        if (!Files.isDirectory(from)) {
            throw new BadInputException(from, "not a folder (expected the PASCAL 2011 folder with set_a.csv, set_a/, "
                    + "set_b.csv, set_b/)");
        }
        List<ManifestRow> rows = new ArrayList<>();
        ConversionReport report = new ConversionReport();
        for (String set : sets) {
            convertSet(from, set, rows, report);
        }
        return new Conversion(NAME, from + " (set " + String.join(", ", sets) + ")", List.of("set", "sublabel"),
                rows, report);
    }

    private void convertSet(Path root, String set, List<ManifestRow> out, ConversionReport report) {
        Path folder = root.resolve("set_" + set);
        TableFile table = TableFile.read(root.resolve("set_" + set + ".csv"));
        if (!Files.isDirectory(folder)) {
            throw new BadInputException(folder, "folder not found (set_" + set + ".csv lists its recordings)");
        }
        TableFile.Header h = table.header();
        int fname = h.require("fname", NAME);
        int label = h.require("label", NAME);
        int sublabel = h.optional("sublabel");

        Map<String, Path> files = new LinkedHashMap<>();
        for (Path f : AudioFiles.list(folder, 1)) {
            files.put(f.getFileName().toString(), f);
        }
        Set<String> consumed = new LinkedHashSet<>();
        Map<String, Integer> lineOf = new HashMap<>();
        int unlabelled = 0;
        int unlabelledAbsent = 0;
        for (CsvParser.Row row : table.body()) {
            String name = TableFile.cell(row, fname);
            String where = table.name() + " line " + row.line() + ": ";
            if (name.isEmpty()) {
                report.add(Mismatch.ROW_WITHOUT_FILE, where + "empty fname");
                continue;
            }
            String file = fileName(name, files);
            String shown = "set_" + set + "/" + file;
            Integer first = lineOf.putIfAbsent(file, row.line());
            if (first != null) {
                report.add(Mismatch.DUPLICATE, where + name + " (" + shown + ", already on line " + first + ")");
                continue;
            }
            boolean present = files.containsKey(file);
            if (present) {
                consumed.add(file);
            }
            String value = TableFile.cell(row, label);
            if (value.isEmpty()) {
                unlabelled++;
                unlabelledAbsent += present ? 0 : 1;
                report.add(Mismatch.UNLABELLED, where + name + (present ? " (file " + shown + ")" : " (no file)"));
            } else if (!LABELS.get(set).contains(value)) {
                report.add(Mismatch.UNKNOWN_LABEL, where + name + ": label '" + value + "' (set " + set
                        + " labels: " + String.join(", ", LABELS.get(set).stream().sorted().toList()) + ")");
            } else if (!present) {
                report.add(Mismatch.ROW_WITHOUT_FILE, where + name + " (no " + shown + ")");
            } else {
                Map<String, String> extras = new LinkedHashMap<>();
                extras.put("set", set);
                extras.put("sublabel", sublabel < 0 ? "" : TableFile.cell(row, sublabel));
                out.add(new ManifestRow(files.get(file), List.of(value), set.equals("b") ? group(file) : null,
                        extras));
            }
        }
        for (String f : files.keySet()) {
            if (!consumed.contains(f)) {
                report.add(Mismatch.FILE_WITHOUT_ROW, "set_" + set + "/" + f);
            }
        }
        if (unlabelledAbsent > 0) {
            report.note(table.name() + ": " + unlabelledAbsent + " of the " + unlabelled + " unlabelled rows name "
                    + "files that are not in set_" + set + "/ (the challenge's unlabelled test recordings)");
        }
    }

    /** The file a row's {@code fname} stands for: its base name if such a file exists, else the mapped name. */
    static String fileName(String fname, Map<String, Path> files) {
        String base = fname.substring(Math.max(fname.lastIndexOf('/'), fname.lastIndexOf('\\')) + 1);
        if (files.containsKey(base)) {
            return base;
        }
        String mapped = base.replace("Btraining_", "");
        Matcher m = LABEL_THEN_PATIENT.matcher(mapped);
        if (m.matches()) {
            mapped = m.group(1) + "__" + m.group(2);
        }
        return mapped;
    }

    /** {@code b<patient>} from a set B file name, or null when the name does not carry one. */
    static String group(String fileName) {
        Matcher m = PATIENT.matcher(fileName);
        return m.find() ? "b" + m.group(1) : null;
    }
}
