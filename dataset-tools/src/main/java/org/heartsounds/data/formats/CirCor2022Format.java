package org.heartsounds.data.formats;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.heartsounds.core.BadInputException;
import org.heartsounds.data.source.CsvParser;

/**
 * The CirCor DigiScope phonocardiogram dataset (George B. Moody PhysioNet Challenge 2022): {@code training_data.csv}
 * with one row per patient (columns used: {@code Patient ID}, {@code Recording locations:} such as
 * {@code AV+PV+TV+MV}, {@code Murmur} Present/Absent/Unknown, {@code Outcome} Abnormal/Normal, optional
 * {@code Additional ID}) and {@code training_data/} with the recordings {@code <patient>_<site>.wav}, or
 * {@code <patient>_<site>_<n>.wav} when a site was recorded more than once ({@code .hea}, {@code .tsv}, {@code .txt}
 * ignored).
 *
 * <p>One manifest row per recording; label: the patient's murmur value in lower case (present, absent, unknown),
 * or the outcome (abnormal, normal) with {@link LabelBy#OUTCOME}; the other value and the auscultation site are the
 * extra columns. Group: the patient id; a child seen in both screening campaigns has a second id in
 * {@code Additional ID}, and both ids get the group of the smaller one. A listed location without a file counts as a
 * row without a file; an empty or {@code nan} label cell is unlabelled.
 */
public final class CirCor2022Format implements ManifestFormat {
    /** The format's name. */
    public static final String NAME = "circor2022";
    /** The label file and the recordings' folder inside the dataset folder. */
    public static final String TABLE = "training_data.csv";
    public static final String FOLDER = "training_data";

    /** Which patient-level column becomes the label. */
    public enum LabelBy {
        MURMUR("Murmur", "murmur", Set.of("present", "absent", "unknown")),
        OUTCOME("Outcome", "outcome", Set.of("abnormal", "normal"));

        final String column;
        final String extraName;
        final Set<String> values;

        LabelBy(String column, String extraName, Set<String> values) {
            this.column = column;
            this.extraName = extraName;
            this.values = values;
        }

        LabelBy other() {
            return this == MURMUR ? OUTCOME : MURMUR;
        }
    }

    private static final Pattern RECORDING = Pattern.compile("(\\d+)_([A-Za-z]+)(?:_(\\d+))?\\.[wW][aA][vV]");

    private final LabelBy labelBy;

