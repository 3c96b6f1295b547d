package org.heartsounds.data.archive;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns a stored archive entry name into a path strictly inside the extraction folder, or explains why it cannot.
 * Both {@code /} and {@code \} count as separators (RAR stores Windows paths); absolute paths, drive letters,
 * {@code :} (NTFS streams), {@code ..} components and control characters are refused. Written by hand: neither
 * junrar nor {@code java.util.zip} validates names.
 */
public final class EntryPaths {
    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

    private EntryPaths() {
    }

    /** The name's components (never empty for a valid file), or throws {@link IllegalArgumentException}. */
    public static List<String> components(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("empty name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("control character in name");
            }
        }
        String unified = name.replace('\\', '/');
        if (unified.startsWith("/")) {
            throw new IllegalArgumentException("absolute path");
        }
        if (DRIVE.matcher(unified).matches()) {
            throw new IllegalArgumentException("drive-letter path");
        }
        if (unified.indexOf(':') >= 0) {
            throw new IllegalArgumentException("':' in name");
        }
        List<String> parts = new ArrayList<>();
        for (String part : unified.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new IllegalArgumentException("'..' escapes the target folder");
            }
            parts.add(part);
        }
        return parts;
    }

    /** Resolves the components under {@code root}, double-checking that the result stays inside it. */
    public static Path resolve(Path root, List<String> components) {
        Path normalizedRoot = root.toAbsolutePath().normalize();
        Path path = normalizedRoot;
        for (String part : components) {
            path = path.resolve(part);
        }
        path = path.normalize();
        if (!path.startsWith(normalizedRoot) || path.equals(normalizedRoot)) {
            throw new IllegalArgumentException("escapes the target folder");
        }
        return path;
    }
}
