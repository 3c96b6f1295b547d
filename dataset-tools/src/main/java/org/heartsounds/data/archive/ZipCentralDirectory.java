package org.heartsounds.data.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.heartsounds.core.BadInputException;

/**
 * Reads the fields of a ZIP central directory that {@code java.util.zip} does not expose: the host system
 * ("version made by"), the external attributes (Unix file type and mode, DOS attributes) and the general-purpose
 * flags (encryption). Written by hand (a minimal reader of the PKWARE APPNOTE structures, ZIP64 included) because
 * the JDK has no public accessor for them and the project has no other ZIP library.
 */
final class ZipCentralDirectory {
    private static final int EOCD_SIGNATURE = 0x06054b50;
    private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
    private static final int ZIP64_EOCD_SIGNATURE = 0x06064b50;
    private static final int CEN_SIGNATURE = 0x02014b50;
    private static final int EOCD_SIZE = 22;
    private static final int CEN_HEADER_SIZE = 46;
    private static final long MAX_CENTRAL_DIRECTORY = 64L << 20;

    private static final int HOST_UNIX = 3;
    private static final int HOST_OSX = 19;
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFLNK = 0120000;
    private static final int DOS_DIRECTORY = 0x10;
    private static final int DOS_REPARSE_POINT = 0x400;

    /** One central-directory record. */
    record Record(String name, int host, int flags, long externalAttributes) {
        boolean encrypted() {
            return (flags & 0x41) != 0; // bit 0: encrypted, bit 6: strong encryption
        }

        ArchiveEntry.Type type() {
            int dos = (int) (externalAttributes & 0xFFFF);
            if ((dos & DOS_REPARSE_POINT) != 0) {
                return ArchiveEntry.Type.SYMLINK;
            }
            if (host == HOST_UNIX || host == HOST_OSX) {
                int mode = (int) ((externalAttributes >>> 16) & 0xFFFF);
                switch (mode & S_IFMT) {
                    case 0:
                        break; // no type recorded: decide by name below
                    case S_IFREG:
                        return name.endsWith("/") ? ArchiveEntry.Type.DIRECTORY : ArchiveEntry.Type.FILE;
                    case S_IFDIR:
                        return ArchiveEntry.Type.DIRECTORY;
                    case S_IFLNK:
                        return ArchiveEntry.Type.SYMLINK;
                    default:
                        return ArchiveEntry.Type.SPECIAL;
                }
            }
            if (name.endsWith("/") || (dos & DOS_DIRECTORY) != 0) {
                return ArchiveEntry.Type.DIRECTORY;
            }
            return ArchiveEntry.Type.FILE;
        }
    }

    private ZipCentralDirectory() {
    }

    /** The records in central-directory order; at most {@code maxEntries}. */
    static List<Record> read(Path zip, int maxEntries) throws IOException {
        try (FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            int tailSize = (int) Math.min(fileSize, EOCD_SIZE + 0xFFFF);
            ByteBuffer tail = readAt(channel, fileSize - tailSize, tailSize);
            int eocd = findEndRecord(tail);
            if (eocd < 0) {
                throw new BadInputException(zip, "no ZIP end-of-central-directory record (truncated or not a ZIP)");
            }
            long entries = Short.toUnsignedInt(tail.getShort(eocd + 10));
            long cenSize = Integer.toUnsignedLong(tail.getInt(eocd + 12));
            long cenOffset = Integer.toUnsignedLong(tail.getInt(eocd + 16));
            if (entries == 0xFFFF || cenSize == 0xFFFFFFFFL || cenOffset == 0xFFFFFFFFL) {
                long[] zip64 = readZip64End(zip, channel, fileSize - tailSize + eocd);
                entries = zip64[0];
                cenSize = zip64[1];
                cenOffset = zip64[2];
            }
            if (entries > maxEntries) {
                throw new BadInputException(zip, "has " + entries + " entries, more than the limit of " + maxEntries);
            }
            if (cenSize > MAX_CENTRAL_DIRECTORY || cenOffset + cenSize > fileSize) {
                throw new BadInputException(zip, "central directory out of bounds (offset " + cenOffset + ", size "
                        + cenSize + ", file " + fileSize + " bytes)");
            }
            return parseRecords(zip, readAt(channel, cenOffset, (int) cenSize), (int) entries);
        }
    }

    private static int findEndRecord(ByteBuffer tail) {
        for (int i = tail.limit() - EOCD_SIZE; i >= 0; i--) {
            if (tail.getInt(i) == EOCD_SIGNATURE && i + EOCD_SIZE + Short.toUnsignedInt(tail.getShort(i + 20)) <= tail.limit()) {
                return i;
            }
        }
        return -1;
    }

    private static long[] readZip64End(Path zip, FileChannel channel, long eocdPosition) throws IOException {
        if (eocdPosition < 20) {
            throw new BadInputException(zip, "ZIP64 markers without a ZIP64 locator");
        }
        ByteBuffer locator = readAt(channel, eocdPosition - 20, 20);
        if (locator.getInt(0) != ZIP64_LOCATOR_SIGNATURE) {
            throw new BadInputException(zip, "ZIP64 markers without a ZIP64 locator");
        }
        long position = locator.getLong(8);
        if (position < 0 || position + 56 > channel.size()) {
            throw new BadInputException(zip, "ZIP64 end record out of bounds");
        }
        ByteBuffer end = readAt(channel, position, 56);
        if (end.getInt(0) != ZIP64_EOCD_SIGNATURE) {
            throw new BadInputException(zip, "bad ZIP64 end-of-central-directory record");
        }
        return new long[] {end.getLong(32), end.getLong(40), end.getLong(48)};
    }

    private static List<Record> parseRecords(Path zip, ByteBuffer cen, int entries) {
        List<Record> records = new ArrayList<>(entries);
        int pos = 0;
        for (int i = 0; i < entries; i++) {
            if (pos + CEN_HEADER_SIZE > cen.limit() || cen.getInt(pos) != CEN_SIGNATURE) {
                throw new BadInputException(zip, "corrupt central directory at entry " + i);
            }
            int madeBy = Short.toUnsignedInt(cen.getShort(pos + 4));
            int flags = Short.toUnsignedInt(cen.getShort(pos + 8));
            int nameLength = Short.toUnsignedInt(cen.getShort(pos + 28));
            int extraLength = Short.toUnsignedInt(cen.getShort(pos + 30));
            int commentLength = Short.toUnsignedInt(cen.getShort(pos + 32));
            long external = Integer.toUnsignedLong(cen.getInt(pos + 38));
            int next = pos + CEN_HEADER_SIZE + nameLength + extraLength + commentLength;
            if (next > cen.limit()) {
                throw new BadInputException(zip, "corrupt central directory at entry " + i);
            }
            byte[] nameBytes = new byte[nameLength];
            cen.get(pos + CEN_HEADER_SIZE, nameBytes);
            // java.util.zip.ZipFile decodes as UTF-8 too, flagged or not
            String name = new String(nameBytes, StandardCharsets.UTF_8);
            records.add(new Record(name, madeBy >>> 8, flags, external));
            pos = next;
        }
        return records;
    }

    private static ByteBuffer readAt(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                break;
            }
        }
        buffer.flip();
        return buffer;
    }
}
