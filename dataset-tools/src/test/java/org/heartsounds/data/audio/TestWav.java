package org.heartsounds.data.audio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Test-side WAV writer that can produce any (also broken) RIFF layout byte by byte. */
final class TestWav {
    private final ByteArrayOutputStream chunks = new ByteArrayOutputStream();
    private String riffId = "RIFF";
    private String formType = "WAVE";
    private Long riffSize;

    static TestWav wav() {
        return new TestWav();
    }

    TestWav riffId(String id) {
        this.riffId = id;
        return this;
    }

    TestWav formType(String id) {
        this.formType = id;
        return this;
    }

    TestWav riffSize(long size) {
        this.riffSize = size;
        return this;
    }

    /** A plain 16-byte fmt chunk. */
    TestWav fmt(int tag, int channels, long rate, int blockAlign, int bits) {
        return chunk("fmt ", fmtBody(tag, channels, rate, blockAlign, bits, 0).array());
    }

    /** A consistent plain fmt chunk (blockAlign = channels * bits / 8). */
    TestWav fmt(int tag, int channels, long rate, int bits) {
        return fmt(tag, channels, rate, channels * bits / 8, bits);
    }

    /** A 40-byte WAVE_FORMAT_EXTENSIBLE fmt chunk with a standard sub-format GUID for {@code subTag}. */
    TestWav fmtExtensible(int channels, long rate, int containerBits, int validBits, int subTag) {
        ByteBuffer bb = fmtBody(0xFFFE, channels, rate, channels * containerBits / 8, containerBits, 24);
        bb.position(16);
        bb.putShort((short) 22).putShort((short) validBits).putInt(channels == 1 ? 4 : 3);
        bb.putShort((short) subTag).put(new byte[] {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00,
            (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71});
        return chunk("fmt ", bb.array());
    }

    private static ByteBuffer fmtBody(int tag, int channels, long rate, int blockAlign, int bits, int extra) {
        ByteBuffer bb = ByteBuffer.allocate(16 + extra).order(ByteOrder.LITTLE_ENDIAN);
        bb.putShort((short) tag).putShort((short) channels).putInt((int) rate)
                .putInt((int) (rate * blockAlign)).putShort((short) blockAlign).putShort((short) bits);
        return bb;
    }

    /** A chunk with correct size and a pad byte when the body is odd. */
    TestWav chunk(String id, byte[] body) {
        return chunk(id, body.length, body, true);
    }

    /** A chunk with an arbitrary declared size; {@code pad} adds the RIFF pad byte after an odd body. */
    TestWav chunk(String id, long declaredSize, byte[] body, boolean pad) {
        chunks.writeBytes(id.getBytes(StandardCharsets.ISO_8859_1));
        chunks.writeBytes(le32((int) declaredSize));
        chunks.writeBytes(body);
        if (pad && (body.length & 1) == 1) {
            chunks.write(0);
        }
        return this;
    }

    TestWav data(byte[] body) {
        return chunk("data", body);
    }

    TestWav raw(byte[] bytes) {
        chunks.writeBytes(bytes);
        return this;
    }

    byte[] build() {
        byte[] body = chunks.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(riffId.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(le32(riffSize != null ? riffSize.intValue() : 4 + body.length));
        out.writeBytes(formType.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    static byte[] pcm8(int... unsigned) {
        byte[] b = new byte[unsigned.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) unsigned[i];
        }
        return b;
    }

    static byte[] pcm16(int... v) {
        ByteBuffer bb = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) {
            bb.putShort((short) x);
        }
        return bb.array();
    }

    static byte[] pcm24(int... v) {
        byte[] b = new byte[3 * v.length];
        for (int i = 0; i < v.length; i++) {
            b[3 * i] = (byte) v[i];
            b[3 * i + 1] = (byte) (v[i] >> 8);
            b[3 * i + 2] = (byte) (v[i] >> 16);
        }
        return b;
    }

    static byte[] pcm32(int... v) {
        ByteBuffer bb = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) {
            bb.putInt(x);
        }
        return bb.array();
    }

    static byte[] f32(float... v) {
        ByteBuffer bb = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            bb.putFloat(x);
        }
        return bb.array();
    }

    static byte[] f64(double... v) {
        ByteBuffer bb = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            bb.putDouble(x);
        }
        return bb.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
