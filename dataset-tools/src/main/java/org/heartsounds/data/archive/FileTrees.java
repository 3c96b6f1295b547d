package org.heartsounds.data.archive;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.heartsounds.core.io.AtomicFiles;
import org.heartsounds.core.io.Folders;

/** Folder helpers: recursive delete (never following links) and unique sibling names for staging folders. */
public final class FileTrees {
    private static final SecureRandom RANDOM = new SecureRandom();

    private FileTrees() {
    }

    /** {@link Folders#deleteRecursively}. */
    public static void deleteRecursively(Path root) throws IOException {
        Folders.deleteRecursively(root);
    }

    /** Deletes quietly, for clean-up after a failure (the original exception matters more). */
    public static void deleteQuietly(Path root, Throwable primary) {
        try {
            deleteRecursively(root);
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }

    /** A not-yet-existing hidden sibling of {@code target}: {@code .<name>.<random><suffix>}. */
    public static Path sibling(Path target, String suffix) {
        Path absolute = target.toAbsolutePath();
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return absolute.resolveSibling("." + absolute.getFileName() + "." + HexFormat.of().formatHex(bytes) + suffix);
    }

    /**
     * Puts a fully written {@code staging} folder in place of {@code target} by rename; when {@code replacing}, the
     * old target is first renamed aside and deleted afterwards, so a reader never sees a half-replaced folder.
     */
    public static void install(Path staging, Path target, boolean replacing) throws IOException {
        if (!replacing) {
            AtomicFiles.move(staging, target);
            return;
        }
        Path old = sibling(target, ".old");
        AtomicFiles.move(target, old);
        AtomicFiles.move(staging, target);
        deleteRecursively(old);
    }
}
