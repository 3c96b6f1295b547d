package org.heartsounds.data.formats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.heartsounds.core.BadInputException;

/** The {@code .wav} files of a folder (any case; hidden and macOS {@code ._} files skipped), sorted. */
final class AudioFiles {
    private AudioFiles() {
    }

    /** True for a name ending in {@code .wav} (any case) that is not hidden. */
    static boolean isWav(Path file) {
        String n = file.getFileName().toString();
        return !n.startsWith(".") && n.toLowerCase(Locale.ROOT).endsWith(".wav");
    }

    /** WAV files directly in {@code dir} (depth 1) or below it (down to {@code depth}), absolute and normalised. */
    static List<Path> list(Path dir, int depth) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir, "folder not found");
        }
        try (Stream<Path> s = Files.walk(dir, depth)) {
            return s.filter(p -> Files.isRegularFile(p) && isWav(p) && !hiddenBelow(dir, p))
                    .map(p -> p.toAbsolutePath().normalize()).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(dir, "cannot list: " + e.getMessage(), e);
        }
    }

    private static boolean hiddenBelow(Path dir, Path file) {
        for (Path part : dir.relativize(file)) {
            if (part.toString().startsWith(".") || part.toString().equals("__MACOSX")) {
                return true;
            }
        }
        return false;
    }

    /** {@code file} relative to {@code base} with {@code /}, for reports. */
    static String relative(Path base, Path file) {
        Path b = base.toAbsolutePath().normalize();
        Path f = file.toAbsolutePath().normalize();
        return (f.startsWith(b) ? b.relativize(f) : f).toString().replace(java.io.File.separatorChar, '/');
    }
}
