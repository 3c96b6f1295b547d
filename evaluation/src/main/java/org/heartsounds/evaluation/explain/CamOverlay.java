package org.heartsounds.evaluation.explain;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.heartsounds.data.spectrogram.SlaneyMel;
import org.heartsounds.evaluation.charts.ChartFiles;
import org.heartsounds.evaluation.charts.ChartStyle;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYAreaRenderer;
import org.jfree.chart.ui.Align;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A Grad-CAM map drawn for people (JFreeChart): the spectrogram in grey with the map over it in warm colours (the
 * more evidence, the more opaque), the time axis in seconds, the frequency axis in Hz on the mel scale, and below it
 * the time profile (where along the window the evidence lies, 1 = spread evenly); S1/S2 positions, when known, are
 * vertical marks on both. The network's input stays axis-free; this is a separate picture.
 */
public final class CamOverlay {
    /** Default size in the HTML gallery. */
    public static final int WIDTH = 480;
    public static final int HEIGHT = 400;
    /** Opacity of the map where it is largest. */
    static final double MAX_ALPHA = 0.7;
    static final String TIME_LABEL = "time (s)";
    static final String FREQUENCY_LABEL = "frequency (Hz, mel scale)";
    static final String PROFILE_LABEL = "evidence";

    /** A time mark on the overlay, e.g. an S1 at 0.31 s from the window's start. */
    public record Mark(double seconds, String label) {
    }

    private CamOverlay() {
    }

    /**
     * The spectrogram in grey (its luminance) with the map blended over it.
     *
     * @param rgb packed 0xRRGGBB pixels, row-major, {@code map.height() x map.width()}
     */
    public static BufferedImage blend(int[] rgb, ClassActivationMap map) {
        int h = map.height();
        int w = map.width();
        if (rgb.length != h * w) {
            throw new IllegalArgumentException(rgb.length + " pixels for a " + w + "x" + h + " map");
        }
        float[][] m = map.map();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = rgb[y * w + x];
                double grey = 0.299 * ((p >> 16) & 0xFF) + 0.587 * ((p >> 8) & 0xFF) + 0.114 * (p & 0xFF);
                double v = Math.max(0, Math.min(1, m[y][x]));
                int heat = heat(v);
                double a = MAX_ALPHA * v;
                int r = (int) Math.round((1 - a) * grey + a * ((heat >> 16) & 0xFF));
                int g = (int) Math.round((1 - a) * grey + a * ((heat >> 8) & 0xFF));
                int b = (int) Math.round((1 - a) * grey + a * (heat & 0xFF));
                out.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return out;
    }

    /** Warm colour scale: dark red (0) through red and orange to yellow (1). */
    static int heat(double v) {
        double r = Math.min(1, 0.45 + 1.1 * v);
        double g = Math.max(0, Math.min(1, 1.6 * v - 0.6));
        return ((int) Math.round(255 * r) << 16) | ((int) Math.round(255 * g) << 8);
    }

