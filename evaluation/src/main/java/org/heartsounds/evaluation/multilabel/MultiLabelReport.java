package org.heartsounds.evaluation.multilabel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.heartsounds.core.io.AtomicFiles;
import org.heartsounds.core.text.TextTable;
import org.heartsounds.evaluation.MetricsOptions;
import org.heartsounds.evaluation.report.HtmlStyle;
import org.heartsounds.trainer.train.DecisionThresholds;

import static org.heartsounds.evaluation.report.Html.esc;

/**
 * A multi-label evaluation at three levels (windows, recordings, patients) and its files: {@code metrics.json},
 * {@code metrics.txt} and a self-contained {@code report.html} (the levels side by side, per-label tables,
 * the co-occurrence of true and predicted labels, ROC and precision-recall curves per label).
 *
 * @param title      the page title
 * @param thresholds the decision thresholds every level is decided with
 * @param levels     windows, recordings and patients (those that are known)
 */
public record MultiLabelReport(String title, DecisionThresholds thresholds, List<MultiLabelMetrics> levels) {
    public static final String METRICS_JSON = "metrics.json";
    public static final String METRICS_TXT = "metrics.txt";
    public static final String REPORT_HTML = "report.html";
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public MultiLabelReport {
        levels = List.copyOf(levels);
    }

    /** Metrics of the windows and, where known, of their recordings and patients. */
    public static MultiLabelReport compute(String title, MultiLabelPredictions windows, DecisionThresholds thresholds,
                                           MetricsOptions options) {
        List<MultiLabelMetrics> levels = new java.util.ArrayList<>();
        levels.add(MultiLabelMetrics.compute("windows", windows, thresholds, options));
        if (windows.groups() != null) {
            levels.add(MultiLabelMetrics.compute("recordings", windows.byRecording(), thresholds, options));
        }
        if (windows.patients() != null) {
            levels.add(MultiLabelMetrics.compute("patients", windows.byPatient(), thresholds, options));
        }
        return new MultiLabelReport(title, thresholds, levels);
    }

    /** The level named {@code name}. */
    public MultiLabelMetrics level(String name) {
        return levels.stream().filter(l -> l.level().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no level " + name));
    }

    /** Writes metrics.json, metrics.txt and report.html (with the windows' curves) into {@code dir}, atomically. */
    public void write(Path dir, MultiLabelPredictions windows) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        try {
            AtomicFiles.writeString(dir.resolve(METRICS_JSON), JSON.writeValueAsString(this) + "\n");
        } catch (JsonProcessingException e) {
            throw new IOException("cannot write metrics as JSON", e);
        }
        AtomicFiles.writeString(dir.resolve(METRICS_TXT), text());
        AtomicFiles.writeString(dir.resolve(REPORT_HTML), html(MultiLabelCharts.render(windows)));
    }

