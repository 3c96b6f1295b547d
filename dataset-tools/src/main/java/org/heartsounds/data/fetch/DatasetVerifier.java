package org.heartsounds.data.fetch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.io.Sha256;

/**
 * Checks that a folder holds exactly the expected files with the expected SHA-256: nothing missing, nothing extra,
 * nothing that is not a regular file (symbolic links included).
 */
public final class DatasetVerifier {
    private DatasetVerifier() {
    }

    /**
     * Verifies {@code dir} against {@code expected} (relative {@code /}-separated path to SHA-256) and returns the
     * number of files checked.
     *
     * @throws BadInputException naming the first offending file (in path order) and the problem
     */
    public static int verify(Path dir, Map<String, String> expected) throws IOException {
        SortedMap<String, Path> present = list(dir);
        for (Map.Entry<String, Path> file : present.entrySet()) {
            if (!expected.containsKey(file.getKey())) {
                throw new BadInputException(file.getValue(), "not in the pinned checksum list");
            }
        }
        for (Map.Entry<String, String> want : new TreeMap<>(expected).entrySet()) {
            Path file = present.get(want.getKey());
            if (file == null) {
                throw new BadInputException(dir.resolve(want.getKey()), "missing (listed in the pinned checksum list)");
            }
            String problem = PinCheck.sha256Problem(Sha256.of(file), want.getValue());
            if (problem != null) {
                throw new BadInputException(file, problem);
            }
        }
        return expected.size();
    }

    private static SortedMap<String, Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new BadInputException(dir, "not a folder");
        }
        SortedMap<String, Path> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    throw new BadInputException(path, "not a regular file (link or special file)");
                }
                files.put(relative(dir, path), path);
            }
        }
        return files;
    }

    static String relative(Path dir, Path file) {
        Path rel = dir.relativize(file);
        StringBuilder sb = new StringBuilder();
        for (Path part : rel) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(part);
        }
        return sb.toString();
    }
}
