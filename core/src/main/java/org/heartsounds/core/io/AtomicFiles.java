package org.heartsounds.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that a reader (or a resumed run after kill -9) sees either nothing or the complete file: the
 * content goes to a temporary file in the same folder, is flushed to disk, and is then renamed over the target.
 */
public final class AtomicFiles {
    /** Suffix of in-flight temporary files; anything ending in it is garbage from an interrupted run. */
    public static final String TEMP_SUFFIX = ".part";

    private AtomicFiles() {
    }

    /** Writer of a file's content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", TEMP_SUFFIX);
        try {
            try (OutputStream raw = Files.newOutputStream(tmp);
                 OutputStream out = new BufferedOutputStream(raw, 1 << 16)) {
                content.writeTo(out);
            }
            move(tmp, target);
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    public static void writeString(Path target, String text) throws IOException {
        writeBytes(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Atomically renames {@code source} over {@code target} (same file system). */
    public static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
