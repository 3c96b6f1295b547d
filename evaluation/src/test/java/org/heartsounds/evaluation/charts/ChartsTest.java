package org.heartsounds.evaluation.charts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.heartsounds.evaluation.EpochMetrics;
import org.heartsounds.evaluation.MetricsOptions;
import org.heartsounds.evaluation.MetricsReport;
import org.heartsounds.evaluation.Predictions;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ChartsTest {
    private static MetricsReport report;
    private static List<EpochMetrics> epochs;
    private static List<EvaluationCharts.Rendered> written;
    @TempDir
    static Path dir;

    @BeforeAll
    static void writeCharts() throws IOException {
        report = MetricsReport.compute(ChartFixtures.predictions(), MetricsOptions.defaults());
        epochs = ChartFixtures.epochs(20);
        written = EvaluationCharts.write(dir, report, epochs);
    }

    @Test
    void everyChartIsAnOpaque800x600PngAndASvg() throws Exception {
        List<String> names = written.stream().map(EvaluationCharts.Rendered::name).toList();
        assertEquals(List.of("training_accuracy", "training_loss", "confusion_matrix", "roc", "reliability"), names);
        for (EvaluationCharts.Rendered r : written) {
            Path png = dir.resolve(r.name() + ".png");
            assertArrayEquals(r.png(), Files.readAllBytes(png), r.name());
            BufferedImage img = ImageIO.read(png.toFile());
            assertEquals(800, img.getWidth(), r.name());
            assertEquals(600, img.getHeight(), r.name());
            int colours = distinctColours(img);
            assertTrue(colours > 40, r.name() + " has only " + colours + " colours");
            assertEquals(0xFFFFFFFF, img.getRGB(2, 2), r.name() + " background");

            Path svg = dir.resolve(r.name() + ".svg");
            String text = Files.readString(svg);
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = f.newDocumentBuilder().parse(svg.toFile());
            org.w3c.dom.Element root = doc.getDocumentElement();
            assertEquals("svg", root.getTagName(), r.name());
            assertEquals(800.0, Double.parseDouble(root.getAttribute("width")), 0.0, r.name());
            assertEquals(600.0, Double.parseDouble(root.getAttribute("height")), 0.0, r.name());
            assertEquals("0 0 800 600", root.getAttribute("viewBox").replace(".0", ""), r.name());
            assertTrue(text.length() > 5000, r.name() + " svg is only " + text.length() + " chars");
        }
        try (var s = Files.list(dir)) {
            assertEquals(10, s.count(), "5 PNG + 5 SVG, no temporary files");
        }
    }

    @Test
    void renderingIsDeterministic() {
        JFreeChart a = ConfusionMatrixChart.create(report);
        JFreeChart b = ConfusionMatrixChart.create(report);
        assertArrayEquals(ChartFiles.png(a, 800, 600), ChartFiles.png(b, 800, 600));
        assertEquals(ChartFiles.svg(RocChart.create(report), 800, 600),
                ChartFiles.svg(RocChart.create(report), 800, 600));
    }

    @Test
    void heatmapCellOfLargestCountIsDarkest() throws IOException {
        long[][] counts = report.confusion().counts();
        int c = counts.length;
        JFreeChart chart = ConfusionMatrixChart.create(report);
        ChartRenderingInfo info = new ChartRenderingInfo();
        chart.createBufferedImage(800, 600, info);
        Rectangle2D area = info.getPlotInfo().getDataArea();
        XYPlot plot = chart.getXYPlot();
        BufferedImage png = ImageIO.read(dir.resolve("confusion_matrix.png").toFile());

        int maxT = 0;
        int maxP = 0;
        int minT = 0;
        int minP = 0;
        double darkest = Double.MAX_VALUE;
        double lightest = -1;
        int darkT = -1;
        int darkP = -1;
        int lightT = -1;
        int lightP = -1;
        for (int t = 0; t < c; t++) {
            for (int p = 0; p < c; p++) {
                if (counts[t][p] > counts[maxT][maxP]) {
                    maxT = t;
                    maxP = p;
                }
                if (counts[t][p] < counts[minT][minP]) {
                    minT = t;
                    minP = p;
                }
                // a point between the cell's centre and its top-left corner, away from the labels
                double x = plot.getDomainAxis().valueToJava2D(p - 0.35, area, plot.getDomainAxisEdge());
                double y = plot.getRangeAxis().valueToJava2D(t - 0.35, area, plot.getRangeAxisEdge());
                double lum = luminance(png.getRGB((int) Math.round(x), (int) Math.round(y)));
                if (lum < darkest) {
                    darkest = lum;
                    darkT = t;
                    darkP = p;
                }
                if (lum > lightest) {
                    lightest = lum;
                    lightT = t;
                    lightP = p;
                }
            }
        }
        assertEquals(List.of(maxT, maxP), List.of(darkT, darkP), "darkest cell");
        assertEquals(counts[minT][minP], counts[lightT][lightP], "lightest cell has the smallest count");
        assertTrue(darkest < 80, "darkest luminance " + darkest);
        assertTrue(lightest > 200, "lightest luminance " + lightest);
        // the diagonal dominates in the fixture, so the largest count is on it
        assertEquals(maxT, maxP);
    }

    @Test
    void rocLegendCarriesAuc() {
        XYDataset d = RocChart.create(report).getXYPlot().getDataset();
        assertEquals(report.roc().size() + 1, d.getSeriesCount());
        for (int s = 0; s < report.roc().size(); s++) {
            MetricsReport.RocCurve curve = report.roc().get(s);
            assertEquals(String.format(Locale.ROOT, "%s (AUC = %.3f)", curve.className(), curve.auc()),
                    d.getSeriesKey(s).toString());
            assertEquals(curve.falsePositiveRate().length, d.getItemCount(s));
        }
        assertEquals("chance", d.getSeriesKey(report.roc().size()).toString());
    }

    @Test
    void trainingCurvesHaveAPointPerEpochAndGapsForMissingValues() {
        List<EpochMetrics> withGap = new ArrayList<>(epochs);
        EpochMetrics e = withGap.get(4);
        withGap.set(4, new EpochMetrics(e.epoch(), e.trainLoss(), e.trainAcc(), Double.NaN, Double.NaN, e.lr(),
                e.seconds(), e.imagesPerS()));
        XYDataset acc = TrainingCurveCharts.accuracy(withGap).getXYPlot().getDataset();
        assertEquals("training", acc.getSeriesKey(0));
        assertEquals("validation", acc.getSeriesKey(1));
        assertEquals(20, acc.getItemCount(0));
        assertEquals(20, acc.getItemCount(1));
        assertEquals(withGap.get(3).valAcc(), acc.getYValue(1, 3), 0.0);
        assertNull(acc.getY(1, 4));
        XYDataset loss = TrainingCurveCharts.loss(withGap).getXYPlot().getDataset();
        assertEquals(withGap.get(19).trainLoss(), loss.getYValue(0, 19), 0.0);
    }

    @Test
    void bluesScaleDarkensMonotonically() {
        BluesPaintScale s = new BluesPaintScale(0, 10);
        double previous = Double.MAX_VALUE;
        for (int v = 0; v <= 10; v++) {
            double lum = luminance(((java.awt.Color) s.getPaint(v)).getRGB());
            assertTrue(lum < previous, "value " + v);
            previous = lum;
        }
        assertEquals(0xF7FBFF, ((java.awt.Color) s.getPaint(-3)).getRGB() & 0xFFFFFF);
        assertEquals(0x08306B, ((java.awt.Color) s.getPaint(10)).getRGB() & 0xFFFFFF);
    }

    static int distinctColours(BufferedImage img) {
        Set<Integer> set = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 1) {
            for (int x = 0; x < img.getWidth(); x += 1) {
                set.add(img.getRGB(x, y));
            }
        }
        return set.size();
    }

    static double luminance(int rgb) {
        return 0.2126 * ((rgb >> 16) & 0xFF) + 0.7152 * ((rgb >> 8) & 0xFF) + 0.0722 * (rgb & 0xFF);
    }

    static BufferedImage decode(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

}
