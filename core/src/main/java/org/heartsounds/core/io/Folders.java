package org.heartsounds.core.io;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Folder helpers shared by the modules. */
public final class Folders {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Folders() {
    }

    /** A not-yet-existing hidden sibling of {@code target}: {@code .<name>.<random><suffix>}. */
    public static Path sibling(Path target, String suffix) {
        Path absolute = target.toAbsolutePath();
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return absolute.resolveSibling("." + absolute.getFileName() + "." + HexFormat.of().formatHex(bytes) + suffix);
    }

    /**
     * A new, empty hidden staging folder next to {@code target} ({@code .<name>.<random>.tmp}) with the permissions
     * any new folder gets (the umask), not the owner-only ones of {@link Files#createTempDirectory}: renamed into
     * place, it is the folder people and tools see.
     */
    public static Path createStagingSibling(Path target) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        return Files.createDirectory(sibling(target, ".tmp"));
    }

    /** Deletes {@code root} and everything below it; symbolic links are deleted, not followed. No-op if absent. */
    public static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
