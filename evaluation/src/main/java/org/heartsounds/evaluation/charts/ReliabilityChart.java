package org.heartsounds.evaluation.charts;

import java.awt.geom.Ellipse2D;

import org.heartsounds.evaluation.MetricsReport;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Reliability diagram (from DL4J's {@code EvaluationCalibration}): for every class, the observed fraction of
 * positives against the mean predicted probability in each non-empty probability bin. A perfectly calibrated
 * model lies on the dashed diagonal.
 */
public final class ReliabilityChart {
    private ReliabilityChart() {
    }

    public static JFreeChart create(MetricsReport report) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        int s = 0;
        for (MetricsReport.ReliabilityCurve curve : report.reliability()) {
            XYSeries series = new XYSeries(curve.className(), false, true);
            for (int i = 0; i < curve.meanPredicted().length; i++) {
                series.add(curve.meanPredicted()[i], curve.fractionPositive()[i]);
            }
            data.addSeries(series);
            renderer.setSeriesPaint(s, ChartStyle.seriesPaint(report.classNames().indexOf(curve.className())));
            renderer.setSeriesStroke(s, ChartStyle.LINE);
            renderer.setSeriesShape(s, new Ellipse2D.Double(-4, -4, 8, 8));
            s++;
        }
        XYSeries ideal = new XYSeries("perfectly calibrated", false, true);
        ideal.add(0.0, 0.0);
        ideal.add(1.0, 1.0);
        data.addSeries(ideal);
        renderer.setSeriesPaint(s, ChartStyle.REFERENCE);
        renderer.setSeriesStroke(s, ChartStyle.DASHED);
        renderer.setSeriesShapesVisible(s, false);

        JFreeChart chart = ChartFactory.createXYLineChart("Reliability diagram (one vs rest, "
                        + (report.reliability().isEmpty() ? 0 : report.reliability().get(0).bins()) + " bins)",
                "mean predicted probability", "observed fraction of positives", data, PlotOrientation.VERTICAL,
                true, false, false);
        ChartStyle.apply(chart);
        chart.getXYPlot().setRenderer(renderer);
        RocChart.unitAxes(chart);
        return chart;
    }
}