    /** The report as aligned text tables. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append(title).append('\n').append("decision thresholds: ").append(thresholds.rule()).append('\n');
        sb.append(summaryTable().render()).append('\n');
        for (MultiLabelMetrics m : levels) {
            sb.append(m.level()).append(" (").append(m.count()).append(")\n").append(labelTable(m).render())
                    .append('\n');
        }
        return sb.toString();
    }

    private TextTable summaryTable() {
        TextTable t = new TextTable("metric", "windows", "recordings", "patients");
        t.row(row("items", l -> Integer.toString(l.count())));
        t.row(row("macro AUROC", l -> num(l.macro().auroc())));
        t.row(row("  95 % CI", l -> num(l.macroAurocCi().lower()) + " - " + num(l.macroAurocCi().upper())));
        t.row(row("macro average precision", l -> num(l.macro().averagePrecision())));
        t.row(row("macro sensitivity", l -> num(l.macro().sensitivity())));
        t.row(row("macro specificity", l -> num(l.macro().specificity())));
        t.row(row("macro F1", l -> num(l.macro().f1())));
        t.row(row("micro F1", l -> num(l.micro().f1())));
        t.row(row("subset accuracy", l -> num(l.subsetAccuracy())));
        t.row(row("Hamming loss", l -> num(l.hammingLoss())));
        return t;
    }

    private List<String> row(String name, java.util.function.Function<MultiLabelMetrics, String> f) {
        List<String> cells = new java.util.ArrayList<>();
        cells.add(name);
        for (String level : List.of("windows", "recordings", "patients")) {
            cells.add(levels.stream().filter(l -> l.level().equals(level)).findFirst().map(f).orElse("-"));
        }
        return cells;
    }

    private static TextTable labelTable(MultiLabelMetrics m) {
        TextTable t = new TextTable("label", "threshold", "positives", "sensitivity", "specificity", "precision",
                "F1", "AUROC", "AP");
        for (MultiLabelMetrics.LabelMetrics r : m.perLabel()) {
            t.row(r.label(), num(r.threshold()), Integer.toString(r.positives()), num(r.sensitivity()),
                    num(r.specificity()), num(r.precision()), num(r.f1()), num(r.auroc()), num(r.averagePrecision()));
        }
        t.row("macro", "", "", num(m.macro().sensitivity()), num(m.macro().specificity()), num(m.macro().precision()),
                num(m.macro().f1()), num(m.macro().auroc()), num(m.macro().averagePrecision()));
        t.row("micro", "", "", num(m.micro().sensitivity()), num(m.micro().specificity()), num(m.micro().precision()),
                num(m.micro().f1()), "", "");
        return t;
    }

    static String num(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    private String html(byte[][] charts) {
        StringBuilder h = new StringBuilder(1 << 18);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .append(esc(title)).append("</title>\n<style>\n").append(HtmlStyle.CSS).append("</style>\n</head>\n")
                .append("<body>\n<header>\n<h1>").append(esc(title)).append("</h1>\n<p>multi-label: ")
                .append(esc(String.join(", ", thresholds.labels()))).append("; decision thresholds ")
                .append(esc(thresholds.rule())).append("</p>\n</header>\n<main>\n");
        h.append("<section id=\"levels\">\n<h2>Windows, recordings and patients</h2>\n<p class=\"muted\">Recordings: "
                + "the mean of their windows' probabilities; patients: the mean of their recordings', with every "
                + "lesion any of them is labelled with. Intervals: percentile bootstrap resampling patients.</p>\n");
        table(h, summaryTable());
        h.append("</section>\n");
        for (MultiLabelMetrics m : levels) {
            h.append("<section id=\"").append(esc(m.level())).append("\">\n<h2>Per label: ").append(esc(m.level()))
                    .append("</h2>\n");
            table(h, labelTable(m));
            h.append("<h3>Co-occurrence: true label (rows) and predicted label (columns)</h3>\n");
            h.append("<div class=\"scroll\"><table class=\"confusion\"><thead><tr><th>true \\ predicted</th>");
            for (String l : thresholds.labels()) {
                h.append("<th>").append(esc(l)).append("</th>");
            }
            h.append("</tr></thead><tbody>\n");
            for (int a = 0; a < thresholds.labels().size(); a++) {
                h.append("<tr><th>").append(esc(thresholds.labels().get(a))).append("</th>");
                for (int b = 0; b < thresholds.labels().size(); b++) {
                    h.append("<td class=\"num").append(a == b ? " diag" : "").append("\">")
                            .append(m.coOccurrence()[a][b]).append("</td>");
                }
                h.append("</tr>\n");
            }
            h.append("</tbody></table></div>\n</section>\n");
        }
        h.append("<section id=\"curves\">\n<h2>Curves (windows)</h2>\n<div class=\"pair\">\n");
        for (int i = 0; i < charts.length; i++) {
            h.append("<figure><img src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(charts[i]))
                    .append("\" alt=\"").append(i == 0 ? "ROC per label" : "precision-recall per label")
                    .append("\"></figure>\n");
        }
        h.append("</div>\n</section>\n</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void table(StringBuilder h, TextTable t) {
        List<List<String>> rows = t.rows();
        h.append("<div class=\"scroll\"><table><thead><tr>");
        for (String c : t.header()) {
            h.append("<th>").append(esc(c)).append("</th>");
        }
        h.append("</tr></thead><tbody>\n");
        for (List<String> r : rows) {
            h.append("<tr><th>").append(esc(r.get(0))).append("</th>");
            for (String c : r.subList(1, r.size())) {
                h.append("<td class=\"num\">").append(esc(c)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table></div>\n");
    }
}
