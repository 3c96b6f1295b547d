package org.heartsounds.data.audio;

/** Little-endian reads from a byte array (callers check bounds first). */
final class WavBytes {
    private WavBytes() {
    }

    static int u16(byte[] b, int o) {
        return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8;
    }

    static long u32(byte[] b, int o) {
        return ((b[o] & 0xFFL) | (b[o + 1] & 0xFFL) << 8 | (b[o + 2] & 0xFFL) << 16 | (b[o + 3] & 0xFFL) << 24);
    }

    static String fourCc(byte[] b, int o) {
        char[] c = new char[4];
        for (int i = 0; i < 4; i++) {
            int v = b[o + i] & 0xFF;
            c[i] = v >= 0x20 && v < 0x7F ? (char) v : '?';
        }
        return new String(c);
    }

    static boolean isFourCc(byte[] b, int o, String id) {
        for (int i = 0; i < 4; i++) {
            if (b[o + i] != (byte) id.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** True when the 4 bytes at {@code o} are printable ASCII, as every RIFF chunk id is. */
    static boolean isPrintableId(byte[] b, int o) {
        for (int i = 0; i < 4; i++) {
            int v = b[o + i] & 0xFF;
            if (v < 0x20 || v >= 0x7F) {
                return false;
            }
        }
        return true;
    }
}
