package org.heartsounds.data.formats;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.heartsounds.core.BadInputException;
import org.heartsounds.data.dataset.ClassIndex;
import org.heartsounds.data.source.CsvParser;

/**
 * A "wide" label table, one row per patient: an id column, one {@code 0}/{@code 1} column per label (a blank cell is
 * 0) and one or more recording columns, each cell holding file names separated by {@code ;} (relative to the audio
 * folder, by default the table's own folder; a name without extension also matches {@code <name>.wav}). Every
 * recording becomes a manifest row with the labels whose cell is 1 (several joined by {@code ;}) and the id as its
 * group. A row with no label set is unlabelled unless a {@link Options#noneLabel} is given; a cell other than 0/1 is
 * an unknown label value. Files without a row are the {@code .wav} files under the audio folder that no row names.
 */
public final class WideFormat implements ManifestFormat {
    /** The format's name. */
    public static final String NAME = "wide";
    /** How deep below the audio folder recordings are looked for. */
    static final int DEPTH = 8;

    /**
     * The table's columns.
     *
     * @param idColumn         the patient / source id (becomes the group)
     * @param labelColumns     one 0/1 column per label; the column's name is the label
     * @param recordingColumns columns naming recordings
     * @param noneLabel        label for a row whose label columns are all 0 (e.g. {@code N}), or null to report it
     * @param keepColumns      columns copied to the manifest as extra columns
     * @param audioDir         folder the recording names are relative to, or null for the table's folder
     */
    public record Options(String idColumn, List<String> labelColumns, List<String> recordingColumns,
                          String noneLabel, List<String> keepColumns, Path audioDir) {
        public Options {
            labelColumns = List.copyOf(labelColumns);
            recordingColumns = List.copyOf(recordingColumns);
            keepColumns = List.copyOf(keepColumns);
            if (labelColumns.isEmpty()) {
                throw new BadInputException("--label-columns", "name at least one label column");
            }
            if (recordingColumns.isEmpty()) {
                throw new BadInputException("--recording-columns", "name at least one recording column");
            }
            for (String l : labelColumns) {
                checkLabel("--label-columns", l);
            }
            if (noneLabel != null) {
                checkLabel("--none-label", noneLabel);
            }
            for (String k : keepColumns) {
                if (ManifestCsv.RESERVED.contains(TableFile.normalise(k))) {
                    throw new BadInputException("--keep-columns", "'" + k + "' is a column the manifest writes itself"
                            + " (path, label, group)");
                }
            }
        }

        private static void checkLabel(String option, String label) {
            try {
                ClassIndex.validate(label);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(option, e.getMessage());
            }
        }
    }

    private final Options options;

    public WideFormat(Options options) {
        this.options = options;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Conversion convert(Path from) {
        if (!Files.isRegularFile(from)) {
            throw new BadInputException(from, "not a file (the wide format reads one CSV table)");
        }
        TableFile table = TableFile.read(from);
        TableFile.Header h = table.header();
        int id = h.require(options.idColumn(), NAME);
        List<Integer> labelCols = options.labelColumns().stream().map(c -> h.require(c, NAME)).toList();
        List<Integer> recordingCols = options.recordingColumns().stream().map(c -> h.require(c, NAME)).toList();
        List<Integer> keepCols = options.keepColumns().stream().map(c -> h.require(c, NAME)).toList();
        Path base = (options.audioDir() != null ? options.audioDir() : from.toAbsolutePath().getParent())
                .toAbsolutePath().normalize();
        List<Path> all = AudioFiles.list(base, DEPTH);

        ConversionReport report = new ConversionReport();
        Set<Path> consumed = new LinkedHashSet<>();
        Map<Path, Integer> lineOfFile = new HashMap<>();
        Map<String, Integer> lineOfId = new HashMap<>();
        List<ManifestRow> rows = new ArrayList<>();
        for (CsvParser.Row row : table.body()) {
            String patient = TableFile.cell(row, id);
            String where = table.name() + " line " + row.line() + ": " + (patient.isEmpty() ? "" : "id " + patient
                    + ": ");
            List<String> names = recordingNames(row, recordingCols);
            List<Path> files = new ArrayList<>();
            for (String n : names) {
                Path f = resolve(base, n);
                if (f != null) {
                    consumed.add(f);
                }
                files.add(f);
            }
            Integer first = patient.isEmpty() ? null : lineOfId.putIfAbsent(patient, row.line());
            if (first != null) {
                report.add(Mismatch.DUPLICATE, where + "id already on line " + first);
                continue;
            }
            List<String> labels = new ArrayList<>();
            List<String> unknown = new ArrayList<>();
            for (int i = 0; i < labelCols.size(); i++) {
                String v = TableFile.cell(row, labelCols.get(i));
                if (v.equals("1")) {
                    labels.add(options.labelColumns().get(i));
                } else if (!v.isEmpty() && !v.equals("0")) {
                    unknown.add(options.labelColumns().get(i) + " = '" + v + "'");
                }
            }
            if (!unknown.isEmpty()) {
                report.add(Mismatch.UNKNOWN_LABEL, where + String.join(", ", unknown) + " (expected 0 or 1)");
                continue;
            }
            if (labels.isEmpty()) {
                if (options.noneLabel() == null) {
                    report.add(Mismatch.UNLABELLED, where + "no label column is 1");
                    continue;
                }
                labels.add(options.noneLabel());
            }
            if (names.isEmpty()) {
                report.add(Mismatch.ROW_WITHOUT_FILE, where + "no recording named");
                continue;
            }
            Map<String, String> extras = new LinkedHashMap<>();
            for (int i = 0; i < keepCols.size(); i++) {
                extras.put(options.keepColumns().get(i), TableFile.cell(row, keepCols.get(i)));
            }
            for (int i = 0; i < names.size(); i++) {
                Path f = files.get(i);
                if (f == null) {
                    report.add(Mismatch.ROW_WITHOUT_FILE, where + "'" + names.get(i) + "' not found in " + base);
                    continue;
                }
                Integer fileLine = lineOfFile.putIfAbsent(f, row.line());
                if (fileLine != null) {
                    report.add(Mismatch.DUPLICATE, where + "'" + names.get(i) + "' already on line " + fileLine);
                    continue;
                }
                rows.add(new ManifestRow(f, labels, patient.isEmpty() ? null : patient, extras));
            }
        }
        for (Path f : all) {
            if (!consumed.contains(f)) {
                report.add(Mismatch.FILE_WITHOUT_ROW, AudioFiles.relative(base, f));
            }
        }
        return new Conversion(NAME, from.toString(), options.keepColumns(), rows, report);
    }

    /** The non-empty {@code ;}-separated names of the row's recording cells, in column order. */
    private static List<String> recordingNames(CsvParser.Row row, List<Integer> columns) {
        List<String> names = new ArrayList<>();
        for (int c : columns) {
            for (String part : TableFile.cell(row, c).split(";")) {
                if (!part.isBlank()) {
                    names.add(part.strip());
                }
            }
        }
        return names;
    }

    /** The recording {@code name} stands for (absolute, normalised), or null when there is none. */
    private static Path resolve(Path base, String name) {
        try {
            Path f = base.resolve(name).normalize();
            if (Files.isRegularFile(f)) {
                return f;
            }
            Path wav = base.resolve(name + ".wav").normalize();
            String leaf = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
            if (!leaf.contains(".") && Files.isRegularFile(wav)) {
                return wav;
            }
        } catch (InvalidPathException e) {
            // reported as a row without a file
        }
        return null;
    }
}
