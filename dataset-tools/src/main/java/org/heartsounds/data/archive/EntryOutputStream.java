package org.heartsounds.data.archive;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import org.heartsounds.core.BadInputException;

/**
 * Counts and checks the bytes of one extracted entry as they are written: the entry cap, the declared size, the
 * running total of the archive and the compression ratio. Throws {@link BadInputException} the moment a limit is
 * crossed, so a bomb never gets further than the cap.
 */
final class EntryOutputStream extends FilterOutputStream {
    private final String archive;
    private final ArchiveEntry entry;
    private final ExtractionLimits limits;
    private final long totalBefore;
    private final CRC32 crc = new CRC32();
    private long written;

    EntryOutputStream(OutputStream out, String archive, ArchiveEntry entry, ExtractionLimits limits, long totalBefore) {
        super(out);
        this.archive = archive;
        this.entry = entry;
        this.limits = limits;
        this.totalBefore = totalBefore;
    }

    @Override
    public void write(int b) throws IOException {
        check(1);
        out.write(b);
        crc.update(b);
        written++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        check(len);
        out.write(b, off, len);
        crc.update(b, off, len);
        written += len;
    }

    long written() {
        return written;
    }

    long crc32() {
        return crc.getValue();
    }

    private void check(int len) {
        long after = written + len;
        if (after > limits.maxEntryBytes()) {
            throw fail("expands beyond the limit of " + limits.maxEntryBytes() + " bytes per entry");
        }
        if (entry.size() >= 0 && after > entry.size()) {
            throw fail("expands beyond its declared size of " + entry.size() + " bytes");
        }
        if (totalBefore + after > limits.maxTotalBytes()) {
            throw fail("archive expands beyond the limit of " + limits.maxTotalBytes() + " bytes in total");
        }
        if (after > limits.ratioMinBytes() && entry.packedSize() >= 0
                && after > limits.maxRatio() * Math.max(1, entry.packedSize())) {
            throw fail("compression ratio above " + limits.maxRatio() + " (" + entry.packedSize()
                    + " compressed bytes expand to more than " + after + ")");
        }
    }

    private BadInputException fail(String problem) {
        return new BadInputException(archive, "entry '" + entry.name() + "': " + problem);
    }
}
