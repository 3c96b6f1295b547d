package org.heartsounds.data.audio;

import org.heartsounds.core.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.heartsounds.data.audio.TestWav.f32;
import static org.heartsounds.data.audio.TestWav.pcm16;
import static org.heartsounds.data.audio.TestWav.pcm32;
import static org.heartsounds.data.audio.TestWav.wav;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each malformed input is written to a temp file and must fail with a BadInputException naming file + problem. */
class WavReaderMalformedTest {
    @TempDir
    Path dir;

    static Stream<Arguments> malformed() {
        byte[] okData = pcm16(1, 2, 3, 4);
        return Stream.of(
            bad("empty-file", new byte[0], "truncated header: 0 bytes"),
            bad("eight-bytes", "RIFF\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1), "truncated header: 8 bytes"),
            bad("ogg", "OggS\0\2\0\0\0\0\0\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1),
                "not a RIFF file (starts with 'OggS')"),
            bad("rifx", wav().riffId("RIFX").fmt(1, 1, 8000, 16).data(okData).build(), "big-endian RIFX"),
            bad("rf64", wav().riffId("RF64").fmt(1, 1, 8000, 16).data(okData).build(), "RF64"),
            bad("avi", wav().formType("AVI ").fmt(1, 1, 8000, 16).data(okData).build(),
                "not a WAVE file (RIFF form type 'AVI ')"),
            bad("header-only", wav().build(), "missing fmt chunk"),
            bad("list-only", wav().chunk("LIST", new byte[10]).build(), "missing fmt chunk"),
            bad("no-data", wav().fmt(1, 1, 8000, 16).chunk("LIST", new byte[4]).build(), "missing data chunk"),
            bad("data-first", wav().data(okData).fmt(1, 1, 8000, 16).build(), "data chunk before fmt chunk"),
            bad("fmt-14", wav().chunk("fmt ", new byte[14]).data(okData).build(), "fmt chunk too small (14 bytes"),
            bad("fmt-beyond-eof", wav().chunk("fmt ", 400, new byte[16], false).build(),
                "chunk 'fmt ' at offset 12 declares 400 bytes but only 16 remain"),
            bad("list-beyond-eof", wav().fmt(1, 1, 8000, 16).chunk("LIST", 1000, new byte[20], false).build(),
                "chunk 'LIST' at offset 36 declares 1000 bytes"),
            bad("cut-chunk-header", wav().fmt(1, 1, 8000, 16).raw("dat".getBytes(StandardCharsets.ISO_8859_1))
                .build(), "truncated chunk header at offset 36 (3 bytes left"),
            bad("data-beyond-eof", wav().fmt(1, 1, 8000, 16).chunk("data", 1000, okData, false).build(),
                "truncated data: data chunk declares 1000 bytes but only 8 remain"),
            bad("half-sample", wav().fmt(1, 1, 8000, 16).chunk("data", 0, new byte[5], false).build(),
                "truncated data: 5 data bytes leave 1 trailing bytes"),
            bad("half-frame-stereo", wav().fmt(1, 2, 8000, 24).data(new byte[9]).build(),
                "not a whole sample frame of 6 bytes"),
            bad("no-samples", wav().fmt(1, 1, 8000, 16).data(new byte[0]).build(), "empty: no samples"),
            bad("alaw", wav().fmt(6, 1, 8000, 8).data(okData).build(), "unsupported format tag 0x0006 (A-law)"),
            bad("mulaw", wav().fmt(7, 1, 8000, 8).data(okData).build(), "unsupported format tag 0x0007 (mu-law)"),
            bad("msadpcm", wav().fmt(2, 1, 8000, 256, 4).data(okData).build(),
                "unsupported format tag 0x0002 (Microsoft ADPCM)"),
            bad("mp3", wav().fmt(0x55, 2, 44100, 1, 0).data(okData).build(),
                "unsupported format tag 0x0055 (MPEG Layer 3)"),
            bad("pcm12", wav().fmt(1, 1, 8000, 2, 12).data(okData).build(), "unsupported bit depth 12"),
            bad("pcm64", wav().fmt(1, 1, 8000, 64).data(new byte[16]).build(), "unsupported bit depth 64"),
            bad("float16", wav().fmt(3, 1, 8000, 16).data(okData).build(), "unsupported bit depth 16 for IEEE float"),
            bad("zero-channels", wav().fmt(1, 0, 8000, 2, 16).data(okData).build(), "zero channels"),
            bad("rate-0", wav().fmt(1, 1, 0, 16).data(okData).build(), "bad sample rate 0 Hz"),
            bad("rate-20MHz", wav().fmt(1, 1, 20_000_000, 16).data(okData).build(), "bad sample rate 20000000 Hz"),
            bad("block-align", wav().fmt(1, 2, 8000, 2, 16).data(okData).build(), "bad block align 2 (expected 2"),
            bad("ext-short", wav().chunk("fmt ", concat16(0xFFFE)).data(okData).build(),
                "WAVE_FORMAT_EXTENSIBLE fmt chunk too small (18 bytes"),
            bad("ext-guid", extensibleWithGuidByte(), "unsupported WAVE_FORMAT_EXTENSIBLE sub-format GUID"),
            bad("ext-valid-bits", wav().fmtExtensible(1, 8000, 16, 20, 1).data(okData).build(),
                "bad validBitsPerSample 20 for a 16-bit PCM"),
            bad("ext-alaw", wav().fmtExtensible(1, 8000, 8, 8, 6).data(okData).build(),
                "unsupported format tag 0x0006 (A-law)"),
            bad("two-fmt", wav().fmt(1, 1, 8000, 16).fmt(1, 1, 8000, 16).data(okData).build(),
                "more than one fmt chunk"),
            bad("garbage-chunk-id", wav().fmt(1, 1, 8000, 16).raw(new byte[] {0, 1, 2, 3, 4, 0, 0, 0, 9, 9, 9, 9})
                .data(okData).build(), "corrupt chunk id 00 01 02 03 at offset 36"),
            bad("nan-float", wav().fmt(3, 1, 8000, 32).data(f32(0.5f, Float.NaN)).build(),
                "non-finite float sample (NaN) at frame 1"),
            bad("inf-float", wav().fmt(3, 2, 8000, 32).data(f32(0f, 0f, Float.POSITIVE_INFINITY, 0f)).build(),
                "non-finite float sample (Infinity) at frame 1"),
            bad("pcm32-half", wav().fmt(1, 1, 8000, 32).data(concatBytes(pcm32(1), new byte[2])).build(),
                "truncated data: 6 data bytes leave 2 trailing bytes")
        );
    }

    private static Arguments bad(String name, byte[] bytes, String phrase) {
        return Arguments.of(name, bytes, phrase);
    }

    private static byte[] concat16(int tag) {
        byte[] b = new byte[18];
        b[0] = (byte) tag;
        b[1] = (byte) (tag >> 8);
        b[2] = 1;
        b[4] = 0x40;
        b[5] = 0x1F;
        b[12] = 2;
        b[14] = 16;
        return b;
    }

    private static byte[] extensibleWithGuidByte() {
        byte[] b = wav().fmtExtensible(1, 8000, 16, 16, 1).data(pcm16(1)).build();
        b[12 + 8 + 24 + 10] ^= 0x55; // corrupt a byte of the GUID tail
        return b;
    }

    private static byte[] concatBytes(byte[] a, byte[] b) {
        return TestWav.concat(a, b);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectedWithSpecificProblem(String name, byte[] bytes, String phrase) throws Exception {
        Path file = dir.resolve("bad-" + name + ".wav");
        Files.write(file, bytes);
        BadInputException e = assertThrows(BadInputException.class, () -> WavReader.read(file));
        assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
        assertTrue(e.problem().contains(phrase), () -> "expected '" + phrase + "' in: " + e.problem());
        assertEquals(file.toString(), e.source());
        // the in-memory entry point reports the same problem
        BadInputException mem = assertThrows(BadInputException.class, () -> WavReader.read(bytes, name + ".wav"));
        assertEquals(e.problem(), mem.problem());
    }

    @Test
    void atLeastTwentyDistinctProblems() {
        List<Arguments> all = malformed().toList();
        Set<String> phrases = new HashSet<>();
        Set<String> inputs = new HashSet<>();
        all.forEach(a -> phrases.add((String) a.get()[2]));
        all.forEach(a -> inputs.add(java.util.HexFormat.of().formatHex((byte[]) a.get()[1])));
        assertEquals(all.size(), inputs.size(), "every malformed input is different");
        assertTrue(phrases.size() >= 30, "distinct problem phrases: " + phrases.size());
    }

    @Test
    void fileTooLarge() throws Exception {
        Path file = dir.resolve("big.wav");
        WavWriter.writePcm16(file, new float[1000], 8000);
        BadInputException e = assertThrows(BadInputException.class, () -> WavReader.read(file, 1000));
        assertTrue(e.getMessage().contains("big.wav"));
        assertEquals("file too large (2044 bytes, limit 1000)", e.problem());
        assertEquals(1000, WavReader.read(file, 2044).samples().length);
        BadInputException mem = assertThrows(BadInputException.class,
                () -> WavReader.read(Files.readAllBytes(file), "big.wav", 2043));
        assertEquals("file too large (2044 bytes, limit 2043)", mem.problem());
    }

    @Test
    void missingFileAndDirectory() {
        Path missing = dir.resolve("nope.wav");
        BadInputException e = assertThrows(BadInputException.class, () -> WavReader.read(missing));
        assertEquals("file does not exist", e.problem());
        assertTrue(e.getMessage().contains("nope.wav"));
        BadInputException d = assertThrows(BadInputException.class, () -> WavReader.read(dir));
        assertEquals("not a regular file", d.problem());
    }
}
