package org.heartsounds.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path tmp;

    @Test
    void writesTheContentAndReplacesAnOldFile() throws IOException {
        Path f = tmp.resolve("sub/a.txt");
        AtomicFiles.writeString(f, "first");
        AtomicFiles.writeString(f, "second, longer");
        assertEquals("second, longer", Files.readString(f));
        AtomicFiles.writeBytes(f, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(f));
        assertEquals(List.of(f), list(f.getParent()), "no temporary file left");
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path f = tmp.resolve("b.txt");
        AtomicFiles.writeString(f, "kept");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write("half".getBytes());
            throw new IOException("disk full");
        }));
        // the failure names the file the caller asked for (not the hidden temporary one), with the cause kept
        FileSystemException named = assertInstanceOf(FileSystemException.class, e);
        assertEquals(f.toString(), named.getFile());
        assertEquals("disk full", named.getReason());
        assertEquals("disk full", named.getCause().getMessage());
        assertEquals("kept", Files.readString(f));
        assertEquals(List.of(f), list(tmp));
    }

    @Test
    void theFileGetsTheUsualPermissionsNotOwnerOnly() throws IOException {
        Path reference = Files.createFile(tmp.resolve("reference"));
        Set<PosixFilePermission> usual = Files.getPosixFilePermissions(reference);
        Path f = tmp.resolve("c.txt");
        AtomicFiles.writeString(f, "x");
        // Files.createTempFile would have given 0600 whatever the umask
        assertEquals(usual, Files.getPosixFilePermissions(f), "same as any new file (umask)");
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().filter(p -> !p.getFileName().toString().equals("reference")).toList();
        }
    }
}
