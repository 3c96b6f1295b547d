package org.heartsounds.data.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.heartsounds.core.BadInputException;

/** ZIP archives through {@code java.util.zip.ZipFile}, with types and flags from {@link ZipCentralDirectory}. */
final class ZipArchiveReader implements ArchiveReader {
    private final Path path;
    private final ZipFile zip;
    private final List<ZipEntry> zipEntries = new ArrayList<>();
    private final List<ArchiveEntry> entries = new ArrayList<>();

    ZipArchiveReader(Path path, int maxEntries) throws IOException {
        this.path = path;
        List<ZipCentralDirectory.Record> records = ZipCentralDirectory.read(path, maxEntries);
        for (ZipCentralDirectory.Record record : records) {
            if (record.encrypted()) { // java.util.zip refuses to open such archives with a vaguer message
                throw new BadInputException(path, "entry '" + record.name() + "': encrypted entries are not supported");
            }
        }
        try {
            this.zip = new ZipFile(path.toFile());
        } catch (ZipException e) {
            throw new BadInputException(path, "corrupt ZIP: " + e.getMessage(), e);
        }
        try {
            Enumeration<? extends ZipEntry> all = zip.entries();
            int i = 0;
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                if (i >= records.size() || !records.get(i).name().equals(entry.getName())) {
                    throw new BadInputException(path, "inconsistent central directory near entry '" + entry.getName() + "'");
                }
                ZipCentralDirectory.Record record = records.get(i);
                zipEntries.add(entry);
                entries.add(new ArchiveEntry(i, entry.getName(), record.type(), record.encrypted(), entry.getSize(),
                        entry.getCompressedSize()));
                i++;
            }
            if (i != records.size()) {
                throw new BadInputException(path, "inconsistent central directory: " + records.size()
                        + " records, " + i + " entries");
            }
        } catch (RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    @Override
    public List<ArchiveEntry> entries() {
        return entries;
    }

    @Override
    public void copy(ArchiveEntry entry, OutputStream out) throws IOException {
        ZipEntry zipEntry = zipEntries.get(entry.index());
        try (InputStream in = zip.getInputStream(zipEntry)) {
            in.transferTo(out);
        } catch (ZipException e) {
            throw new BadInputException(path, "entry '" + entry.name() + "': corrupt data: " + e.getMessage(), e);
        }
    }

    /** java.util.zip.ZipFile does not verify the CRC (only ZipInputStream does), so the extractor must. */
    @Override
    public long crc32ToCheck(ArchiveEntry entry) {
        return zipEntries.get(entry.index()).getCrc();
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
