package org.heartsounds.data.audio;

/**
 * Converts the interleaved sample frames of a WAVE data chunk to mono floats: integer PCM is scaled by
 * 2^-(validBits-1) (8-bit is unsigned with 128 as zero), IEEE float is taken as stored, and the channels of a
 * frame are averaged. Bits below {@code validBits} in a wider container are cleared, as WAVE_FORMAT_EXTENSIBLE
 * requires them to be ignored.
 */
final class SampleDecoder {
    private SampleDecoder() {
    }

    /**
     * Decodes {@code frames} frames starting at {@code offset}.
     *
     * @throws WavFormat.FormatProblem when a float sample is NaN or infinite
     */
    static float[] decode(byte[] b, int offset, int frames, WavFormat f) {
        float[] out = new float[frames];
        if (f.channels() == 1 && f.encoding() == WavFormat.Encoding.PCM && f.containerBits() == 16
                && f.validBits() == 16) {
            decodeMono16(b, offset, out);
            return out;
        }
        int bps = f.bytesPerSample();
        int channels = f.channels();
        double scale = f.encoding() == WavFormat.Encoding.PCM ? 1.0 / (1L << (f.containerBits() - 1)) : 1.0;
        int mask = f.encoding() == WavFormat.Encoding.PCM ? validMask(f) : 0;
        int pos = offset;
        for (int i = 0; i < frames; i++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += sample(b, pos, f, mask, i);
                pos += bps;
            }
            out[i] = (float) (sum * scale / channels);
        }
        return out;
    }

    private static void decodeMono16(byte[] b, int offset, float[] out) {
        final float scale = 1f / 32768f;
        for (int i = 0, p = offset; i < out.length; i++, p += 2) {
            out[i] = (short) ((b[p] & 0xFF) | (b[p + 1] << 8)) * scale;
        }
    }

    /** Mask that keeps the top validBits of a left-justified integer sample (as a 32-bit left-aligned value). */
    private static int validMask(WavFormat f) {
        return f.validBits() >= 32 ? -1 : -(1 << (32 - f.validBits()));
    }

    /** One raw sample: integer PCM un-scaled (signed, centred), float as stored. */
    private static double sample(byte[] b, int p, WavFormat f, int mask, int frame) {
        if (f.encoding() == WavFormat.Encoding.FLOAT) {
            double v = f.containerBits() == 32 ? Float.intBitsToFloat(le32(b, p)) : Double.longBitsToDouble(le64(b, p));
            if (!Double.isFinite(v)) {
                throw new WavFormat.FormatProblem("non-finite float sample (" + v + ") at frame " + frame);
            }
            return v;
        }
        int left = switch (f.containerBits()) {
            case 8 -> ((b[p] & 0xFF) - 128) << 24;
            case 16 -> (b[p] & 0xFF) << 16 | b[p + 1] << 24;
            case 24 -> (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF) << 16 | b[p + 2] << 24;
            default -> le32(b, p);
        };
        // left-aligned 32-bit value: clear bits below validBits, then shift back to the container width
        return (left & mask) >> (32 - f.containerBits());
    }

    private static int le32(byte[] b, int p) {
        return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | b[p + 3] << 24;
    }

    private static long le64(byte[] b, int p) {
        return (le32(b, p) & 0xFFFFFFFFL) | (long) le32(b, p + 4) << 32;
    }
}
