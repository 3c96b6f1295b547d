package org.heartsounds.data.spectrogram;

import org.heartsounds.core.config.SpectrogramSpec;
import org.heartsounds.core.config.SpectrogramSpec.Colormap;
import org.heartsounds.core.config.SpectrogramSpec.WindowFunction;
import org.heartsounds.core.io.Sha256;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpectrogramRendererTest {
    private static final int SR = 4000;
    private static final int[] VIRIDIS = Colormaps.lut(Colormap.VIRIDIS);

    private static SpectrogramSpec spec(Colormap colormap) {
        return new SpectrogramSpec(256, 256, 32, WindowFunction.HANN, 128, 20.0, 2000.0, 80.0, colormap, 224, 224);
    }

    /** A heart-sound-like window: two decaying low-frequency bursts plus a little noise. */
    private static float[] heartLike() {
        float[] noise = StftTest.noise(8000, 5);
        float[] x = new float[8000];
        for (int n = 0; n < x.length; n++) {
            double t = n / (double) SR;
            double env = Math.exp(-Math.pow((t % 0.8 - 0.1) / 0.03, 2)) + 0.6 * Math.exp(-Math.pow((t % 0.8 - 0.4) / 0.02, 2));
            x[n] = (float) (env * Math.sin(2 * Math.PI * 90 * t) + 0.005 * noise[n]);
        }
        return x;
    }

    @Test
    void imageIs224SquareRgbWithoutNan() {
        SpectrogramRenderer renderer = new SpectrogramRenderer(SpectrogramSpec.defaults());
        BufferedImage image = renderer.render(heartLike(), SR);
        assertEquals(224, image.getWidth());
        assertEquals(224, image.getHeight());
        assertEquals(BufferedImage.TYPE_INT_RGB, image.getType());
        float[][] db = renderer.melDb(heartLike(), SR);
        assertEquals(128, db.length);
        assertEquals(251, db[0].length);
        for (float[] row : db) {
            for (float v : row) {
                assertTrue(v >= -80f && v <= 0f, "dB out of range: " + v);
            }
        }
    }

    @Test
    void colourMapsDbLinearlyWithHalfUpRounding() {
        SpectrogramRenderer renderer = new SpectrogramRenderer(spec(Colormap.VIRIDIS));
        // constant matrices: 0 dB -> index 255; -80 -> 0; -40 -> 127.5 -> 128 (half up); -20 -> 191.25 -> 191
        float[] levels = {0f, -80f, -40f, -20f, -100f};
        int[] expectedIndex = {255, 0, 128, 191, 0};
        for (int i = 0; i < levels.length; i++) {
            float[][] db = new float[128][251];
            for (float[] row : db) {
                Arrays.fill(row, levels[i]);
            }
            int[] pixels = renderer.colour(db);
            assertEquals(224 * 224, pixels.length);
            for (int p : pixels) {
                assertEquals(VIRIDIS[expectedIndex[i]], p, "level " + levels[i]);
            }
        }
    }

    @Test
    void lowestMelBandIsTheBottomRow() {
        SpectrogramRenderer renderer = new SpectrogramRenderer(spec(Colormap.GRAY));
        float[][] db = new float[128][251];
        for (float[] row : db) {
            Arrays.fill(row, -80f);
        }
        Arrays.fill(db[0], 0f);
        int[] pixels = renderer.colour(db);
        // output row r (from the bottom) samples mel (r + 0.5) * 128 / 224 - 0.5: r = 0 -> clamped to 0 -> band 0
        // exactly (white); r = 1 -> 0.071 -> 0.929 of band 0 -> index round(0.929 * 255) = 237; r >= 3 -> src >= 1.5
        for (int c = 0; c < 224; c++) {
            assertEquals(0xffffff, pixels[223 * 224 + c], "bottom row");
            assertEquals(0x000000, pixels[c], "top row");
            assertEquals(0x000000, pixels[(223 - 3) * 224 + c]);
        }
        double src = 1.5 * 128 / 224 - 0.5;
        int index = (int) Math.floor((1 - src) * 255 + 0.5);
        assertEquals(index * 0x010101, pixels[222 * 224]);
    }

    @Test
    void lowToneLightsBottomRowsAndHighToneTopRows() {
        SpectrogramRenderer renderer = new SpectrogramRenderer(spec(Colormap.GRAY));
        double low = 100.0;
        double high = 1700.0;
        assertEquals(expectedRow(low), brightestRow(renderer.rgb(StftTest.cosine(low, 0.5, 0, 8000), SR)), 4.0);
        assertEquals(expectedRow(high), brightestRow(renderer.rgb(StftTest.cosine(high, 0.5, 0, 8000), SR)), 4.0);
        assertTrue(expectedRow(low) > 200 && expectedRow(high) < 30);
    }

    /** Image row (0 = top) of a tone: its mel position between mel(20) and mel(2000), flipped. */
    private static double expectedRow(double hz) {
        double fraction = (SlaneyMel.hzToMel(hz) - SlaneyMel.hzToMel(20)) / (SlaneyMel.hzToMel(2000) - SlaneyMel.hzToMel(20));
        return 224 * (1 - fraction) - 0.5;
    }

    private static int brightestRow(int[] pixels) {
        int best = 0;
        long bestSum = -1;
        for (int r = 0; r < 224; r++) {
            long sum = 0;
            for (int c = 0; c < 224; c++) {
                int p = pixels[r * 224 + c];
                assertEquals(p >> 16 & 0xff, p & 0xff, "gray must have r == b");
                assertEquals(p >> 8 & 0xff, p & 0xff, "gray must have g == b");
                sum += p & 0xff;
            }
            if (sum > bestSum) {
                bestSum = sum;
                best = r;
            }
        }
        return best;
    }

    @Test
    void grayColormapGivesEqualChannels() {
        int[] pixels = new SpectrogramRenderer(spec(Colormap.GRAY)).rgb(heartLike(), SR);
        int distinct = (int) Arrays.stream(pixels).distinct().count();
        assertTrue(distinct > 50, "expected a varied image, got " + distinct + " colours");
        for (int p : pixels) {
            int r = p >> 16 & 0xff;
            assertEquals(r, p >> 8 & 0xff);
            assertEquals(r, p & 0xff);
        }
    }

    @Test
    void silenceRendersAsOneUniformColour() {
        SpectrogramRenderer renderer = new SpectrogramRenderer(spec(Colormap.MAGMA));
        int[] pixels = renderer.rgb(new float[8000], SR);
        // every cell is 0 dB (see MelSpectrogram), i.e. the top colour of the map
        for (int p : pixels) {
            assertEquals(0xfcfdbf, p);
        }
    }

    @Test
    void pngIsDeterministicAcrossCallsAndInstances() {
        float[] x = heartLike();
        SpectrogramRenderer a = new SpectrogramRenderer(SpectrogramSpec.defaults());
        byte[] first = a.png(x, SR);
        a.png(StftTest.noise(8000, 9), SR);
        byte[] second = a.png(x, SR);
        byte[] fresh = new SpectrogramRenderer(SpectrogramSpec.defaults()).png(x, SR);
        assertArrayEquals(first, second);
        assertArrayEquals(first, fresh);
        assertEquals(Sha256.of(first), Sha256.of(fresh));
        assertEquals(64, Sha256.of(first).length());
    }

    @Test
    void pngDecodesToExactlyTheRenderedPixels() throws IOException {
        SpectrogramRenderer renderer = new SpectrogramRenderer(SpectrogramSpec.defaults());
        float[] x = heartLike();
        int[] pixels = renderer.rgb(x, SR);
        byte[] png = renderer.encode(renderer.image(pixels));
        // PNG signature, IHDR: 224 x 224, bit depth 8, colour type 2 (RGB), not interlaced
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}, Arrays.copyOf(png, 8));
        assertEquals(224, readInt(png, 16));
        assertEquals(224, readInt(png, 20));
        assertEquals(8, png[24]);
        assertEquals(2, png[25]);
        assertEquals(0, png[28]);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(224, decoded.getWidth());
        assertEquals(224, decoded.getHeight());
        int[] back = decoded.getRGB(0, 0, 224, 224, null, 0, 224);
        for (int i = 0; i < back.length; i++) {
            back[i] &= 0xffffff;
        }
        assertArrayEquals(pixels, back);
        assertArrayEquals(png, renderer.png(x, SR));
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    @Test
    void deflateLevelChangesSizeNotPixels() throws IOException {
        float[] x = heartLike();
        byte[] stored = new SpectrogramRenderer(SpectrogramSpec.defaults(), 0).png(x, SR);
        byte[] packed = new SpectrogramRenderer(SpectrogramSpec.defaults(), 9).png(x, SR);
        // stored deflate: at least the raw 224 * (1 + 3 * 224) bytes of filtered scanlines
        assertTrue(stored.length > 224 * (1 + 3 * 224), "stored PNG is " + stored.length + " bytes");
        assertTrue(packed.length < stored.length / 2, packed.length + " vs " + stored.length);
        assertArrayEquals(ImageIO.read(new ByteArrayInputStream(stored)).getRGB(0, 0, 224, 224, null, 0, 224),
                ImageIO.read(new ByteArrayInputStream(packed)).getRGB(0, 0, 224, 224, null, 0, 224));
        assertThrows(IllegalArgumentException.class, () -> new SpectrogramRenderer(SpectrogramSpec.defaults(), 10));
    }

    @Test
    void nonDefaultSizeAndStagesCompose() {
        SpectrogramSpec spec = new SpectrogramSpec(512, 400, 64, WindowFunction.HAMMING, 64, 0.0, 4000.0, 60.0,
                Colormap.VIRIDIS, 300, 100);
        SpectrogramRenderer renderer = new SpectrogramRenderer(spec);
        float[] x = heartLike();
        BufferedImage image = renderer.render(x, SR);
        assertEquals(300, image.getWidth());
        assertEquals(100, image.getHeight());
        int[] staged = renderer.colour(renderer.db(renderer.mel(renderer.power(x), SR)));
        assertArrayEquals(renderer.rgb(x, SR), staged);
        assertEquals(2000.0, renderer.filterbank(SR).fmax());
        assertThrows(IllegalArgumentException.class, () -> renderer.colour(new float[10][5]));
        assertThrows(IllegalArgumentException.class, () -> renderer.image(new int[5]));
    }
}
