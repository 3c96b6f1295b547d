package org.heartsounds.data.archive;

import java.io.IOException;
import java.nio.file.Path;
import org.heartsounds.core.io.AtomicFiles;
import org.heartsounds.core.io.Folders;

/** Folder helpers: recursive delete (never following links) and unique sibling names for staging folders. */
public final class FileTrees {
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

    /** {@link Folders#sibling}. */
    public static Path sibling(Path target, String suffix) {
        return Folders.sibling(target, suffix);
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
