package org.heartsounds.sweep.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.heartsounds.core.io.AtomicFiles;
import org.heartsounds.evaluation.charts.ChartFiles;
import org.heartsounds.evaluation.charts.ChartStyle;
import org.heartsounds.sweep.config.SpaceSpec;
import org.heartsounds.sweep.config.SweepConfig;
import org.heartsounds.sweep.config.SweepSpec;
import org.heartsounds.sweep.ledger.CandidateRow;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * The charts of a sweep, in the evaluation module's {@link ChartStyle} and written as PNG and SVG: the score of every
 * candidate in order (with the best so far; failed candidates shaded), the score against each numeric parameter (log
 * axis for log-uniform spaces; the best candidate marked), and a small-multiples grid of score against every
 * parameter (categorical ones on a category axis) sharing one score scale.
 */
public final class SweepCharts {
    public static final String SCORE_PER_CANDIDATE = "score_per_candidate";
    public static final String SMALL_MULTIPLES = "small_multiples";
    /** Prefix of the per-parameter charts' names; the key follows, dots kept. */
    public static final String PARAMETER_PREFIX = "score_vs_";
    static final int PANEL_WIDTH = 400;
    static final int PANEL_HEIGHT = 300;
    static final int COLUMNS = 3;
    private static final Color FAILED = new Color(0xD55E00);
    private static final Color BEST = new Color(0xD55E00);

    private SweepCharts() {
    }

    /** A chart written to files: its name (file base name), a caption and the PNG bytes. */
    public record Rendered(String name, String caption, byte[] png) {
    }

    /** Writes every chart into {@code dir} ({@code NAME.png} and {@code NAME.svg}). */
    public static List<Rendered> write(Path dir, SweepConfig config, List<CandidateRow> rows, CandidateRow best)
            throws IOException {
        SweepSpec.Score score = config.sweep().score();
        List<Rendered> out = new ArrayList<>();
        out.add(new Rendered(SCORE_PER_CANDIDATE, score.key() + " of every candidate in order, with the best so far; "
                + "failed candidates are shaded", ChartFiles.writePngAndSvg(scorePerCandidate(rows, score, best), dir,
                SCORE_PER_CANDIDATE, ChartFiles.WIDTH, ChartFiles.HEIGHT)));
        List<JFreeChart> panels = new ArrayList<>();
        double[] range = scoreRange(rows);
        int column = 0;
        for (Map.Entry<String, SpaceSpec> p : config.sweep().parameters().entrySet()) {
            panels.add(scoreVsParameter(rows, column, p.getKey(), p.getValue(), score, best, range, true));
            if (p.getValue().numeric()) {
                String name = PARAMETER_PREFIX + p.getKey();
                JFreeChart chart = scoreVsParameter(rows, column, p.getKey(), p.getValue(), score, best, range,
                        false);
                out.add(new Rendered(name, score.key() + " against " + p.getKey() + " (" + p.getValue().kind().key()
                        + (p.getValue().kind() == SpaceSpec.Kind.LOG_UNIFORM ? ", log axis" : "") + ")",
                        ChartFiles.writePngAndSvg(chart, dir, name, ChartFiles.WIDTH, ChartFiles.HEIGHT)));
            }
            column++;
        }
        out.add(new Rendered(SMALL_MULTIPLES, score.key() + " against every parameter, one panel each, same score "
                + "scale", writeGrid(panels, dir, SMALL_MULTIPLES)));
        return out;
    }

    /** Score per candidate number: the ok candidates, the best so far as a step line, failed ones shaded. */
    public static JFreeChart scorePerCandidate(List<CandidateRow> rows, SweepSpec.Score score, CandidateRow best) {
        XYSeries points = new XYSeries("candidate", true, false);
        XYSeries bestSoFar = new XYSeries("best so far", true, false);
        Double running = null;
        for (CandidateRow r : rows) {
            if (!r.ok()) {
                continue;
            }
            points.add(r.index(), r.score());
            running = running == null || score.better(r.score(), running) ? r.score() : running;
            bestSoFar.add(r.index(), running);
        }
        XYSeriesCollection data = new XYSeriesCollection(points);
        XYPlot plot = new XYPlot(data, integerAxis("candidate"), scoreAxis(score), dots(ChartStyle.seriesPaint(0)));
        int last = rows.stream().mapToInt(CandidateRow::index).max().orElse(0);
        plot.getDomainAxis().setRange(-0.5, last + 0.5);
        double[] range = scoreRange(rows);
        plot.getRangeAxis().setRange(range[0], range[1]);
        XYStepRenderer step = new XYStepRenderer();
        step.setSeriesPaint(0, ChartStyle.seriesPaint(2));
        step.setSeriesStroke(0, new BasicStroke(2f));
        plot.setDataset(1, new XYSeriesCollection(bestSoFar));
        plot.setRenderer(1, step);
        for (CandidateRow r : rows) {
            if (!r.ok()) {
                IntervalMarker m = new IntervalMarker(r.index() - 0.4, r.index() + 0.4,
                        new Color(FAILED.getRed(), FAILED.getGreen(), FAILED.getBlue(), 40));
                plot.addDomainMarker(m);
            }
        }
        if (best != null) {
            addBest(plot, best.index(), best.score());
        }
        JFreeChart chart = new JFreeChart("Score per candidate", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        ChartStyle.apply(chart);
        return chart;
    }

    /**
     * Score against one parameter.
     *
     * @param column  the parameter's position among the swept keys (its column in the rows' values)
     * @param range   the score axis range
     * @param compact a small-multiples panel: no legend, smaller title
     */
    public static JFreeChart scoreVsParameter(List<CandidateRow> rows, int column, String key, SpaceSpec space,
                                              SweepSpec.Score score, CandidateRow best, double[] range,
                                              boolean compact) {
        List<String> categories = space.numeric() ? null : space.values().stream().map(String::valueOf).toList();
        XYSeries points = new XYSeries("candidate", false, true);
        for (CandidateRow r : rows) {
            if (r.ok()) {
                points.add(x(r.values().get(column), categories), r.score());
            }
        }
        XYPlot plot = new XYPlot(new XYSeriesCollection(points), parameterAxis(key, space, categories),
                scoreAxis(score), dots(ChartStyle.seriesPaint(0)));
        plot.getRangeAxis().setRange(range[0], range[1]);
        if (best != null) {
            addBest(plot, x(best.values().get(column), categories), best.score());
        }
        JFreeChart chart = new JFreeChart(compact ? key : score.key() + " against " + key,
                JFreeChart.DEFAULT_TITLE_FONT, plot, !compact);
        ChartStyle.apply(chart);
        if (compact) {
            chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        }
        return chart;
    }

    /**
     * The score axis range of every chart: the ok scores with a margin of 5 % of their span, at least 1 % of the
     * larger score's magnitude (so that equal scores get a readable axis), or [0, 1] when there are none.
     */
    public static double[] scoreRange(List<CandidateRow> rows) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (CandidateRow r : rows) {
            if (r.ok()) {
                lo = Math.min(lo, r.score());
                hi = Math.max(hi, r.score());
            }
        }
        if (lo > hi) {
            return new double[] {0, 1};
        }
        double margin = Math.max(0.05 * (hi - lo), 0.01 * Math.max(1, Math.abs(hi)));
        return new double[] {lo - margin, hi + margin};
    }

