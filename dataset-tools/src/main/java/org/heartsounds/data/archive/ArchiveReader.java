package org.heartsounds.data.archive;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** Read access to one archive format: list the entries, then copy the data of each file entry in order. */
interface ArchiveReader extends Closeable {
    List<ArchiveEntry> entries() throws IOException;

    /**
     * Writes the expanded data of {@code entry} to {@code out}; entries are visited in {@link #entries()} order
     * (solid RAR archives need that). Throws {@link org.heartsounds.core.BadInputException} for corrupt data.
     */
    void copy(ArchiveEntry entry, OutputStream out) throws IOException;

    /**
     * The CRC-32 the archive declares for a file entry if the caller should check it, or {@code -1} when the
     * reader checks it itself (junrar does) or none is declared.
     */
    default long crc32ToCheck(ArchiveEntry entry) {
        return -1;
    }
}