    /** The overlay chart; {@code marks} in seconds from the window's start (may be empty). */
    public static JFreeChart chart(String title, int[] rgb, ClassActivationMap map, SpectrogramAxes axes,
                                   List<Mark> marks) {
        NumberAxis time = new NumberAxis(TIME_LABEL);
        time.setAutoRange(false);
        time.setRange(0, axes.seconds());
        ChartStyle.styleAxis(time);

        MelAxis frequency = new MelAxis(axes);
        // a renderer without data: XYPlot draws markers through its renderer
        XYPlot image = new XYPlot(null, null, frequency, new org.jfree.chart.renderer.xy.XYLineAndShapeRenderer());
        image.setBackgroundImage(blend(rgb, map));
        image.setBackgroundImageAlpha(1f);
        image.setBackgroundImageAlignment(Align.FIT);
        image.setDomainGridlinesVisible(false);
        image.setRangeGridlinesVisible(false);
        image.setOutlinePaint(Color.DARK_GRAY);

        double[] profile = map.timeProfile();
        XYSeries series = new XYSeries(PROFILE_LABEL);
        for (int x = 0; x < profile.length; x++) {
            series.add((x + 0.5) / profile.length * axes.seconds(), profile[x] * profile.length);
        }
        NumberAxis evidence = new NumberAxis(PROFILE_LABEL);
        evidence.setAutoRangeIncludesZero(true);
        ChartStyle.styleAxis(evidence);
        XYAreaRenderer area = new XYAreaRenderer();
        area.setSeriesPaint(0, new Color(0xD0, 0x50, 0x10, 200));
        XYPlot band = new XYPlot(new XYSeriesCollection(series), null, evidence, area);
        band.setBackgroundPaint(Color.WHITE);
        band.setRangeGridlinePaint(new Color(0xDDDDDD));
        band.setDomainGridlinesVisible(false);
        ValueMarker even = new ValueMarker(1.0, Color.GRAY, new BasicStroke(1f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
        band.addRangeMarker(even);

        for (Mark mark : marks) {
            if (mark.seconds() < 0 || mark.seconds() > axes.seconds()) {
                continue;
            }
            image.addDomainMarker(labelledMarker(mark.seconds(), mark.label(), Color.WHITE, 1.2f,
                    new Font(Font.SANS_SERIF, Font.BOLD, 11)));
            band.addDomainMarker(new ValueMarker(mark.seconds(), Color.DARK_GRAY, new BasicStroke(1f)));
        }

        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        plot.setGap(6);
        plot.add(image, 4);
        plot.add(band, 1);
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 13), plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        // the image's pixels as blocks, as the network saw them (and a PNG a third the size of a smoothed one)
        chart.getRenderingHints().put(java.awt.RenderingHints.KEY_INTERPOLATION,
                java.awt.RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        return chart;
    }

    /** A vertical line at {@code seconds} with {@code label} at its top right, in {@code colour}. */
    static ValueMarker labelledMarker(double seconds, String label, Color colour, float width, Font font) {
        ValueMarker m = new ValueMarker(seconds, colour, new BasicStroke(width));
        m.setLabel(label);
        m.setLabelPaint(colour);
        m.setLabelFont(font);
        m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        return m;
    }

    /** The overlay as PNG bytes. */
    public static byte[] png(String title, int[] rgb, ClassActivationMap map, SpectrogramAxes axes, List<Mark> marks,
                             int width, int height) {
        return ChartFiles.png(chart(title, rgb, map, axes, marks), width, height);
    }

    /**
     * The mel-scaled frequency axis: linear in mel (as the image's rows are) with ticks at round frequencies in Hz
     * (1-2-5 steps).
     */
    static final class MelAxis extends NumberAxis {
        private static final long serialVersionUID = 1L;
        private static final int MAX_TICKS = 6;
        private final transient SpectrogramAxes axes;

        MelAxis(SpectrogramAxes axes) {
            super(FREQUENCY_LABEL);
            this.axes = axes;
            setAutoRange(false);
            setRange(axes.melMin(), axes.melMax());
            ChartStyle.styleAxis(this);
        }

        /** Round frequencies inside the axis, spaced so that at most {@value #MAX_TICKS} show. */
        List<Double> tickHz() {
            List<Double> all = new ArrayList<>();
            if (axes.fminHz() == 0) {
                all.add(0.0);
            }
            for (double decade = 10; decade <= 1e5; decade *= 10) {
                for (double f : new double[] {1, 2, 5}) {
                    double hz = f * decade;
                    if (hz >= axes.fminHz() && hz <= axes.fmaxHz()) {
                        all.add(hz);
                    }
                }
            }
            List<Double> shown = new ArrayList<>();
            double minGap = (axes.melMax() - axes.melMin()) / (MAX_TICKS + 1);
            double last = Double.NEGATIVE_INFINITY;
            for (double hz : all) {
                double mel = SlaneyMel.hzToMel(hz);
                if (mel - last >= minGap) {
                    shown.add(hz);
                    last = mel;
                }
            }
            return shown;
        }

        @Override
        public List refreshTicks(java.awt.Graphics2D g2, AxisState state, java.awt.geom.Rectangle2D dataArea,
                                 RectangleEdge edge) {
            List<NumberTick> ticks = new ArrayList<>();
            for (double hz : tickHz()) {
                ticks.add(new NumberTick(TickType.MAJOR, SlaneyMel.hzToMel(hz), label(hz), TextAnchor.CENTER_RIGHT,
                        TextAnchor.CENTER_RIGHT, 0.0));
            }
            return ticks;
        }

        private static String label(double hz) {
            return hz >= 1000 && hz % 1000 == 0 ? String.format(Locale.ROOT, "%.0fk", hz / 1000)
                    : String.format(Locale.ROOT, "%.0f", hz);
        }
    }
}
