package org.heartsounds.evaluation.charts;

import java.awt.Color;
import java.awt.Font;
import java.util.List;
import java.util.Locale;

import org.heartsounds.evaluation.MetricsReport;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * Confusion-matrix heatmap: predicted class on the x axis, true class on the y axis (first class at the top),
 * cells coloured by count on {@link BluesPaintScale} (darker = more items), each cell labelled with its count and,
 * below it, its share of the true class's items (row %). A colour bar on the right gives the count scale.
 */
public final class ConfusionMatrixChart {
    private ConfusionMatrixChart() {
    }

    /** The heatmap of a report's confusion matrix. */
    public static JFreeChart create(MetricsReport report) {
        return create(report.classNames(), report.confusion().counts(), report.confusion().rowNormalised(),
                "Confusion matrix (n = " + report.count() + ")");
    }

    /** The heatmap of a confusion matrix (rows = true class, columns = predicted class). */
    public static JFreeChart create(List<String> classes, long[][] counts, double[][] rowNormalised, String title) {
        int c = classes.size();
        long max = 1;
        double[][] xyz = new double[3][c * c];
        for (int t = 0; t < c; t++) {
            for (int p = 0; p < c; p++) {
                int k = t * c + p;
                xyz[0][k] = p;
                xyz[1][k] = t;
                xyz[2][k] = counts[t][p];
                max = Math.max(max, counts[t][p]);
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("counts", xyz);

        BluesPaintScale scale = new BluesPaintScale(0, max);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        renderer.setBlockWidth(1.0);
        renderer.setBlockHeight(1.0);

        String[] names = classes.toArray(new String[0]);
        SymbolAxis predicted = classAxis("Predicted class", names);
        SymbolAxis truth = classAxis("True class", names);
        truth.setInverted(true);
        XYPlot plot = new XYPlot(data, predicted, truth, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setDomainAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
        plot.setOutlinePaint(ChartStyle.REFERENCE);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        annotate(plot, counts, rowNormalised, scale);

        JFreeChart chart = new JFreeChart(title, ChartStyle.TITLE, plot, false);
        chart.addSubtitle(colourBar(scale));
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setPadding(new RectangleInsets(8, 8, 8, 8));
        return chart;
    }

    private static SymbolAxis classAxis(String label, String[] names) {
        SymbolAxis axis = new SymbolAxis(label, names);
        axis.setRange(-0.5, names.length - 0.5);
        axis.setGridBandsVisible(false);
        axis.setTickMarksVisible(false);
        ChartStyle.styleAxis(axis);
        return axis;
    }

    private static void annotate(XYPlot plot, long[][] counts, double[][] rowNormalised, BluesPaintScale scale) {
        int c = counts.length;
        int countSize = c <= 5 ? 22 : c <= 8 ? 16 : 11;
        Font countFont = new Font(Font.SANS_SERIF, Font.BOLD, countSize);
        Font shareFont = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(9, countSize * 6 / 10));
        for (int t = 0; t < c; t++) {
            for (int p = 0; p < c; p++) {
                Color ink = scale.fraction(counts[t][p]) > 0.55 ? Color.WHITE : new Color(0x202020);
                // the y axis is inverted: a smaller y value is drawn higher
                XYTextAnnotation count = new XYTextAnnotation(Long.toString(counts[t][p]), p, t - 0.08);
                count.setFont(countFont);
                count.setPaint(ink);
                count.setTextAnchor(TextAnchor.BOTTOM_CENTER);
                plot.addAnnotation(count);
                String pct = String.format(Locale.ROOT, "%.1f%%", 100.0 * rowNormalised[t][p]);
                XYTextAnnotation share = new XYTextAnnotation(pct, p, t + 0.06);
                share.setFont(shareFont);
                share.setPaint(ink);
                share.setTextAnchor(TextAnchor.TOP_CENTER);
                plot.addAnnotation(share);
            }
        }
    }

    private static PaintScaleLegend colourBar(BluesPaintScale scale) {
        NumberAxis axis = new NumberAxis("items");
        axis.setRange(scale.getLowerBound(), scale.getUpperBound());
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        ChartStyle.styleAxis(axis);
        PaintScaleLegend legend = new PaintScaleLegend(scale, axis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setAxisLocation(AxisLocation.TOP_OR_RIGHT);
        legend.setStripWidth(16);
        legend.setSubdivisionCount(64);
        legend.setMargin(new RectangleInsets(4, 12, 4, 4));
        legend.setBackgroundPaint(Color.WHITE);
        return legend;
    }
}