    public CirCor2022Format(LabelBy labelBy) {
        this.labelBy = labelBy;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Conversion convert(Path from) {
        if (!Files.isDirectory(from)) {
            throw new BadInputException(from, "not a folder (expected the CirCor folder with " + TABLE + " and "
                    + FOLDER + "/)");
        }
        TableFile table = TableFile.read(from.resolve(TABLE));
        TableFile.Header h = table.header();
        int id = h.require("Patient ID", NAME);
        int locations = h.require("Recording locations:", NAME);
        int label = h.require(labelBy.column, NAME);
        int other = h.require(labelBy.other().column, NAME);
        int additional = h.optional("Additional ID");

        ConversionReport report = new ConversionReport();
        Map<String, List<Path>> filesOf = new TreeMap<>();
        for (Path f : AudioFiles.list(from.resolve(FOLDER), 1)) {
            Matcher m = RECORDING.matcher(f.getFileName().toString());
            if (m.matches()) {
                filesOf.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(f);
            } else {
                report.add(Mismatch.FILE_WITHOUT_ROW, FOLDER + "/" + f.getFileName()
                        + " (name is not <patient>_<site>[_<n>].wav)");
            }
        }
        Map<String, String> groupOf = groups(table, id, additional);
        Set<String> consumed = new LinkedHashSet<>();
        Map<String, Integer> lineOf = new HashMap<>();
        List<ManifestRow> rows = new ArrayList<>();
        for (CsvParser.Row row : table.body()) {
            String where = TABLE + " line " + row.line() + ": ";
            String patient = TableFile.cell(row, id);
            if (patient.isEmpty()) {
                report.add(Mismatch.ROW_WITHOUT_FILE, where + "empty Patient ID");
                continue;
            }
            Integer first = lineOf.putIfAbsent(patient, row.line());
            if (first != null) {
                report.add(Mismatch.DUPLICATE, where + "patient " + patient + " (already on line " + first + ")");
                continue;
            }
            List<Path> files = filesOf.getOrDefault(patient, List.of());
            boolean present = !files.isEmpty();
            if (present) {
                consumed.add(patient);
            }
            String value = value(TableFile.cell(row, label));
            if (value.isEmpty()) {
                report.add(Mismatch.UNLABELLED, where + "patient " + patient + ": empty " + labelBy.column + " ("
                        + files.size() + " recordings)");
                continue;
            }
            if (!labelBy.values.contains(value)) {
                report.add(Mismatch.UNKNOWN_LABEL, where + "patient " + patient + ": " + labelBy.column + " '"
                        + TableFile.cell(row, label) + "' (expected " + String.join(", ",
                        labelBy.values.stream().sorted().toList()) + ")");
                continue;
            }
            missingLocations(where, patient, TableFile.cell(row, locations), files, report);
            String otherValue = value(TableFile.cell(row, other));
            for (Path f : files) {
                Matcher m = RECORDING.matcher(f.getFileName().toString());
                m.matches();
                Map<String, String> extras = new LinkedHashMap<>();
                extras.put("site", m.group(2));
                extras.put(labelBy.other().extraName, otherValue);
                rows.add(new ManifestRow(f, List.of(value), groupOf.get(patient), extras));
            }
        }
        for (Map.Entry<String, List<Path>> e : filesOf.entrySet()) {
            if (!consumed.contains(e.getKey())) {
                e.getValue().forEach(f -> report.add(Mismatch.FILE_WITHOUT_ROW, FOLDER + "/" + f.getFileName()
                        + " (patient " + e.getKey() + " is not in " + TABLE + ")"));
            }
        }
        return new Conversion(NAME, from + " (label: " + labelBy.extraName + ")",
                List.of("site", labelBy.other().extraName), rows, report);
    }

    /** Lower case; empty for a blank or {@code nan} cell (how pandas writes a missing value). */
    private static String value(String cell) {
        String v = cell.strip().toLowerCase(Locale.ROOT);
        return v.equals("nan") ? "" : v;
    }

    /** Each listed location recorded fewer times than listed is a row without a file, once per missing recording. */
    private static void missingLocations(String where, String patient, String listed, List<Path> files,
                                         ConversionReport report) {
        Map<String, Integer> found = new HashMap<>();
        for (Path f : files) {
            Matcher m = RECORDING.matcher(f.getFileName().toString());
            if (m.matches()) {
                found.merge(m.group(2), 1, Integer::sum);
            }
        }
        Map<String, Integer> wanted = new LinkedHashMap<>();
        for (String site : listed.split("\\+")) {
            if (!site.isBlank() && !value(site).isEmpty()) {
                wanted.merge(site.strip(), 1, Integer::sum);
            }
        }
        for (Map.Entry<String, Integer> w : wanted.entrySet()) {
            int missing = w.getValue() - found.getOrDefault(w.getKey(), 0);
            for (int i = 0; i < missing; i++) {
                report.add(Mismatch.ROW_WITHOUT_FILE, where + "patient " + patient + " lists " + w.getKey()
                        + (w.getValue() > 1 ? " " + w.getValue() + " times" : "") + ", no " + FOLDER + "/" + patient
                        + "_" + w.getKey() + (w.getValue() > 1 ? "_<n>" : "") + ".wav");
            }
        }
    }

    /** Patient id to group: the smaller of its own id and its {@code Additional ID} when that is a number. */
    private static Map<String, String> groups(TableFile table, int id, int additional) {
        Map<String, String> group = new HashMap<>();
        for (CsvParser.Row row : table.body()) {
            String patient = TableFile.cell(row, id);
            if (patient.isEmpty()) {
                continue;
            }
            group.putIfAbsent(patient, patient);
            String second = additional < 0 ? "" : TableFile.cell(row, additional);
            if (second.matches("\\d{1,18}(\\.0)?") && patient.matches("\\d{1,18}")) {
                String other = second.endsWith(".0") ? second.substring(0, second.length() - 2) : second;
                String smaller = Long.parseLong(other) < Long.parseLong(patient) ? other : patient;
                group.put(patient, smaller);
                group.put(other, smaller);
            }
        }
        return group;
    }
}
