package org.heartsounds.evaluation.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.heartsounds.evaluation.charts.ChartFiles;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;

/** The overlay people look at: its size, its axes (seconds, Hz on the mel scale) and where the heat shows. */
class CamOverlayTest {
    private static final int W = 64;
    private static final int H = 48;
    private static final SpectrogramAxes AXES = new SpectrogramAxes(2.0, 0, 1000);

    @Test
    void pngHasTheRequestedSizeAndTheAxesAreLabelled() throws IOException {
        JFreeChart chart = CamOverlay.chart("murmur 0.93", spectrogram(), hotSpot(),
                AXES, List.of(new CamOverlay.Mark(0.5, "S1"), new CamOverlay.Mark(0.8, "S2"),
                        new CamOverlay.Mark(3.0, "S1")));
        byte[] png = ChartFiles.png(chart, 480, 400);
        Path kept = Path.of("target", "explain", "overlay-test.png");
        Files.createDirectories(kept.getParent());
        Files.write(kept, png);
        Files.writeString(kept.resolveSibling("overlay-test.svg"), ChartFiles.svg(chart, 480, 400));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(480, img.getWidth());
        assertEquals(400, img.getHeight());
        CombinedDomainXYPlot plot = (CombinedDomainXYPlot) chart.getPlot();
        assertEquals("time (s)", plot.getDomainAxis().getLabel());
        XYPlot image = (XYPlot) plot.getSubplots().get(0);
        XYPlot profile = (XYPlot) plot.getSubplots().get(1);
        assertEquals("frequency (Hz, mel scale)", image.getRangeAxis().getLabel());
        assertEquals("evidence", profile.getRangeAxis().getLabel());
        assertEquals(2, image.getDomainMarkers(org.jfree.chart.ui.Layer.FOREGROUND).size(),
                "the mark at 3.0 s lies outside the 2 s window");
        String svg = ChartFiles.svg(chart, 480, 400);
        for (String text : List.of("time (s)", "murmur 0.93", "S1", "S2", ">200<",
                ">500<", ">1k<")) {
            assertTrue(svg.contains(text), "the SVG shows " + text);
        }
        // the vertical axis labels are drawn rotated (as shapes in the SVG); the labels themselves are checked above
        int labelColumn = 0;
        for (int x = 0; x < 30; x++) {
            for (int y = 60; y < 260; y++) {
                labelColumn += (img.getRGB(x, y) & 0xFF) < 128 ? 1 : 0;
            }
        }
        assertTrue(labelColumn > 100, "dark pixels of the rotated frequency label at the left edge: " + labelColumn);
    }

    @Test
    void ticksAreRoundFrequenciesOnTheMelScale() {
        CamOverlay.MelAxis axis = new CamOverlay.MelAxis(new SpectrogramAxes(2.0, 20, 2000));
        List<Double> hz = axis.tickHz();
        assertEquals(List.of(20.0, 500.0, 1000.0, 2000.0), hz, "at most 6, at least a seventh of the axis apart");
        assertEquals(List.of(0.0, 200.0, 500.0, 1000.0), new CamOverlay.MelAxis(AXES).tickHz());
        assertEquals(0.3, axis.getRange().getLowerBound(), 1e-9, "Slaney mel of 20 Hz");
    }

    @Test
    void heatShowsWhereTheMapIsHighAndGreyWhereItIsZero() {
        BufferedImage blended = CamOverlay.blend(spectrogram(), hotSpot());
        int hot = blended.getRGB(40, 10);
        int cold = blended.getRGB(5, 40);
        int r = (hot >> 16) & 0xFF;
        int b = hot & 0xFF;
        assertTrue(r - b > 120, "warm where the map is 1: " + Integer.toHexString(hot));
        assertEquals((cold >> 16) & 0xFF, cold & 0xFF, "grey where the map is 0");
        assertEquals((cold >> 8) & 0xFF, cold & 0xFF, "grey where the map is 0");
        assertEquals(0xFFFF00, CamOverlay.heat(1.0), "yellow at the top of the scale");
    }

    /** A viridis-like ramp: bluish at the bottom, greenish at the top. */
    private static int[] spectrogram() {
        int[] rgb = new int[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int g = 40 + 180 * (H - 1 - y) / (H - 1);
                rgb[y * W + x] = (0x30 << 16) | (g << 8) | 0x90;
            }
        }
        return rgb;
    }

    /** 1 in a block around column 40, row 10; 0 elsewhere. */
    static ClassActivationMap hotSpot() {
        float[][] m = new float[H][W];
        for (int y = 5; y < 16; y++) {
            for (int x = 34; x < 47; x++) {
                m[y][x] = 1f;
            }
        }
        return ClassActivationMap.of(1, 2.5, new float[][] {{1f}}, m);
    }
}
