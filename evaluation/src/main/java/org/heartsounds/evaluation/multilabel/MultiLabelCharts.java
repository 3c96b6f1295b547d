package org.heartsounds.evaluation.multilabel;

import java.util.List;
import org.heartsounds.evaluation.charts.ChartFiles;
import org.heartsounds.evaluation.charts.ChartStyle;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.nd4j.evaluation.classification.ROCBinary;
import org.nd4j.evaluation.curves.PrecisionRecallCurve;
import org.nd4j.evaluation.curves.RocCurve;

/** Per-label ROC and precision-recall curves of a multi-label model (DL4J's exact {@link ROCBinary}, JFreeChart). */
public final class MultiLabelCharts {
    private MultiLabelCharts() {
    }

    /** {@code [roc PNG, precision-recall PNG]}, 800 x 600 each. */
    public static byte[][] render(MultiLabelPredictions p) {
        ROCBinary roc = new ROCBinary(0);
        roc.eval(p.truthMatrix(), p.probabilityMatrix());
        XYSeriesCollection rocSeries = new XYSeriesCollection();
        XYSeriesCollection prSeries = new XYSeriesCollection();
        List<String> labels = p.labels();
        for (int c = 0; c < labels.size(); c++) {
            if (roc.getCountActualPositive(c) == 0 || roc.getCountActualNegative(c) == 0) {
                continue;
            }
            RocCurve curve = roc.getRocCurve(c);
            XYSeries s = new XYSeries(String.format(java.util.Locale.ROOT, "%s (AUROC %.3f)", labels.get(c),
                    roc.calculateAUC(c)), false, true);
            for (int i = 0; i < curve.numPoints(); i++) {
                s.add(curve.getFalsePositiveRate(i), curve.getTruePositiveRate(i));
            }
            rocSeries.addSeries(s);
            PrecisionRecallCurve pr = roc.getPrecisionRecallCurve(c);
            XYSeries q = new XYSeries(String.format(java.util.Locale.ROOT, "%s (AP %.3f)", labels.get(c),
                    roc.calculateAUCPR(c)), false, true);
            for (int i = 0; i < pr.numPoints(); i++) {
                q.add(pr.getRecall(i), pr.getPrecision(i));
            }
            prSeries.addSeries(q);
        }
        return new byte[][] {
                png(ChartFactory.createXYLineChart("ROC per label", "false positive rate", "true positive rate",
                        rocSeries, PlotOrientation.VERTICAL, true, false, false)),
                png(ChartFactory.createXYLineChart("Precision-recall per label", "recall", "precision", prSeries,
                        PlotOrientation.VERTICAL, true, false, false))};
    }

    private static byte[] png(JFreeChart chart) {
        ChartStyle.apply(chart);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < plot.getDataset().getSeriesCount(); i++) {
            r.setSeriesPaint(i, ChartStyle.seriesPaint(i));
            r.setSeriesStroke(i, new java.awt.BasicStroke(2f));
        }
        plot.setRenderer(r);
        plot.getDomainAxis().setRange(0, 1);
        plot.getRangeAxis().setRange(0, 1.02);
        return ChartFiles.png(chart, ChartFiles.WIDTH, ChartFiles.HEIGHT);
    }
}
