package org.heartsounds.evaluation.charts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.heartsounds.evaluation.EpochMetrics;
import org.heartsounds.evaluation.MetricsReport;
import org.jfree.chart.JFreeChart;

/**
 * The full set of evaluation charts of a report, in report order: training accuracy and loss (only when per-epoch
 * metrics are given), confusion matrix, ROC curves and reliability diagram.
 */
public final class EvaluationCharts {
    public static final String TRAINING_ACCURACY = "training_accuracy";
    public static final String TRAINING_LOSS = "training_loss";
    public static final String CONFUSION_MATRIX = "confusion_matrix";
    public static final String ROC = "roc";
    public static final String RELIABILITY = "reliability";

    /** A chart with the file base name it is written under and a one-line caption. */
    public record NamedChart(String name, String caption, JFreeChart chart) {
    }

    /** A chart rendered to PNG. */
    public record Rendered(String name, String caption, byte[] png) {
    }

    private EvaluationCharts() {
    }

    /** The charts; {@code epochs} may be null or empty (no training curves then). */
    public static List<NamedChart> charts(MetricsReport report, List<EpochMetrics> epochs) {
        List<NamedChart> out = new ArrayList<>();
        if (epochs != null && !epochs.isEmpty()) {
            out.add(new NamedChart(TRAINING_ACCURACY, "Training and validation accuracy per epoch",
                    TrainingCurveCharts.accuracy(epochs)));
            out.add(new NamedChart(TRAINING_LOSS, "Training and validation loss per epoch",
                    TrainingCurveCharts.loss(epochs)));
        }
        out.add(new NamedChart(CONFUSION_MATRIX, "Confusion matrix: counts and % of each true class",
                ConfusionMatrixChart.create(report)));
        out.add(new NamedChart(ROC, "One-vs-rest ROC curves", RocChart.create(report)));
        out.add(new NamedChart(RELIABILITY, "Reliability diagram", ReliabilityChart.create(report)));
        return out;
    }

    /** Renders every chart to PNG in memory, {@link ChartFiles#WIDTH} x {@link ChartFiles#HEIGHT}. */
    public static List<Rendered> render(MetricsReport report, List<EpochMetrics> epochs) {
        List<Rendered> out = new ArrayList<>();
        for (NamedChart c : charts(report, epochs)) {
            out.add(new Rendered(c.name(), c.caption(), ChartFiles.png(c.chart(), ChartFiles.WIDTH,
                    ChartFiles.HEIGHT)));
        }
        return out;
    }

    /**
     * Writes {@code <name>.png} and {@code <name>.svg} of every chart into {@code dir} (atomically) and returns the
     * PNGs, ready for the HTML report.
     */
    public static List<Rendered> write(Path dir, MetricsReport report, List<EpochMetrics> epochs) throws IOException {
        List<Rendered> out = new ArrayList<>();
        for (NamedChart c : charts(report, epochs)) {
            byte[] png = ChartFiles.writePngAndSvg(c.chart(), dir, c.name(), ChartFiles.WIDTH, ChartFiles.HEIGHT);
            out.add(new Rendered(c.name(), c.caption(), png));
        }
        return out;
    }
}
