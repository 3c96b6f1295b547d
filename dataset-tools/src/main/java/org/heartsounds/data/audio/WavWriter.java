package org.heartsounds.data.audio;

import org.heartsounds.core.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes mono 16-bit PCM WAV files (canonical 44-byte header), atomically via {@link AtomicFiles}. Samples are
 * clipped to [-1, 1], scaled by 32768 and rounded to the nearest integer (halves away from zero), then clamped to
 * [-32768, 32767]; NaN is written as 0. The scale matches {@link WavReader}, so any value k/32768 with
 * -32768 &lt;= k &lt;= 32767 round-trips exactly.
 */
public final class WavWriter {
    private static final int HEADER_BYTES = 44;
    private static final long MAX_DATA_BYTES = 0xFFFFFFFFL - 36;

    private WavWriter() {
    }

    /** Writes {@code samples} as a mono PCM16 WAV file at {@code sampleRate} Hz, atomically. */
    public static void writePcm16(Path file, float[] samples, int sampleRate) throws IOException {
        byte[] bytes = pcm16Bytes(samples, sampleRate);
        AtomicFiles.writeBytes(file, bytes);
    }

    /** The complete bytes of a mono PCM16 WAV file holding {@code samples}. */
    public static byte[] pcm16Bytes(float[] samples, int sampleRate) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        }
        long dataBytes = 2L * samples.length;
        if (dataBytes > MAX_DATA_BYTES || dataBytes + HEADER_BYTES > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many samples for one WAV file: " + samples.length);
        }
        byte[] b = new byte[HEADER_BYTES + (int) dataBytes];
        writeHeader(b, sampleRate, (int) dataBytes);
        for (int i = 0, p = HEADER_BYTES; i < samples.length; i++, p += 2) {
            int v = toPcm16(samples[i]);
            b[p] = (byte) v;
            b[p + 1] = (byte) (v >> 8);
        }
        return b;
    }

    /** The 16-bit integer a float sample is written as. */
    public static int toPcm16(float sample) {
        if (Float.isNaN(sample)) {
            return 0;
        }
        double clipped = Math.max(-1.0, Math.min(1.0, sample));
        long v = Math.round(Math.abs(clipped) * 32768.0);
        if (clipped < 0) {
            v = -v;
        }
        return (int) Math.max(-32768, Math.min(32767, v));
    }

    private static void writeHeader(byte[] b, int sampleRate, int dataBytes) {
        ascii(b, 0, "RIFF");
        le32(b, 4, 36 + dataBytes);
        ascii(b, 8, "WAVE");
        ascii(b, 12, "fmt ");
        le32(b, 16, 16);
        le16(b, 20, 1);           // PCM
        le16(b, 22, 1);           // mono
        le32(b, 24, sampleRate);
        le32(b, 28, sampleRate * 2);
        le16(b, 32, 2);           // block align
        le16(b, 34, 16);          // bits per sample
        ascii(b, 36, "data");
        le32(b, 40, dataBytes);
    }

    private static void ascii(byte[] b, int o, String s) {
        for (int i = 0; i < 4; i++) {
            b[o + i] = (byte) s.charAt(i);
        }
    }

    private static void le16(byte[] b, int o, int v) {
        b[o] = (byte) v;
        b[o + 1] = (byte) (v >> 8);
    }

    private static void le32(byte[] b, int o, int v) {
        b[o] = (byte) v;
        b[o + 1] = (byte) (v >> 8);
        b[o + 2] = (byte) (v >> 16);
        b[o + 3] = (byte) (v >> 24);
    }
}
