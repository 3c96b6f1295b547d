package org.heartsounds.evaluation.cv;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.heartsounds.core.BadInputException;
import org.heartsounds.data.dataset.Split;
import org.heartsounds.data.source.CsvParser;

/**
 * The {@code folds.csv} of a cross-validation run ({@code sweep.cv.CrossValidationRun} writes it): header
 * {@code recording,group,fold0,...,foldK-1}, then one row per recording with its split (train, val, test) in every
 * fold. Malformed content is a {@link BadInputException} naming the file and the line.
 *
 * @param recordings recording ids, in file order
 * @param splits     for every recording, its split in each fold
 */
public record FoldsCsv(List<String> recordings, List<List<Split>> splits) {
    public static final String FILE = "folds.csv";
    /** Largest folds.csv read (64 MiB). */
    public static final int MAX_BYTES = 64 << 20;

    public FoldsCsv {
        recordings = List.copyOf(recordings);
        splits = splits.stream().map(List::copyOf).toList();
    }

    /** Number of folds. */
    public int folds() {
        return splits.isEmpty() ? 0 : splits.get(0).size();
    }

    /** The ids of the recordings in {@code split} of fold {@code fold}, in file order. */
    public List<String> recordingsIn(int fold, Split split) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < recordings.size(); i++) {
            if (splits.get(i).get(fold) == split) {
                out.add(recordings.get(i));
            }
        }
        return out;
    }

    /**
     * The first difference from {@code other} in which recordings lie in which split of which fold (file order and
     * groups aside), or null when both hold the same folds: models of the same fold of two runs were then trained
     * and tested on the same recordings.
     */
    public String foldDifference(FoldsCsv other) {
        if (folds() != other.folds()) {
            return folds() + " folds against " + other.folds();
        }
        java.util.Map<String, List<Split>> theirs = new java.util.HashMap<>();
        for (int i = 0; i < other.recordings.size(); i++) {
            theirs.put(other.recordings.get(i), other.splits.get(i));
        }
        if (theirs.size() != recordings.size()) {
            return recordings.size() + " recordings against " + theirs.size();
        }
        for (int i = 0; i < recordings.size(); i++) {
            List<Split> t = theirs.get(recordings.get(i));
            if (t == null) {
                return "recording '" + recordings.get(i) + "' is missing";
            }
            if (!t.equals(splits.get(i))) {
                return "recording '" + recordings.get(i) + "' lies in " + splits.get(i) + " against " + t;
            }
        }
        return null;
    }

    public static FoldsCsv read(Path file) {
        List<CsvParser.Row> rows = CsvParser.parse(readBounded(file), file.toString());
        if (rows.isEmpty()) {
            throw new BadInputException(file, "is empty");
        }
        List<String> header = rows.get(0).fields();
        int folds = header.size() - 2;
        if (folds < 2 || !header.get(0).equals("recording") || !header.get(1).equals("group")) {
            throw new BadInputException(file, "header must be recording,group,fold0,fold1,..., got " + header);
        }
        for (int k = 0; k < folds; k++) {
            if (!header.get(k + 2).equals("fold" + k)) {
                throw new BadInputException(file, "column " + (k + 3) + " of the header must be fold" + k
                        + ", got '" + header.get(k + 2) + "'");
            }
        }
        List<String> ids = new ArrayList<>();
        List<List<Split>> splits = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (CsvParser.Row row : rows.subList(1, rows.size())) {
            if (row.isBlank()) {
                continue;
            }
            if (row.fields().size() != header.size()) {
                throw new BadInputException(file, "line " + row.line() + ": " + row.fields().size() + " fields, "
                        + "expected " + header.size());
            }
            String id = row.fields().get(0);
            if (!seen.add(id)) {
                throw new BadInputException(file, "line " + row.line() + ": recording '" + id + "' is listed twice");
            }
            List<Split> own = new ArrayList<>(folds);
            for (int k = 0; k < folds; k++) {
                try {
                    own.add(Split.parse(row.fields().get(k + 2)));
                } catch (IllegalArgumentException e) {
                    throw new BadInputException(file, "line " + row.line() + ", fold" + k + ": " + e.getMessage());
                }
            }
            ids.add(id);
            splits.add(own);
        }
        if (ids.isEmpty()) {
            throw new BadInputException(file, "lists no recordings");
        }
        return new FoldsCsv(ids, splits);
    }

    private static String readBounded(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new BadInputException(file, "is larger than " + MAX_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
    }
}
