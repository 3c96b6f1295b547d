package org.heartsounds.data.audio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.heartsounds.data.audio.TestWav.concat;
import static org.heartsounds.data.audio.TestWav.f32;
import static org.heartsounds.data.audio.TestWav.f64;
import static org.heartsounds.data.audio.TestWav.pcm16;
import static org.heartsounds.data.audio.TestWav.pcm24;
import static org.heartsounds.data.audio.TestWav.pcm32;
import static org.heartsounds.data.audio.TestWav.pcm8;
import static org.heartsounds.data.audio.TestWav.wav;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class WavReaderTest {
    private static final byte[] LIST_BODY = "INFOISFT\u0005\u0000\u0000\u0000test\u0000\u0000".getBytes(
            java.nio.charset.StandardCharsets.ISO_8859_1);

    @TempDir
    Path dir;

    private static AudioClip decode(byte[] wav) {
        return WavReader.read(wav, "mem.wav");
    }

    @Test
    void pcm16ValuesExact() {
        AudioClip c = decode(wav().fmt(1, 1, 8000, 16).data(pcm16(0, 16384, -16384, 32767, -32768, 1)).build());
        assertArrayEquals(new float[] {0f, 0.5f, -0.5f, 32767f / 32768f, -1f, 1f / 32768f}, c.samples());
        assertEquals(8000, c.sampleRate());
        assertEquals(6 / 8000.0, c.durationSeconds(), 0);
    }

    @Test
    void pcm8UnsignedExact() {
        AudioClip c = decode(wav().fmt(1, 1, 11025, 8).data(pcm8(0, 128, 255, 64, 192)).build());
        assertArrayEquals(new float[] {-1f, 0f, 127f / 128f, -0.5f, 0.5f}, c.samples());
        assertEquals(11025, c.sampleRate());
    }

    @Test
    void pcm24Exact() {
        AudioClip c = decode(wav().fmt(1, 1, 44100, 24).data(pcm24(0x400000, -0x800000, 1, 0x7FFFFF, -1)).build());
        assertArrayEquals(new float[] {0.5f, -1f, 1f / 8388608f, (float) (0x7FFFFF / 8388608.0), -1f / 8388608f},
                c.samples());
    }

    @Test
    void pcm32Exact() {
        AudioClip c = decode(wav().fmt(1, 1, 48000, 32).data(pcm32(1 << 30, Integer.MIN_VALUE, -(1 << 29), 0))
                .build());
        assertArrayEquals(new float[] {0.5f, -1f, -0.25f, 0f}, c.samples());
    }

    @Test
    void float32KeptAsStored() {
        AudioClip c = decode(wav().fmt(3, 1, 4000, 32).data(f32(0.25f, -0.75f, 1.5f, 1e-7f)).build());
        assertArrayEquals(new float[] {0.25f, -0.75f, 1.5f, 1e-7f}, c.samples());
    }

    @Test
    void float64ConvertedToNearestFloat() {
        AudioClip c = decode(wav().fmt(3, 1, 4000, 64).data(f64(0.125, -0.3, 1.0)).build());
        assertArrayEquals(new float[] {0.125f, (float) -0.3, 1f}, c.samples());
    }

    @Test
    void extensiblePcmHonoursValidBits() {
        // 20 valid bits in a 32-bit container: the low 12 bits are garbage and must be ignored
        int half = 0x40000000;
        AudioClip c = decode(wav().fmtExtensible(1, 96000, 32, 20, 1)
                .data(pcm32(half | 0xFFF, -half | 0x7FF, 0xFFF)).build());
        assertArrayEquals(new float[] {0.5f, -0.5f, 0f}, c.samples());
        assertEquals(96000, c.sampleRate());
    }

    @Test
    void extensibleFloatAndStereo16() {
        AudioClip f = decode(wav().fmtExtensible(1, 8000, 32, 32, 3).data(f32(0.5f, -0.125f)).build());
        assertArrayEquals(new float[] {0.5f, -0.125f}, f.samples());
        AudioClip s = decode(wav().fmtExtensible(2, 8000, 16, 0, 1).data(pcm16(16384, 0, -16384, -16384)).build());
        assertArrayEquals(new float[] {0.25f, -0.5f}, s.samples());
    }

    @Test
    void stereoAndMultichannelMixDownAverages() {
        AudioClip s = decode(wav().fmt(1, 2, 8000, 16).data(pcm16(16384, 0, -32768, 32767, 8192, 8192)).build());
        assertArrayEquals(new float[] {0.25f, (float) ((-1.0 + 32767 / 32768.0) / 2), 0.25f}, s.samples());
        // 6 channels of 24-bit: average of 0.5, 0.5, 0, 0, -0.25, 0.75 = 0.25
        AudioClip six = decode(wav().fmt(1, 6, 48000, 24)
                .data(pcm24(0x400000, 0x400000, 0, 0, -0x200000, 0x600000)).build());
        assertArrayEquals(new float[] {0.25f}, six.samples());
    }

    @Test
    void skipsListFactAndOddChunks() {
        byte[] b = wav().chunk("LIST", LIST_BODY).fmt(1, 1, 8000, 16)
                .chunk("fact", TestWav.le32(3))
                .chunk("odd ", new byte[] {1, 2, 3})           // odd size + pad byte
                .chunk("bext", new byte[602])
                .data(pcm16(100, -200, 300)).build();
        assertArrayEquals(new float[] {100 / 32768f, -200 / 32768f, 300 / 32768f}, decode(b).samples());
    }

    @Test
    void toleratesMissingPadByteAfterOddChunk() {
        byte[] b = wav().fmt(1, 1, 8000, 16).chunk("junk", 5, new byte[] {9, 9, 9, 9, 9}, false)
                .data(pcm16(1000, 2000)).build();
        assertArrayEquals(new float[] {1000 / 32768f, 2000 / 32768f}, decode(b).samples());
    }

    @Test
    void dataSizeZeroOrAllOnesMeansToEndOfFile() {
        byte[] zero = wav().riffSize(0).fmt(1, 1, 8000, 16).chunk("data", 0, pcm16(1, 2, 3), false).build();
        assertArrayEquals(new float[] {1 / 32768f, 2 / 32768f, 3 / 32768f}, decode(zero).samples());
        byte[] ones = wav().riffSize(0xFFFFFFFFL).fmt(1, 1, 8000, 16)
                .chunk("data", 0xFFFFFFFFL, pcm16(4, 5), false).build();
        assertArrayEquals(new float[] {4 / 32768f, 5 / 32768f}, decode(ones).samples());
    }

    @Test
    void declaredDataSizeHonouredAndTrailingChunksIgnored() {
        byte[] b = wav().fmt(1, 1, 8000, 16).chunk("data", 4, pcm16(7, 8, 9), false).build();
        assertArrayEquals(new float[] {7 / 32768f, 8 / 32768f}, decode(b).samples());
        byte[] trailing = wav().fmt(1, 1, 8000, 16).data(pcm16(7)).chunk("LIST", LIST_BODY).raw(new byte[] {1, 2, 3})
                .build();
        assertArrayEquals(new float[] {7 / 32768f}, decode(trailing).samples());
    }

    @Test
    void wrongRiffSizeIsIgnored() {
        byte[] b = wav().riffSize(12).fmt(1, 1, 22050, 16).data(pcm16(-5)).build();
        assertArrayEquals(new float[] {-5 / 32768f}, decode(b).samples());
    }

    @Test
    void readsFromPathAndWriterRoundTrips() throws Exception {
        float[] values = new float[8000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i - 4000) / 32768f;
        }
        Path file = dir.resolve("round trip.wav");
        WavWriter.writePcm16(file, values, 8000);
        assertEquals(44 + 16000, Files.size(file));
        AudioClip c = WavReader.read(file);
        assertArrayEquals(values, c.samples());
        assertEquals(file.toString(), c.source());
        assertEquals(1.0, c.durationSeconds(), 0);
    }

    @Test
    void writerClipsAndRounds() {
        assertEquals(32767, WavWriter.toPcm16(1f));
        assertEquals(32767, WavWriter.toPcm16(7f));
        assertEquals(-32768, WavWriter.toPcm16(-1f));
        assertEquals(-32768, WavWriter.toPcm16(-3f));
        assertEquals(16384, WavWriter.toPcm16(0.5f));
        assertEquals(2, WavWriter.toPcm16(1.5f / 32768f));
        assertEquals(-2, WavWriter.toPcm16(-1.5f / 32768f));
        assertEquals(1, WavWriter.toPcm16(1.49f / 32768f));
        assertEquals(0, WavWriter.toPcm16(Float.NaN));
        byte[] b = WavWriter.pcm16Bytes(new float[] {0.5f, -2f}, 4000);
        assertArrayEquals(concat(wav().fmt(1, 1, 4000, 16).data(pcm16(16384, -32768)).build()), b);
    }
}
