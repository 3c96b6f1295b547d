package org.heartsounds.evaluation.charts;

import java.awt.geom.Rectangle2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.heartsounds.core.io.AtomicFiles;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * Renders charts to PNG (JFreeChart's encoder) and SVG (JFreeSVG) at a fixed pixel size, in memory or atomically
 * to files. Rendering needs no display: loading this class sets {@code java.awt.headless=true} unless the property
 * was already given. The SVG's internal ids use a fixed prefix, so equal charts give equal files.
 */
public final class ChartFiles {
    /** Default width in pixels. */
    public static final int WIDTH = 800;
    /** Default height in pixels. */
    public static final int HEIGHT = 600;

    static {
        Headless.ensure();
    }

    private ChartFiles() {
    }

    /** The chart as PNG bytes, {@code width} x {@code height} pixels. */
    public static byte[] png(JFreeChart chart, int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        try {
            ChartUtils.writeChartAsPNG(out, chart, width, height);
        } catch (IOException e) {
            throw new IllegalStateException("PNG encoding to memory failed", e);
        }
        return out.toByteArray();
    }

    /**
     * The chart as a standalone SVG document of {@code width} x {@code height} pixels with a matching viewBox (so it
     * scales), and without the obsolete SVG 1.0 DOCTYPE that JFreeSVG's own document form carries.
     */
    public static String svg(JFreeChart chart, int width, int height) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        g.setDefsKeyPrefix("hs");
        chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + g.getSVGElement(null, true, new ViewBox(0, 0, width, height), null, null) + "\n";
    }

    /** Writes {@code <base>.png} and {@code <base>.svg} into {@code dir}, atomically; returns the PNG bytes. */
    public static byte[] writePngAndSvg(JFreeChart chart, Path dir, String base, int width, int height)
            throws IOException {
        byte[] png = png(chart, width, height);
        AtomicFiles.writeBytes(dir.resolve(base + ".png"), png);
        AtomicFiles.writeBytes(dir.resolve(base + ".svg"), svg(chart, width, height)
                .getBytes(StandardCharsets.UTF_8));
        return png;
    }
}
