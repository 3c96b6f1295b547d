package org.heartsounds.evaluation.report;


import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.heartsounds.evaluation.EpochMetrics;
import org.heartsounds.evaluation.MetricsJson;
import org.heartsounds.evaluation.MetricsReport;
import org.heartsounds.evaluation.MetricsText;
import org.heartsounds.evaluation.charts.EvaluationCharts;
import org.heartsounds.evaluation.explain.Gallery;

/**
 * Writes every evaluation artifact of one report into a folder, each file atomically:
 * <pre>
 * metrics.json          the full MetricsReport (with the raw predictions)
 * metrics.txt           the same as aligned text tables
 * charts/NAME.png|.svg  training_accuracy, training_loss (with per-epoch metrics), confusion_matrix, roc,
 *                       reliability; 800 x 600
 * report.html           the self-contained HTML report
 * </pre>
 */
public final class EvaluationWriter {
    public static final String METRICS_JSON = "metrics.json";
    public static final String METRICS_TXT = "metrics.txt";
    public static final String CHARTS_DIR = "charts";
    public static final String REPORT_HTML = "report.html";

    /** Where the artifacts went. */
    public record Outputs(Path metricsJson, Path metricsText, Path chartsDir, Path reportHtml) {
    }

    private EvaluationWriter() {
    }

    /**
     * @param dir        output folder (created if absent)
     * @param report     the metrics
     * @param epochs     per-epoch training metrics, or null/empty when there are none
     * @param configYaml the run's resolved configuration, or null
     * @param provenance data provenance key/values, or null
     * @param title      title of the HTML page
     */
    public static Outputs write(Path dir, MetricsReport report, List<EpochMetrics> epochs, String configYaml,
                                Map<String, String> provenance, String title) throws IOException {
        return write(dir, report, epochs, configYaml, provenance, title, null, null);
    }

    /**
     * As {@link #write(Path, MetricsReport, List, String, Map, String)} with the report's example gallery.
     *
     * @param gallery       examples with Grad-CAM overlays, or null
     * @param galleryAbsent why there is no gallery (shown in its place), or null for the default wording
     */
    public static Outputs write(Path dir, MetricsReport report, List<EpochMetrics> epochs, String configYaml,
                                Map<String, String> provenance, String title, Gallery gallery,
                                String galleryAbsent) throws IOException {
        Outputs out = new Outputs(dir.resolve(METRICS_JSON), dir.resolve(METRICS_TXT), dir.resolve(CHARTS_DIR),
                dir.resolve(REPORT_HTML));
        MetricsJson.write(out.metricsJson(), report);
        MetricsText.write(out.metricsText(), report);
        List<EvaluationCharts.Rendered> charts = EvaluationCharts.write(out.chartsDir(), report, epochs);
        HtmlReport html = HtmlReport.of(report).title(title).runConfigYaml(configYaml).provenance(provenance)
                .epochs(epochs).charts(charts).gallery(gallery);
        if (galleryAbsent != null) {
            html.galleryAbsent(galleryAbsent);
        }
        html.write(out.reportHtml());
        return out;
    }
}
