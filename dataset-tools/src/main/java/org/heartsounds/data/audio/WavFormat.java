package org.heartsounds.data.audio;

import java.util.Locale;

/**
 * The parts of a WAVE {@code fmt } chunk the decoder needs, already validated: the effective encoding (integer PCM
 * or IEEE float, after resolving WAVE_FORMAT_EXTENSIBLE), channel count, sample rate, bytes per sample container,
 * and the number of significant bits.
 */
record WavFormat(Encoding encoding, int channels, int sampleRate, int containerBits, int validBits, int blockAlign) {

    /** Sample encodings the decoder supports. */
    enum Encoding { PCM, FLOAT }

    static final int TAG_PCM = 0x0001;
    static final int TAG_IEEE_FLOAT = 0x0003;
    static final int TAG_EXTENSIBLE = 0xFFFE;
    /** Largest sample rate accepted; anything above is treated as a corrupt header. */
    static final int MAX_SAMPLE_RATE = 10_000_000;

    /** Tail (bytes 2..15) of the KSDATAFORMAT_SUBTYPE_* GUIDs whose first two bytes are a WAVE format tag. */
    private static final byte[] GUID_TAIL = {
        0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71
    };

    int bytesPerSample() {
        return containerBits / 8;
    }

    /**
     * Parses and validates a fmt chunk body.
     *
     * @param b      the whole file
     * @param offset start of the chunk body
     * @param size   chunk body size (already checked to lie inside the file)
     * @throws FormatProblem with a specific message when the header is unusable
     */
    static WavFormat parse(byte[] b, int offset, int size) {
        if (size < 16) {
            throw new FormatProblem("fmt chunk too small (" + size + " bytes, need at least 16)");
        }
        int tag = WavBytes.u16(b, offset);
        int channels = WavBytes.u16(b, offset + 2);
        long rate = WavBytes.u32(b, offset + 4);
        int blockAlign = WavBytes.u16(b, offset + 12);
        int bits = WavBytes.u16(b, offset + 14);
        int validBits = bits;
        int effectiveTag = tag;
        if (tag == TAG_EXTENSIBLE) {
            if (size < 40) {
                throw new FormatProblem("WAVE_FORMAT_EXTENSIBLE fmt chunk too small (" + size
                        + " bytes, need 40)");
            }
            int declaredValid = WavBytes.u16(b, offset + 18);
            validBits = declaredValid == 0 ? bits : declaredValid;
            effectiveTag = subFormatTag(b, offset + 24);
        }
        if (channels == 0) {
            throw new FormatProblem("zero channels in fmt chunk");
        }
        if (rate == 0 || rate > MAX_SAMPLE_RATE) {
            throw new FormatProblem("bad sample rate " + rate + " Hz (must be 1.." + MAX_SAMPLE_RATE + ")");
        }
        Encoding encoding = encodingOf(effectiveTag);
        checkBits(encoding, bits, validBits, tag == TAG_EXTENSIBLE);
        long expectedAlign = (long) channels * (bits / 8);
        if (blockAlign != expectedAlign) {
            throw new FormatProblem("bad block align " + blockAlign + " (expected " + channels + " channels x "
                    + bits / 8 + " bytes = " + expectedAlign + ")");
        }
        return new WavFormat(encoding, channels, (int) rate, bits, validBits, blockAlign);
    }

    private static int subFormatTag(byte[] b, int guidOffset) {
        for (int i = 0; i < GUID_TAIL.length; i++) {
            if (b[guidOffset + 2 + i] != GUID_TAIL[i]) {
                throw new FormatProblem("unsupported WAVE_FORMAT_EXTENSIBLE sub-format GUID " + guid(b, guidOffset));
            }
        }
        return WavBytes.u16(b, guidOffset);
    }

    private static Encoding encodingOf(int tag) {
        if (tag == TAG_PCM) {
            return Encoding.PCM;
        }
        if (tag == TAG_IEEE_FLOAT) {
            return Encoding.FLOAT;
        }
        throw new FormatProblem(String.format(Locale.ROOT, "unsupported format tag 0x%04X (%s)", tag, tagName(tag)));
    }

    private static void checkBits(Encoding encoding, int bits, int validBits, boolean extensible) {
        boolean ok = encoding == Encoding.PCM
                ? bits == 8 || bits == 16 || bits == 24 || bits == 32
                : bits == 32 || bits == 64;
        if (!ok) {
            throw new FormatProblem("unsupported bit depth " + bits + " for " + (encoding == Encoding.PCM
                    ? "integer PCM (supported: 8, 16, 24, 32)" : "IEEE float (supported: 32, 64)"));
        }
        if (extensible && (validBits > bits || (encoding == Encoding.FLOAT && validBits != bits))) {
            throw new FormatProblem("bad validBitsPerSample " + validBits + " for a " + bits + "-bit "
                    + (encoding == Encoding.PCM ? "PCM" : "float") + " container");
        }
    }

    /** Human-readable name of a WAVE format tag, for messages. */
    static String tagName(int tag) {
        return switch (tag) {
            case 0x0000 -> "unknown";
            case 0x0001 -> "PCM";
            case 0x0002 -> "Microsoft ADPCM";
            case 0x0003 -> "IEEE float";
            case 0x0006 -> "A-law";
            case 0x0007 -> "mu-law";
            case 0x0011 -> "IMA ADPCM";
            case 0x0031 -> "GSM 6.10";
            case 0x0040 -> "G.721 ADPCM";
            case 0x0050 -> "MPEG";
            case 0x0055 -> "MPEG Layer 3";
            case 0x0092 -> "Dolby AC-3 SPDIF";
            case 0x0161, 0x0162, 0x0163 -> "Windows Media Audio";
            case 0x2000 -> "AC-3";
            case 0xF1AC -> "FLAC";
            default -> "not a known encoding";
        };
    }

    private static String guid(byte[] b, int o) {
        return String.format(Locale.ROOT, "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
                WavBytes.u32(b, o), WavBytes.u16(b, o + 4), WavBytes.u16(b, o + 6),
                b[o + 8], b[o + 9], b[o + 10], b[o + 11], b[o + 12], b[o + 13], b[o + 14], b[o + 15]);
    }

    /** A specific reason a file cannot be decoded; {@link WavReader} turns it into a BadInputException. */
    static final class FormatProblem extends RuntimeException {
        FormatProblem(String problem) {
            super(problem, null, false, false);
        }
    }
}
