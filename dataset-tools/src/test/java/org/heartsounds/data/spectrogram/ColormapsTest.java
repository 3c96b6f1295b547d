package org.heartsounds.data.spectrogram;

import org.heartsounds.core.config.SpectrogramSpec.Colormap;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ColormapsTest {

    @Test
    void endpointsEqualMatplotlib() {
        int[] viridis = Colormaps.lut(Colormap.VIRIDIS);
        int[] magma = Colormaps.lut(Colormap.MAGMA);
        assertEquals(256, viridis.length);
        assertEquals(256, magma.length);
        assertEquals(0x440154, viridis[0]);
        assertEquals(0xfde725, viridis[255]);
        assertEquals(0x000004, magma[0]);
        assertEquals(0xfcfdbf, magma[255]);
        // matplotlib viridis(0.5) -> index 128 = #21918c
        assertEquals(0x21918c, viridis[128]);
    }

    @Test
    void grayIsEqualChannelsRamp() {
        int[] gray = Colormaps.lut(Colormap.GRAY);
        for (int i = 0; i < 256; i++) {
            assertEquals(i, gray[i] >> 16 & 0xff);
            assertEquals(i, gray[i] >> 8 & 0xff);
            assertEquals(i, gray[i] & 0xff);
        }
    }

    @Test
    void perceptualMapsGetBrighterOverall() {
        // viridis and magma are monotonic in lightness; the green channel (the largest luma weight) of the last
        // entry exceeds that of the first by far.
        for (Colormap c : new Colormap[] {Colormap.VIRIDIS, Colormap.MAGMA}) {
            int[] lut = Colormaps.lut(c);
            assertTrue(luma(lut[255]) - luma(lut[0]) > 150, c.name());
            assertTrue(luma(lut[192]) > luma(lut[64]), c.name());
        }
    }

    private static double luma(int rgb) {
        return 0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff);
    }

    @Test
    void lutIsACopy() {
        int[] a = Colormaps.lut(Colormap.VIRIDIS);
        a[0] = 0;
        assertEquals(0x440154, Colormaps.lut(Colormap.VIRIDIS)[0]);
    }

    @Test
    void malformedTablesAreRejected() {
        String ok = "# c\n" + "000000\n".repeat(256);
        assertEquals(256, parse(ok).length);
        IllegalStateException few = assertThrows(IllegalStateException.class, () -> parse("000000\n".repeat(255)));
        assertTrue(few.getMessage().contains("found 255"), few.getMessage());
        assertThrows(IllegalStateException.class, () -> parse("000000\n".repeat(257)));
        IllegalStateException bad = assertThrows(IllegalStateException.class,
                () -> parse("00000g\n" + "000000\n".repeat(255)));
        assertTrue(bad.getMessage().contains("line 1"), bad.getMessage());
    }

    private static int[] parse(String text) {
        try {
            return Colormaps.parse("test.txt", new BufferedReader(new StringReader(text)));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
