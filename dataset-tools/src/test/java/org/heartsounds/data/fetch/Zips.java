package org.heartsounds.data.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds ZIPs for tests and patches central-directory fields that {@code ZipOutputStream} cannot set. */
public final class Zips {
    private Zips() {
    }

    /** Deflated entries in the given order; names ending in '/' become folders. */
    public static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                if (!e.getKey().endsWith("/")) {
                    zip.write(e.getValue());
                }
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    public static byte[] zip(String name, byte[] content) throws IOException {
        Map<String, byte[]> one = new LinkedHashMap<>();
        one.put(name, content);
        return zip(one);
    }

    /** One STORED (uncompressed) entry, so its bytes appear verbatim in the archive. */
    public static byte[] storedZip(String name, byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            ZipEntry entry = new ZipEntry(name);
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(content.length);
            entry.setCompressedSize(content.length);
            CRC32 crc = new CRC32();
            crc.update(content);
            entry.setCrc(crc.getValue());
            zip.putNextEntry(entry);
            zip.write(content);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** Offset of the central-directory record of {@code name}. */
    public static int centralRecord(byte[] zip, String name) {
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 46 <= zip.length; i++) {
            if (b.getInt(i) == 0x02014b50) {
                int nameLength = Short.toUnsignedInt(b.getShort(i + 28));
                if (nameLength == wanted.length
                        && Arrays.equals(zip, i + 46, i + 46 + nameLength, wanted, 0, wanted.length)) {
                    return i;
                }
            }
        }
        throw new IllegalArgumentException("no central record for " + name);
    }

    /** Marks the entry as made on Unix with the given st_mode (e.g. 0120777 for a symbolic link). */
    public static byte[] withUnixMode(byte[] zip, String name, int mode) {
        byte[] copy = zip.clone();
        ByteBuffer b = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
        int cen = centralRecord(copy, name);
        b.putShort(cen + 4, (short) ((3 << 8) | 20));
        b.putInt(cen + 38, mode << 16);
        return copy;
    }

    /** Sets general-purpose flag bits in the central record (bit 0 = encrypted). */
    public static byte[] withFlags(byte[] zip, String name, int flags) {
        byte[] copy = zip.clone();
        ByteBuffer b = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
        int cen = centralRecord(copy, name);
        b.putShort(cen + 8, (short) (b.getShort(cen + 8) | flags));
        return copy;
    }

    /** Overwrites the declared uncompressed size in the central record (a lying archive). */
    public static byte[] withDeclaredSize(byte[] zip, String name, int size) {
        byte[] copy = zip.clone();
        ByteBuffer b = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(centralRecord(copy, name) + 24, size);
        return copy;
    }
}
