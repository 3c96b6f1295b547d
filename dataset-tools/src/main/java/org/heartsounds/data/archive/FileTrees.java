package org.heartsounds.data.archive;

import java.io.IOException;
import java.nio.file.Path;
import org.heartsounds.core.io.AtomicFiles;
import org.heartsounds.core.io.Folders;

/** Staged folders: a quiet delete after a failure and a folder put in place of another by rename. */
public final class FileTrees {
    private FileTrees() {
    }

    /** Deletes quietly, for clean-up after a failure (the original exception matters more). */
    public static void deleteQuietly(Path root, Throwable primary) {
        try {
            Folders.deleteRecursively(root);
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
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
        Path old = Folders.sibling(target, ".old");
        AtomicFiles.move(target, old);
        AtomicFiles.move(staging, target);
        Folders.deleteRecursively(old);
    }
}
