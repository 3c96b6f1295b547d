package org.heartsounds.data.audio;

import org.heartsounds.core.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Decodes RIFF/WAVE files to a mono {@link AudioClip}. Written by hand: DataVec has no audio module, and the JDK's
 * {@code javax.sound.sampled} reports every failure as a generic "unsupported audio file", does not bound its
 * input and leaves mix-down and scaling to the caller.
 *
 * <p>Supported: integer PCM 8-bit (unsigned), 16/24/32-bit (signed little-endian), IEEE float 32/64-bit, and
 * WAVE_FORMAT_EXTENSIBLE with a PCM or IEEE-float sub-format (validBitsPerSample honoured: bits below it are
 * ignored). Any channel count (channels are averaged to mono) and any sample rate from 1 Hz to 10 MHz.
 *
 * <p>Chunk handling:
 * <ul>
 *   <li>Chunks other than {@code fmt } and {@code data} (LIST, fact, cue, bext, junk...) are skipped, including the
 *       RIFF pad byte after an odd-sized chunk. A writer that forgot the pad byte is tolerated: when the byte after
 *       the chunk is not followed by a valid chunk id but the unpadded position is, the unpadded position is
 *       used.</li>
 *   <li>The RIFF size field is not trusted (many writers get it wrong or leave it 0); chunks are walked through the
 *       actual bytes and reading stops at the data chunk, so trailing bytes after it are ignored.</li>
 *   <li>A data size of 0 or 0xFFFFFFFF (what streaming writers leave when they cannot seek back) means "to the end
 *       of the file". Any other data size that exceeds the bytes left is an error (truncated file), as is any data
 *       length that is not a whole number of sample frames ("truncated data"), so a file cut mid-sample is
 *       reported rather than silently shortened.</li>
 *   <li>The byteRate field is ignored (redundant and often wrong); blockAlign must equal channels x bytes per
 *       sample.</li>
 * </ul>
 *
 * <p>Every problem is a {@link BadInputException} naming the file and the specific problem. Inputs are bounded:
 * files larger than {@link #DEFAULT_MAX_BYTES} (or the limit given) are rejected before being read.
 */
public final class WavReader {
    /** Default upper bound on file size: 1 GiB. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;
    private static final int RIFF_HEADER = 12;
    private static final int CHUNK_HEADER = 8;
    private static final long SIZE_TO_END_A = 0L;
    private static final long SIZE_TO_END_B = 0xFFFFFFFFL;

    private WavReader() {
    }

    /** Reads a WAV file of at most {@link #DEFAULT_MAX_BYTES}; the clip's source is the path as given. */
    public static AudioClip read(Path file) throws IOException {
        return read(file, DEFAULT_MAX_BYTES);
    }

    /** Reads a WAV file of at most {@code maxBytes}; the clip's source is the path as given. */
    public static AudioClip read(Path file, long maxBytes) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file, Files.exists(file) ? "not a regular file" : "file does not exist");
        }
        long size = Files.size(file);
        checkSize(String.valueOf(file), size, maxBytes);
        return read(Files.readAllBytes(file), String.valueOf(file), maxBytes);
    }

    /** Decodes WAV bytes held in memory; {@code sourceName} is used in messages and as the clip's source. */
    public static AudioClip read(byte[] bytes, String sourceName) {
        return read(bytes, sourceName, DEFAULT_MAX_BYTES);
    }

    /** Decodes WAV bytes held in memory, rejecting more than {@code maxBytes}. */
    public static AudioClip read(byte[] bytes, String sourceName, long maxBytes) {
        checkSize(sourceName, bytes.length, maxBytes);
        try {
            return decode(bytes, sourceName);
        } catch (WavFormat.FormatProblem p) {
            throw new BadInputException(sourceName, p.getMessage());
        }
    }

    private static void checkSize(String source, long size, long maxBytes) {
        if (size > maxBytes) {
            throw new BadInputException(source, "file too large (" + size + " bytes, limit " + maxBytes + ")");
        }
    }

    private static AudioClip decode(byte[] b, String source) {
        checkRiffHeader(b);
        WavFormat format = null;
        int pos = RIFF_HEADER;
        while (true) {
            int left = b.length - pos;
            if (left == 0) {
                throw new WavFormat.FormatProblem(format == null ? "missing fmt chunk" : "missing data chunk");
            }
            if (left < CHUNK_HEADER) {
                throw new WavFormat.FormatProblem("truncated chunk header at offset " + pos + " (" + left
                        + " bytes left, need 8)" + (format == null ? "; missing fmt chunk" : "; missing data chunk"));
            }
            if (!WavBytes.isPrintableId(b, pos)) {
                throw new WavFormat.FormatProblem(String.format(Locale.ROOT,
                        "corrupt chunk id %02X %02X %02X %02X at offset %d", b[pos], b[pos + 1], b[pos + 2],
                        b[pos + 3], pos));
            }
            long size = WavBytes.u32(b, pos + 4);
            int body = pos + CHUNK_HEADER;
            long bodyLeft = b.length - (long) body;
            if (WavBytes.isFourCc(b, pos, "data")) {
                if (format == null) {
                    throw new WavFormat.FormatProblem("data chunk before fmt chunk (offset " + pos + ")");
                }
                return samples(b, body, dataLength(size, bodyLeft), format, source);
            }
            if (size > bodyLeft) {
                throw new WavFormat.FormatProblem("chunk '" + WavBytes.fourCc(b, pos) + "' at offset " + pos
                        + " declares " + size + " bytes but only " + bodyLeft + " remain in the file");
            }
            if (WavBytes.isFourCc(b, pos, "fmt ")) {
                if (format != null) {
                    throw new WavFormat.FormatProblem("more than one fmt chunk (second at offset " + pos + ")");
                }
                format = WavFormat.parse(b, body, (int) size);
            }
            pos = nextChunk(b, body, (int) size);
        }
    }

    private static void checkRiffHeader(byte[] b) {
        if (b.length < RIFF_HEADER) {
            throw new WavFormat.FormatProblem("truncated header: " + b.length
                    + " bytes, a RIFF/WAVE header needs at least 12");
        }
        if (!WavBytes.isFourCc(b, 0, "RIFF")) {
            if (WavBytes.isFourCc(b, 0, "RIFX")) {
                throw new WavFormat.FormatProblem("not a RIFF file: big-endian RIFX is not supported");
            }
            if (WavBytes.isFourCc(b, 0, "RF64")) {
                throw new WavFormat.FormatProblem("not a RIFF file: RF64 (64-bit WAV) is not supported");
            }
            throw new WavFormat.FormatProblem("not a RIFF file (starts with '" + WavBytes.fourCc(b, 0) + "')");
        }
        if (!WavBytes.isFourCc(b, 8, "WAVE")) {
            throw new WavFormat.FormatProblem("not a WAVE file (RIFF form type '" + WavBytes.fourCc(b, 8) + "')");
        }
    }

    /** Start of the chunk after one whose body is {@code [body, body+size)}, honouring (or repairing) padding. */
    private static int nextChunk(byte[] b, int body, int size) {
        long unpadded = (long) body + size;
        if ((size & 1) == 0 || unpadded >= b.length) {
            return (int) unpadded;
        }
        long padded = unpadded + 1;
        boolean paddedValid = padded + CHUNK_HEADER <= b.length && WavBytes.isPrintableId(b, (int) padded);
        boolean unpaddedValid = unpadded + CHUNK_HEADER <= b.length && WavBytes.isPrintableId(b, (int) unpadded);
        return (int) (!paddedValid && unpaddedValid ? unpadded : padded);
    }

    private static long dataLength(long declared, long bodyLeft) {
        if (declared == SIZE_TO_END_A || declared == SIZE_TO_END_B) {
            return bodyLeft;
        }
        if (declared > bodyLeft) {
            throw new WavFormat.FormatProblem("truncated data: data chunk declares " + declared
                    + " bytes but only " + bodyLeft + " remain in the file");
        }
        return declared;
    }

    private static AudioClip samples(byte[] b, int body, long length, WavFormat f, String source) {
        long rest = length % f.blockAlign();
        if (rest != 0) {
            throw new WavFormat.FormatProblem("truncated data: " + length + " data bytes leave " + rest
                    + " trailing bytes that are not a whole sample frame of " + f.blockAlign() + " bytes");
        }
        long frames = length / f.blockAlign();
        if (frames == 0) {
            throw new WavFormat.FormatProblem("empty: no samples in the data chunk");
        }
        float[] samples = SampleDecoder.decode(b, body, (int) frames, f);
        return new AudioClip(samples, f.sampleRate(), source, f.channels(), f.validBits(), clipped(samples, f));
    }

    /**
     * Mono samples in runs of at least {@link AudioClip#CLIP_RUN} consecutive samples at full scale (the largest
     * positive code {@code (2^(bits-1)-1)/2^(bits-1)} or -1; float: |x| >= 1). Peak-normalised audio reaches full
     * scale in one or two samples; only a flattened top is clipping.
     */
    private static int clipped(float[] samples, WavFormat f) {
        if (f.encoding() == WavFormat.Encoding.FLOAT) {
            return AudioClip.countAtLeast(samples, 1f);
        }
        int bits = f.validBits();
        float max = (float) (((1L << (bits - 1)) - 1) / (double) (1L << (bits - 1)));
        return AudioClip.countInRuns(samples, max, -1f);
    }
}