    private static double x(String value, List<String> categories) {
        if (categories == null) {
            return Double.parseDouble(value);
        }
        int i = categories.indexOf(value);
        if (i < 0) {
            throw new IllegalArgumentException("value '" + value + "' is not one of the choices " + categories);
        }
        return i;
    }

    private static ValueAxis parameterAxis(String key, SpaceSpec space, List<String> categories) {
        ValueAxis axis;
        if (categories != null) {
            axis = new SymbolAxis(key, categories.toArray(String[]::new));
        } else if (space.kind() == SpaceSpec.Kind.LOG_UNIFORM) {
            LogAxis log = new LogAxis(key);
            double pad = Math.pow(space.high() / space.low(), 0.04);
            log.setRange(space.low() / pad, space.high() * pad);
            log.setNumberFormatOverride(new java.text.DecimalFormat("0.##E0"));
            axis = log;
        } else {
            NumberAxis n = new NumberAxis(key);
            n.setAutoRangeIncludesZero(false);
            if (space.values().stream().allMatch(v -> v instanceof Integer || v instanceof Long)) {
                n.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            }
            double lo = space.values().stream().mapToDouble(v -> ((Number) v).doubleValue()).min().orElse(0);
            double hi = space.values().stream().mapToDouble(v -> ((Number) v).doubleValue()).max().orElse(1);
            double pad = 0.05 * (hi - lo);
            n.setRange(lo - pad, hi + pad);
            axis = n;
        }
        ChartStyle.styleAxis(axis);
        return axis;
    }

    private static NumberAxis integerAxis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        axis.setAutoRangeIncludesZero(false);
        return axis;
    }

    private static NumberAxis scoreAxis(SweepSpec.Score score) {
        NumberAxis axis = new NumberAxis(score.key() + " (validation)");
        axis.setAutoRangeIncludesZero(false);
        return axis;
    }

    private static XYLineAndShapeRenderer dots(java.awt.Paint paint) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        r.setSeriesPaint(0, paint);
        r.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
        return r;
    }

    private static void addBest(XYPlot plot, double x, double y) {
        XYSeries s = new XYSeries("best", false, true);
        s.add(x, y);
        int i = plot.getDatasetCount();
        plot.setDataset(i, new XYSeriesCollection(s));
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        r.setSeriesPaint(0, BEST);
        r.setSeriesShape(0, new Rectangle2D.Double(-6, -6, 12, 12));
        plot.setRenderer(i, r);
    }

    /** Draws {@code panels} in a grid of {@value #COLUMNS} columns; writes NAME.png and NAME.svg; returns the PNG. */
    static byte[] writeGrid(List<JFreeChart> panels, Path dir, String name) throws IOException {
        int cols = Math.min(COLUMNS, Math.max(1, panels.size()));
        int rowsCount = (panels.size() + cols - 1) / cols;
        int width = cols * PANEL_WIDTH;
        int height = Math.max(1, rowsCount) * PANEL_HEIGHT;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        drawGrid(g, panels, cols, width, height);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream(1 << 16);
        ChartUtils.writeBufferedImageAsPNG(png, image);
        SVGGraphics2D svg = new SVGGraphics2D(width, height);
        svg.setDefsKeyPrefix("hs");
        drawGrid(svg, panels, cols, width, height);
        String text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + svg.getSVGElement(null, true, new ViewBox(0, 0, width, height), null, null) + "\n";
        AtomicFiles.writeBytes(dir.resolve(name + ".png"), png.toByteArray());
        AtomicFiles.writeBytes(dir.resolve(name + ".svg"), text.getBytes(StandardCharsets.UTF_8));
        return png.toByteArray();
    }

    private static void drawGrid(Graphics2D g, List<JFreeChart> panels, int cols, int width, int height) {
        g.setPaint(Color.WHITE);
        g.fillRect(0, 0, width, height);
        for (int i = 0; i < panels.size(); i++) {
            int x = (i % cols) * PANEL_WIDTH;
            int y = (i / cols) * PANEL_HEIGHT;
            panels.get(i).draw(g, new Rectangle2D.Double(x, y, PANEL_WIDTH, PANEL_HEIGHT));
        }
    }
}
