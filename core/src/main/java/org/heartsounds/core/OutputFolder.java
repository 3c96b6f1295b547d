package org.heartsounds.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The folder a command writes into: created when absent; an existing file in its place is bad input. */
public final class OutputFolder {
    private OutputFolder() {
    }

    /**
     * Creates {@code folder} (and its parents) unless it exists as a folder.
     *
     * @param what which option or key named it, for the message ({@code --out}, {@code data.out})
     * @throws BadInputException (exit 2) when a file, not a folder, stands at {@code folder} or at one of its parents
     */
    public static Path create(Path folder, String what) throws IOException {
        for (Path p = folder.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new BadInputException(folder, (p.equals(folder.toAbsolutePath().normalize()) ? "is a file"
                        : "lies under the file " + p) + ", not a folder; " + what + " names the folder to write into");
            }
        }
        return Files.createDirectories(folder);
    }
}
