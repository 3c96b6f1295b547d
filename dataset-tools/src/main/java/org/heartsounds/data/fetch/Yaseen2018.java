package org.heartsounds.data.fetch;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/**
 * The {@code yaseen2018} dataset (Yaseen, Son and Kwon, Applied Sciences 8(12):2344, 2018): 1000 WAVs, 200 per
 * class AS, MR, MS, MVP, N. MR, MS, MVP and N come from the four RAR archives of the authors' repository, AS from
 * the fork that published {@code Data/AS_New/}. The archive pins are below; the 200 AS pins and the checksums of
 * all 1000 finished files are the resources {@value #AS_RESOURCE} and {@value #CHECKSUM_RESOURCE}, taken from
 * verified copies.
 */
final class Yaseen2018 {
    static final String NAME = "yaseen2018";
    static final String AS_RESOURCE = "yaseen2018-AS.csv";
    static final String CHECKSUM_RESOURCE = "yaseen2018.SHA256SUMS";
    static final String ORIGINAL_REPOSITORY =
            "https://github.com/yaseen21khan/Classification-of-Heart-Sound-Signal-Using-Multiple-Features-/raw/master/";
    /** "주기" (cycle), the Korean suffix of the archive names. */
    static final String CYCLE = "\uC8FC\uAE30";

    private Yaseen2018() {
    }

    static DatasetDefinition definition() {
        List<DatasetArtifact> artifacts = new ArrayList<>();
        artifacts.add(archive("MR", 3_712_796L, "5675607923b67c9025b18e50e38d0514f0ed40e08c1d83dbf3b15acdd80c125a"));
        artifacts.add(archive("MS", 3_912_635L, "17056eeb7657fdaed8b261eab5b92d16b9d73fa02f74c931fa379911494df681"));
        artifacts.add(archive("MVP", 3_978_356L, "545e44311f20aec5fde355a22546399212af3314fdc184d262b35a3e541fc2db"));
        artifacts.add(archive("N", 2_976_955L, "e1835173f3e8c34e36cb26faa2dc129fa0dd4655bb52b67b7d6f92a5245ff68c"));
        for (PinnedFile file : readPinList(AS_RESOURCE)) {
            artifacts.add(DatasetArtifact.file(file, "AS"));
        }
        SortedMap<String, String> expected = ChecksumList.readResource(Yaseen2018.class, CHECKSUM_RESOURCE);
        return new DatasetDefinition(NAME,
                "Yaseen et al. 2018 valvular heart sounds: 1000 WAVs (8 kHz mono), classes AS, MR, MS, MVP, N",
                "Yaseen, Son, Kwon: Classification of Heart Sound Signal Using Multiple Features. "
                        + "Applied Sciences 8(12):2344, 2018 (no licence published; the authors ask to be cited)",
                artifacts, expected);
    }

    /** {@code <CLASS>_New_3주기.rar} from the original repository. */
    static String archiveName(String label) {
        return label + "_New_3" + CYCLE + ".rar";
    }

    private static DatasetArtifact archive(String label, long size, String sha256) {
        String name = archiveName(label);
        URI url = URI.create(ORIGINAL_REPOSITORY + encodePathSegment(name));
        return DatasetArtifact.archive(new PinnedFile(name, url, size, sha256), label);
    }

    static String encodePathSegment(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Parses a {@code file_name,url,size,sha256} list ({@code #} comments allowed). */
    static List<PinnedFile> readPinList(String resource) {
        String text = ChecksumList.Resources.text(Yaseen2018.class, resource);
        List<PinnedFile> files = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split(",", -1);
            if (fields.length != 4) {
                throw new IllegalStateException(resource + " line " + (i + 1) + ": expected 4 fields, got " + fields.length);
            }
            Long size = fields[2].isEmpty() ? null : Long.valueOf(fields[2]);
            files.add(new PinnedFile(fields[0], URI.create(fields[1]), size, fields[3]));
        }
        return files;
    }
}
