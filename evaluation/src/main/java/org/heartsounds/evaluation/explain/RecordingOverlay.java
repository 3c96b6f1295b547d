package org.heartsounds.evaluation.explain;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.List;
import org.heartsounds.data.audio.AudioClip;
import org.heartsounds.data.segment.HeartSound;
import org.heartsounds.evaluation.charts.ChartStyle;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYAreaRenderer;
import org.jfree.chart.renderer.xy.XYDifferenceRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * One picture of a whole recording's explanation: its waveform (the range of the samples in each of
 * {@value #BINS} time bins) above the Grad-CAM evidence along time, each window's time profile placed at its start
 * and averaged where windows overlap (1 = spread evenly, 0 where no window reaches), with S1 and S2 marked.
 */
public final class RecordingOverlay {
    public static final int WIDTH = 900;
    public static final int HEIGHT = 420;
    static final int BINS = 600;

    private RecordingOverlay() {
    }

    /**
     * @param starts   each window's start in seconds
     * @param seconds  the windows' length
     * @param profiles each window's {@link ClassActivationMap#timeProfile()}
     */
    public static JFreeChart chart(String title, AudioClip clip, List<Double> starts, double seconds,
                                   List<double[]> profiles, List<HeartSound> sounds) {
        double duration = Math.max(clip.durationSeconds(), starts.isEmpty() ? 0
                : starts.get(starts.size() - 1) + seconds);
        NumberAxis time = new NumberAxis("time (s)");
        time.setAutoRange(false);
        time.setRange(0, duration);
        ChartStyle.styleAxis(time);

        XYSeries high = new XYSeries("max");
        XYSeries low = new XYSeries("min");
        float[] x = clip.samples();
        for (int b = 0; b < BINS; b++) {
            int from = (int) ((long) b * x.length / BINS);
            int to = Math.max(from + 1, (int) ((long) (b + 1) * x.length / BINS));
            float hi = -Float.MAX_VALUE;
            float lo = Float.MAX_VALUE;
            for (int i = from; i < Math.min(to, x.length); i++) {
                hi = Math.max(hi, x[i]);
                lo = Math.min(lo, x[i]);
            }
            if (from < x.length) {
                double t = (from + to) / 2.0 / clip.sampleRate();
                high.add(t, hi);
                low.add(t, lo);
            }
        }
        XYSeriesCollection wave = new XYSeriesCollection();
        wave.addSeries(high);
        wave.addSeries(low);
        XYDifferenceRenderer band = new XYDifferenceRenderer(Color.GRAY, Color.GRAY, false);
        band.setSeriesPaint(0, Color.DARK_GRAY);
        band.setSeriesPaint(1, Color.DARK_GRAY);
        NumberAxis amplitude = new NumberAxis("amplitude");
        ChartStyle.styleAxis(amplitude);
        XYPlot wavePlot = new XYPlot(wave, null, amplitude, band);
        wavePlot.setBackgroundPaint(Color.WHITE);
        wavePlot.setDomainGridlinesVisible(false);

        double[] sum = new double[BINS];
        int[] count = new int[BINS];
        for (int w = 0; w < profiles.size(); w++) {
            double[] p = profiles.get(w);
            for (int b = 0; b < BINS; b++) {
                double t = (b + 0.5) / BINS * duration - starts.get(w);
                if (t >= 0 && t < seconds) {
                    int col = Math.min(p.length - 1, (int) (t / seconds * p.length));
                    sum[b] += p[col] * p.length;
                    count[b]++;
                }
            }
        }
        XYSeries evidence = new XYSeries("evidence");
        for (int b = 0; b < BINS; b++) {
            evidence.add((b + 0.5) / BINS * duration, count[b] == 0 ? 0 : sum[b] / count[b]);
        }
        XYAreaRenderer area = new XYAreaRenderer();
        area.setSeriesPaint(0, new Color(0xD0, 0x50, 0x10, 200));
        NumberAxis evidenceAxis = new NumberAxis("evidence");
        ChartStyle.styleAxis(evidenceAxis);
        XYPlot evidencePlot = new XYPlot(new XYSeriesCollection(evidence), null, evidenceAxis, area);
        evidencePlot.setBackgroundPaint(Color.WHITE);
        evidencePlot.setDomainGridlinesVisible(false);
        evidencePlot.addRangeMarker(new ValueMarker(1.0, Color.GRAY, new BasicStroke(1f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f)));

        for (HeartSound s : sounds) {
            Color c = s.kind() == HeartSound.Kind.S1 ? new Color(0x1F5FA8) : new Color(0x2E8B57);
            wavePlot.addDomainMarker(CamOverlay.labelledMarker(s.seconds(), s.kind().name(), c, 1f,
                    new Font(Font.SANS_SERIF, Font.PLAIN, 10)));
            evidencePlot.addDomainMarker(new ValueMarker(s.seconds(), c, new BasicStroke(1f)));
        }

        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        plot.setGap(6);
        plot.add(wavePlot, 2);
        plot.add(evidencePlot, 2);
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 13), plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
