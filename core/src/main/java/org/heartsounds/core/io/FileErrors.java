package org.heartsounds.core.io;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * File-system failures in words for people: the path (the file a user asked for, not the hidden temporary file of an
 * atomic write) and the cause ("permission denied", "the disk is full"), instead of a Java exception's name.
 */
public final class FileErrors {
    /** {@code .<name>.<random>.part}: the temporary file {@link AtomicFiles} writes before renaming it. */
    private static final Pattern TEMP = Pattern.compile("\\.(.+)\\.[0-9a-z]+" + Pattern.quote(AtomicFiles.TEMP_SUFFIX));

    private FileErrors() {
    }

    /** {@code <path>: <cause in words>}, naming the target of a temporary file with a note. */
    public static String describe(FileSystemException e) {
        String file = e.getFile() == null ? "(unknown file)" : shown(e.getFile());
        String other = e.getOtherFile() == null ? "" : " -> " + shown(e.getOtherFile());
        return file + other + ": " + cause(e);
    }

    /** The cause of {@code e} in words. */
    static String cause(FileSystemException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied" + reasonSuffix(e);
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof NoSuchFileException) {
            return "does not exist";
        }
        if (e instanceof NotDirectoryException) {
            return "is not a folder";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "is a folder that is not empty";
        }
        return words(e.getReason());
    }

    /** The operating system's reason in words, for the reasons people meet; others as they are. */
    public static String words(String reason) {
        if (reason == null || reason.isBlank()) {
            return "cannot be used";
        }
        String r = reason.toLowerCase(Locale.ROOT);
        if (r.contains("no space left")) {
            return "the disk is full (no space left on device)";
        }
        if (r.contains("read-only file system")) {
            return "the file system is read-only";
        }
        if (r.contains("operation not permitted")) {
            return "operation not permitted (the folder's owner or permissions, or a read-only mount)";
        }
        if (r.contains("disk quota exceeded")) {
            return "the disk quota is exceeded";
        }
        if (r.contains("is a directory")) {
            return "is a folder, not a file";
        }
        if (r.contains("not a directory")) {
            return "a part of the path is a file, not a folder";
        }
        return reason;
    }

    private static String reasonSuffix(FileSystemException e) {
        return e.getReason() == null ? "" : " (" + words(e.getReason()) + ")";
    }

    private static String shown(String file) {
        Path p = Path.of(file);
        Path name = p.getFileName();
        if (name == null) {
            return file;
        }
        Matcher m = TEMP.matcher(name.toString());
        return m.matches() ? p.resolveSibling(m.group(1)) + " (its temporary file " + name + ")" : file;
    }
}
