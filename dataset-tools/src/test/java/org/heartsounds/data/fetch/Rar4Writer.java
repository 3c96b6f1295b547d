package org.heartsounds.data.fetch;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Builds minimal RAR 4 archives with stored (uncompressed, method 0x30) entries for tests, following the RAR 2.x-4.x
 * block layout (marker, archive header, file headers with CRC-16 = low half of CRC-32, end block). No RAR
 * compressor exists in Java; stored entries are enough to exercise names, attributes and flags through junrar.
 */
final class Rar4Writer {
    static final int HOST_WIN32 = 2;
    static final int HOST_UNIX = 3;
    static final int FLAG_ENCRYPTED = 0x04;
    static final int FLAG_DIRECTORY = 0xE0;
    private static final int FLAG_LONG_BLOCK = 0x8000;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Rar4Writer() {
        out.writeBytes(new byte[] {0x52, 0x61, 0x72, 0x21, 0x1A, 0x07, 0x00});
        ByteBuffer main = le(13);
        main.putShort((short) 0).put((byte) 0x73).putShort((short) 0).putShort((short) 13).putShort((short) 0).putInt(0);
        writeBlock(main.array());
    }

    /** A regular file from Windows (attribute 0x20). */
    Rar4Writer file(String name, byte[] data) {
        return entry(name, data, HOST_WIN32, 0x20, 0);
    }

    Rar4Writer entry(String name, byte[] data, int host, int attributes, int extraFlags) {
        byte[] nameBytes = name.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(data);
        int headSize = 32 + nameBytes.length;
        ByteBuffer h = le(headSize);
        h.putShort((short) 0).put((byte) 0x74).putShort((short) (FLAG_LONG_BLOCK | extraFlags)).putShort((short) headSize)
                .putInt(data.length).putInt(data.length).put((byte) host).putInt((int) crc.getValue())
                .putInt(0x5A2E0000) // DOS date/time, 2025
                .put((byte) 20).put((byte) 0x30).putShort((short) nameBytes.length).putInt(attributes).put(nameBytes);
        writeBlock(h.array());
        out.writeBytes(data);
        return this;
    }

    byte[] toByteArray() {
        ByteBuffer end = le(7);
        end.putShort((short) 0).put((byte) 0x7B).putShort((short) 0x4000).putShort((short) 7);
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        copy.writeBytes(out.toByteArray());
        byte[] block = end.array();
        setCrc(block);
        copy.writeBytes(block);
        return copy.toByteArray();
    }

    private void writeBlock(byte[] block) {
        setCrc(block);
        out.writeBytes(block);
    }

    private static void setCrc(byte[] block) {
        CRC32 crc = new CRC32();
        crc.update(block, 2, block.length - 2);
        int v = (int) crc.getValue();
        block[0] = (byte) v;
        block[1] = (byte) (v >>> 8);
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
