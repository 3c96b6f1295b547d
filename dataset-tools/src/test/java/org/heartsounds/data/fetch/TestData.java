package org.heartsounds.data.fetch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Locates the shared, read-only datasets folder: {@code $HEARTSOUNDS_DATA_DIR}, else {@code ../shared/datasets}
 * relative to the repository root (the top-most folder with a {@code pom.xml} above the working directory).
 */
public final class TestData {
    private TestData() {
    }

    public static Optional<Path> datasetsDir() {
        String env = System.getenv("HEARTSOUNDS_DATA_DIR");
        if (env != null && !env.isBlank()) {
            Path dir = Path.of(env);
            return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
        }
        Path root = null;
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml"))) {
                root = p;
            }
        }
        if (root == null) {
            return Optional.empty();
        }
        Path dir = root.resolve("../shared/datasets").normalize();
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }

    /** A sub-folder of the datasets folder, if present. */
    public static Optional<Path> dataset(String name) {
        return datasetsDir().map(d -> d.resolve(name)).filter(Files::isDirectory);
    }
}
