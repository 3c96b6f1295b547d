package org.heartsounds.data.segment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.heartsounds.core.BadInputException;
import org.heartsounds.data.audio.AudioClip;
import org.heartsounds.data.audio.WavReader;
import org.heartsounds.data.source.CsvParser;

/**
 * Hand-marked heart sounds in the PASCAL 2011 timing format ({@code set_a_timing.csv}): a header
 * {@code fname,cycle,sound,location}, one row per marked sound, {@code fname} relative to the CSV's folder,
 * {@code sound} S1 or S2, {@code location} a sample index at the recording's own rate. Checks a segmenter against
 * them recording by recording.
 */
public final class ReferenceMarks {
    /** Largest timing file read. */
    static final long MAX_BYTES = 16L << 20;

    private final Path csv;
    private final Map<String, List<long[]>> marks; // file -> (kind ordinal, sample)

    private ReferenceMarks(Path csv, Map<String, List<long[]>> marks) {
        this.csv = csv;
        this.marks = marks;
    }

    /**
     * @throws BadInputException naming the file and line for a missing column, an unknown sound or a bad location
     */
    public static ReferenceMarks read(Path csv) {
        String text;
        try {
            if (Files.size(csv) > MAX_BYTES) {
                throw new BadInputException(csv, "is larger than " + MAX_BYTES + " bytes");
            }
            text = Files.readString(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(csv, "cannot read: " + e.getMessage(), e);
        }
        List<CsvParser.Row> rows = CsvParser.parse(text, csv.toString());
        if (rows.isEmpty()) {
            throw new BadInputException(csv, "is empty (expected the header fname,cycle,sound,location)");
        }
        Map<String, Integer> col = new HashMap<>();
        List<String> header = rows.get(0).fields();
        for (int i = 0; i < header.size(); i++) {
            col.put(header.get(i).trim().toLowerCase(Locale.ROOT), i);
        }
        for (String need : List.of("fname", "sound", "location")) {
            if (!col.containsKey(need)) {
                throw new BadInputException(csv, "has no '" + need + "' column (header: " + header + ")");
            }
        }
        Map<String, List<long[]>> marks = new LinkedHashMap<>();
        for (CsvParser.Row row : rows.subList(1, rows.size())) {
            if (row.isBlank()) {
                continue;
            }
            if (row.fields().size() != header.size()) {
                throw new BadInputException(csv, "line " + row.line() + ": expected " + header.size() + " fields");
            }
            String sound = row.fields().get(col.get("sound")).trim().toUpperCase(Locale.ROOT);
            HeartSound.Kind kind;
            try {
                kind = HeartSound.Kind.valueOf(sound);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(csv, "line " + row.line() + ": sound '" + sound + "' is not S1 or S2");
            }
            long location;
            try {
                location = Long.parseLong(row.fields().get(col.get("location")).trim());
            } catch (NumberFormatException e) {
                location = -1;
            }
            if (location < 0) {
                throw new BadInputException(csv, "line " + row.line() + ": location '"
                        + row.fields().get(col.get("location")) + "' is not a sample index");
            }
            marks.computeIfAbsent(row.fields().get(col.get("fname")).trim(), f -> new ArrayList<>())
                    .add(new long[] {kind.ordinal(), location});
        }
        return new ReferenceMarks(csv, marks);
    }

    /** The marked recordings, as named in the file. */
    public List<String> files() {
        return List.copyOf(marks.keySet());
    }

    /** The marks of one recording, in seconds at {@code sampleRate}. */
    public List<HeartSound> of(String file, int sampleRate) {
        return marks.getOrDefault(file, List.of()).stream().map(m -> new HeartSound(m[1] / (double) sampleRate,
                HeartSound.Kind.values()[(int) m[0]], Double.NaN)).toList();
    }

    /** Every marked recording segmented and checked; the sum over recordings. */
    public SegmentationCheck check(HeartSoundSegmenter segmenter) {
        SegmentationCheck total = new SegmentationCheck(0, 0, 0, 0, 0);
        Path base = csv.toAbsolutePath().getParent();
        for (String file : files()) {
            Path wav = base.resolve(file);
            AudioClip clip;
            try {
                clip = WavReader.read(wav);
            } catch (IOException e) {
                throw new BadInputException(wav, "cannot read (named in " + csv + "): " + e.getMessage(), e);
            }
            total = total.plus(SegmentationCheck.of(segmenter.segment(clip), of(file, clip.sampleRate())));
        }
        return total;
    }
}
