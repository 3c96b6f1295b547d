package org.heartsounds.data.fetch;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One downloadable file pinned by where it lives, how big it is and what it hashes to: the download is accepted
 * only if its SHA-256 (and, when known, its size) match exactly.
 *
 * @param fileName name the file gets in the download folder (and is looked up by in a mirror folder); a plain
 *                 name without path separators
 * @param url      where to GET it (http or https)
 * @param size     exact size in bytes, or {@code null} when unknown
 * @param sha256   lower-case hex SHA-256 of the content
 */
public record PinnedFile(String fileName, URI url, Long size, String sha256) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public PinnedFile {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(sha256, "sha256");
        if (fileName.isEmpty() || fileName.equals(".") || fileName.equals("..") || fileName.contains("/")
                || fileName.contains("\\") || fileName.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a plain file name: '" + fileName + "'");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("not an http(s) URL: " + url);
        }
        sha256 = sha256.toLowerCase(Locale.ROOT);
        if (!HEX64.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a SHA-256 hex digest: '" + sha256 + "' for " + fileName);
        }
        if (size != null && size < 0) {
            throw new IllegalArgumentException("negative size " + size + " for " + fileName);
        }
    }
}
