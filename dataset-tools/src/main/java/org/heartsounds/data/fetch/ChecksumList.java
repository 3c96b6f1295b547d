package org.heartsounds.data.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.heartsounds.core.BadInputException;
import org.heartsounds.data.archive.EntryPaths;

/**
 * Parses checksum lists in the format of {@code sha256sum} ({@code <64 hex>  <path>}, or {@code <hex> *<path>} in
 * binary mode; blank lines and {@code #} comments allowed). Paths are relative, use {@code /}, and lose a leading
 * {@code ./}; absolute paths, {@code ..} and duplicates are refused.
 */
public final class ChecksumList {
    private static final Pattern LINE = Pattern.compile("([0-9a-fA-F]{64}) [ *](.+)");

    private ChecksumList() {
    }

    /** Relative path (with {@code /}) to lower-case SHA-256, sorted by path. */
    public static SortedMap<String, String> parse(String text, String source) {
        SortedMap<String, String> result = new TreeMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new BadInputException(source, "line " + (i + 1) + ": not '<sha256>  <path>'");
            }
            List<String> components;
            try {
                components = EntryPaths.components(m.group(2));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(source, "line " + (i + 1) + ": bad path '" + m.group(2) + "': " + e.getMessage());
            }
            if (components.isEmpty()) {
                throw new BadInputException(source, "line " + (i + 1) + ": empty path");
            }
            String path = String.join("/", components);
            if (result.put(path, m.group(1).toLowerCase(Locale.ROOT)) != null) {
                throw new BadInputException(source, "line " + (i + 1) + ": '" + path + "' listed twice");
            }
        }
        return Collections.unmodifiableSortedMap(result);
    }

    public static SortedMap<String, String> read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Reads a class-path resource; a missing resource is a packaging bug. */
    static SortedMap<String, String> readResource(Class<?> anchor, String name) {
        return parse(Resources.text(anchor, name), name);
    }

    /** Small helper for class-path text resources. */
    static final class Resources {
        private Resources() {
        }

        static String text(Class<?> anchor, String name) {
            try (InputStream in = anchor.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + name + " missing next to " + anchor.getName());
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read resource " + name, e);
            }
        }
    }
}
