package org.heartsounds.evaluation.charts;

import java.util.List;
import java.util.function.ToDoubleFunction;

import org.heartsounds.evaluation.EpochMetrics;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Accuracy and loss per epoch, training and validation, from a run's {@code metrics.csv}
 * ({@link org.heartsounds.evaluation.MetricsCsv}). Epochs with a missing value leave a gap in that series only.
 */
public final class TrainingCurveCharts {
    private TrainingCurveCharts() {
    }

    /** Training and validation accuracy per epoch. */
    public static JFreeChart accuracy(List<EpochMetrics> epochs) {
        return chart("Accuracy per epoch", "accuracy", epochs, EpochMetrics::trainAcc, EpochMetrics::valAcc);
    }

    /** Training and validation loss per epoch. */
    public static JFreeChart loss(List<EpochMetrics> epochs) {
        return chart("Loss per epoch", "loss", epochs, EpochMetrics::trainLoss, EpochMetrics::valLoss);
    }

    private static JFreeChart chart(String title, String yLabel, List<EpochMetrics> epochs,
                                    ToDoubleFunction<EpochMetrics> train, ToDoubleFunction<EpochMetrics> val) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(series("training", epochs, train));
        data.addSeries(series("validation", epochs, val));
        JFreeChart chart = ChartFactory.createXYLineChart(title, "epoch", yLabel, data, PlotOrientation.VERTICAL,
                true, false, false);
        ChartStyle.apply(chart);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, epochs.size() <= 60);
        for (int s = 0; s < 2; s++) {
            renderer.setSeriesPaint(s, ChartStyle.seriesPaint(s));
            renderer.setSeriesStroke(s, ChartStyle.LINE);
        }
        chart.getXYPlot().setRenderer(renderer);
        NumberAxis x = (NumberAxis) chart.getXYPlot().getDomainAxis();
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = (NumberAxis) chart.getXYPlot().getRangeAxis();
        y.setAutoRangeIncludesZero(false);
        return chart;
    }

    private static XYSeries series(String name, List<EpochMetrics> epochs, ToDoubleFunction<EpochMetrics> value) {
        XYSeries s = new XYSeries(name, true, false);
        for (EpochMetrics e : epochs) {
            double v = value.applyAsDouble(e);
            // null y: a gap in the line instead of a point at NaN
            s.addOrUpdate((Number) e.epoch(), Double.isNaN(v) ? null : (Number) v);
        }
        return s;
    }
}
