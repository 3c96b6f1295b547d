package org.heartsounds.data.audio;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Locates the shared real data sets: {@code $HEARTSOUNDS_DATA_DIR} (the {@code datasets} folder) or
 * {@code ../shared/datasets} next to the repository root. Tests skip when neither exists.
 */
final class TestData {
    private TestData() {
    }

    static Optional<Path> datasets() {
        String env = System.getenv("HEARTSOUNDS_DATA_DIR");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("core"))) {
                Path shared = dir.resolveSibling("shared").resolve("datasets");
                return Files.isDirectory(shared) ? Optional.of(shared) : Optional.empty();
            }
        }
        return Optional.empty();
    }
}
