package org.heartsounds.evaluation.charts;

import java.util.Locale;

import org.heartsounds.evaluation.MetricsReport;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * One-vs-rest ROC curves of every class (from DL4J's exact {@code ROCMultiClass}), with the AUC in each legend
 * entry and the chance diagonal dashed.
 */
public final class RocChart {
    private RocChart() {
    }

    public static JFreeChart create(MetricsReport report) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        int s = 0;
        for (MetricsReport.RocCurve curve : report.roc()) {
            String key = String.format(Locale.ROOT, "%s (AUC = %.3f)", curve.className(), curve.auc());
            XYSeries series = new XYSeries(key, false, true);
            for (int i = 0; i < curve.falsePositiveRate().length; i++) {
                series.add(curve.falsePositiveRate()[i], curve.truePositiveRate()[i]);
            }
            data.addSeries(series);
            renderer.setSeriesPaint(s, ChartStyle.seriesPaint(report.classNames().indexOf(curve.className())));
            renderer.setSeriesStroke(s, ChartStyle.LINE);
            s++;
        }
        XYSeries chance = new XYSeries("chance", false, true);
        chance.add(0.0, 0.0);
        chance.add(1.0, 1.0);
        data.addSeries(chance);
        renderer.setSeriesPaint(s, ChartStyle.REFERENCE);
        renderer.setSeriesStroke(s, ChartStyle.DASHED);

        String title = String.format(Locale.ROOT, "ROC curves, one vs rest (macro AUC = %s)",
                report.summary().macroAuc() == null ? "-"
                        : String.format(Locale.ROOT, "%.3f", report.summary().macroAuc()));
        JFreeChart chart = ChartFactory.createXYLineChart(title, "false positive rate (1 - specificity)",
                "true positive rate (sensitivity)", data, PlotOrientation.VERTICAL, true, false, false);
        ChartStyle.apply(chart);
        chart.getXYPlot().setRenderer(renderer);
        unitAxes(chart);
        return chart;
    }

    /** Both axes from 0 to 1 with a small margin. */
    static void unitAxes(JFreeChart chart) {
        ((NumberAxis) chart.getXYPlot().getDomainAxis()).setRange(-0.01, 1.01);
        ((NumberAxis) chart.getXYPlot().getRangeAxis()).setRange(-0.01, 1.01);
    }
}
