package org.heartsounds.evaluation.report;


import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.heartsounds.core.io.AtomicFiles;
import org.heartsounds.evaluation.BootstrapIntervals;
import org.heartsounds.evaluation.EpochMetrics;
import org.heartsounds.evaluation.LevelComparison;
import org.heartsounds.evaluation.MetricsReport.ClassMetrics;
import org.heartsounds.evaluation.MetricsReport.Misclassified;
import org.heartsounds.evaluation.MetricsReport;
import org.heartsounds.evaluation.MetricsText;
import org.heartsounds.evaluation.charts.BluesPaintScale;
import org.heartsounds.evaluation.charts.EvaluationCharts.Rendered;
import org.heartsounds.evaluation.charts.EvaluationCharts;
import org.heartsounds.evaluation.explain.Gallery;
import static org.heartsounds.evaluation.report.Html.esc;

/**
 * One self-contained HTML page about an evaluation: every level of the evaluation side by side (windows, recordings,
 * patients; when the report has them), run configuration (YAML), data provenance, training curves, metrics tables
 * (balanced accuracy, macro-F1 and per-class sensitivity first), confusion matrix, ROC curves, reliability diagram and the misclassified files. Charts are
 * embedded as base64 PNG data URIs and the styling is an inline style sheet, so the file needs no network and no
 * other file. Every text from outside (file names, YAML, provenance values) is HTML-escaped. Tables sit in
 * horizontally scrolling boxes and long values wrap, so the page itself never gets wider than the window.
 */
public final class HtmlReport {
    /** The ids of the page's sections, in page order. */
    public static final List<String> SECTION_IDS = List.of("levels", "config", "provenance", "training", "metrics",
            "confusion", "roc", "reliability", "misclassified", "gallery");
    /** At most this many misclassified items are listed (all are in metrics.json). */
    public static final int MAX_MISCLASSIFIED_ROWS = 2000;

    private final MetricsReport metrics;
    private String title = "Evaluation report";
    private String configYaml = "";
    private Map<String, String> provenance = Map.of();
    private List<EpochMetrics> epochs = List.of();
    private List<Rendered> charts;
    private Gallery gallery;
    private String galleryAbsent = "No examples were drawn: Grad-CAM needs the DL4J model (evaluate a model.zip).";

    private HtmlReport(MetricsReport metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** A report on {@code metrics}; set the other parts with the fluent setters. */
    public static HtmlReport of(MetricsReport metrics) {
        return new HtmlReport(metrics);
    }

    public HtmlReport title(String title) {
        this.title = Objects.requireNonNull(title);
        return this;
    }

    /** The run's resolved configuration, shown verbatim. */
    public HtmlReport runConfigYaml(String yaml) {
        this.configYaml = yaml == null ? "" : yaml;
        return this;
    }

    /** Where the data and the model came from, shown as a key/value table in the map's iteration order. */
    public HtmlReport provenance(Map<String, String> keyValues) {
        this.provenance = keyValues == null ? Map.of() : new LinkedHashMap<>(keyValues);
        return this;
    }

    /** The per-epoch training metrics (may be empty). */
    public HtmlReport epochs(List<EpochMetrics> perEpoch) {
        this.epochs = perEpoch == null ? List.of() : List.copyOf(perEpoch);
        return this;
    }

    /** Charts already rendered (e.g. by {@link EvaluationCharts#write}); rendered on demand when not given. */
    public HtmlReport charts(List<Rendered> rendered) {
        this.charts = rendered == null ? null : List.copyOf(rendered);
        return this;
    }

    /** Examples with their Grad-CAM overlays and training spectrograms, or null. */
    public HtmlReport gallery(Gallery examples) {
        this.gallery = examples;
        return this;
    }

    /** What the gallery section says when there is none (why). */
    public HtmlReport galleryAbsent(String why) {
        this.galleryAbsent = Objects.requireNonNull(why);
        return this;
    }

    /** Writes the page atomically. */
    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, render());
    }

    /** The page. */
    public String render() {
        Map<String, Rendered> byName = new LinkedHashMap<>();
        for (Rendered r : charts != null ? charts : EvaluationCharts.render(metrics, epochs)) {
            byName.put(r.name(), r);
        }
        StringBuilder h = new StringBuilder(1 << 20);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(title)).append("</title>\n<style>\n").append(HtmlStyle.CSS)
                .append("</style>\n</head>\n<body>\n");
        header(h);
        h.append("<main>\n");
        levels(h);
        config(h);
        provenance(h);
        training(h, byName);
        metricsSection(h);
        confusion(h, byName);
        figureSection(h, "roc", "ROC curves", byName.get(EvaluationCharts.ROC),
                "One vs rest: each class against all others, exact thresholds.");
        figureSection(h, "reliability", "Reliability", byName.get(EvaluationCharts.RELIABILITY),
                "Observed fraction of positives against mean predicted probability per bin; the diagonal is perfect "
                        + "calibration.");
        misclassified(h);
        gallery(h);
        h.append("</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private void header(StringBuilder h) {
        MetricsReport.Summary s = metrics.summary();
        h.append("<header>\n<h1>").append(esc(title)).append("</h1>\n<p>").append(metrics.count())
                .append(" items &middot; ").append(metrics.classNames().size()).append(" classes: ")
                .append(esc(String.join(", ", metrics.classNames()))).append("</p>\n<nav>");
        String[] labels = {"Levels", "Configuration", "Provenance", "Training", "Metrics", "Confusion matrix", "ROC",
                "Reliability", "Misclassified", "Examples"};
        for (int i = 0; i < labels.length; i++) {
            h.append("<a href=\"#").append(SECTION_IDS.get(i)).append("\">").append(labels[i]).append("</a>");
        }
        h.append("</nav>\n</header>\n<div class=\"cards\">\n");
        card(h, "Balanced accuracy", s.balancedAccuracy(), s.balancedAccuracyCi());
        card(h, "Macro F1", s.macroF1(), s.macroF1Ci());
        card(h, "Accuracy", s.accuracy(), s.accuracyCi());
        card(h, "Cohen's kappa", s.cohensKappa(), null);
        card(h, "MCC", s.matthewsCorrelation(), null);
        card(h, "Macro ROC AUC", s.macroAuc(), null);
        h.append("</div>\n");
    }

    private static void card(StringBuilder h, String name, Double value, BootstrapIntervals.Interval ci) {
        h.append("<div class=\"card\"><div class=\"k\">").append(esc(name)).append("</div><div class=\"v\">")
                .append(MetricsText.num(value)).append("</div>");
        if (ci != null && !Double.isNaN(ci.lower())) {
            h.append("<div class=\"ci\">").append(String.format(Locale.ROOT, "%.0f", 100 * ci.level()))
                    .append("% CI ").append(MetricsText.num(ci.lower())).append(" &ndash; ")
                    .append(MetricsText.num(ci.upper())).append("</div>");
        }
        h.append("</div>\n");
    }

    private void levels(StringBuilder h) {
        open(h, "levels", "Windows, recordings and patients");
        LevelComparison c = metrics.levels();
        if (c == null) {
            h.append("<p class=\"muted\">This report covers one level only.</p>\n");
            close(h);
            return;
        }
        h.append("<p class=\"muted\">Windows pooled into recordings and recordings into patients by the ")
                .append(esc(c.aggregation())).append(" of their probabilities. ").append(esc(c.note()))
                .append(".</p>\n<div class=\"scroll\"><table class=\"levels\"><thead><tr><th>metric</th>");
        for (LevelComparison.Level l : c.levels()) {
            h.append("<th>").append(esc(l.level())).append("</th>");
        }
        h.append("</tr></thead><tbody>\n");
        levelRow(h, c, "items", l -> Integer.toString(l.count()));
        levelRow(h, c, "balanced accuracy", l -> withCi(l.balancedAccuracy(), l.balancedAccuracyCi()));
        levelRow(h, c, "macro F1", l -> withCi(l.macroF1(), l.macroF1Ci()));
        if (!c.levels().isEmpty()) {
            for (String name : c.levels().get(0).sensitivity().keySet()) {
                levelRow(h, c, "sensitivity " + name, l -> MetricsText.num(l.sensitivity().get(name)));
            }
        }
        levelRow(h, c, "accuracy", l -> withCi(l.accuracy(), l.accuracyCi()));
        levelRow(h, c, "Cohen's kappa", l -> MetricsText.num(l.cohensKappa()));
        levelRow(h, c, "Matthews correlation (multi-class)", l -> MetricsText.num(l.matthewsCorrelation()));
        levelRow(h, c, "macro ROC AUC", l -> MetricsText.num(l.macroAuc()));
        levelRow(h, c, "bootstrap resampled", LevelComparison.Level::resampled);
        h.append("</tbody></table></div>\n");
        close(h);
    }

    private static void levelRow(StringBuilder h, LevelComparison c, String name,
                                 Function<LevelComparison.Level, String> value) {
        h.append("<tr><th>").append(esc(name)).append("</th>");
        for (LevelComparison.Level l : c.levels()) {
            h.append("<td class=\"num\">").append(esc(value.apply(l))).append("</td>");
        }
        h.append("</tr>\n");
    }

    private static String withCi(Double value, BootstrapIntervals.Interval ci) {
        String v = MetricsText.num(value);
        return ci == null || Double.isNaN(ci.lower()) ? v : v + " (" + MetricsText.num(ci.lower()) + " - "
                + MetricsText.num(ci.upper()) + ")";
    }

    private void config(StringBuilder h) {
        open(h, "config", "Run configuration");
        if (configYaml.isBlank()) {
            h.append("<p class=\"muted\">No configuration was given.</p>\n");
        } else {
            h.append("<pre><code>").append(esc(configYaml)).append("</code></pre>\n");
        }
        close(h);
    }

    private void provenance(StringBuilder h) {
        open(h, "provenance", "Data provenance");
        if (provenance.isEmpty()) {
            h.append("<p class=\"muted\">No provenance was given.</p>\n");
        } else {
            h.append("<div class=\"scroll\"><table class=\"kv\"><tbody>\n");
            for (Map.Entry<String, String> e : provenance.entrySet()) {
                h.append("<tr><th>").append(esc(e.getKey())).append("</th><td><code>").append(esc(e.getValue()))
                        .append("</code></td></tr>\n");
            }
            h.append("</tbody></table></div>\n");
        }
        close(h);
    }

    private void training(StringBuilder h, Map<String, Rendered> charts) {
        open(h, "training", "Training curves");
        if (epochs.isEmpty()) {
            h.append("<p class=\"muted\">No per-epoch metrics were given.</p>\n");
            close(h);
            return;
        }
        h.append("<div class=\"pair\">\n");
        figure(h, charts.get(EvaluationCharts.TRAINING_ACCURACY), null);
        figure(h, charts.get(EvaluationCharts.TRAINING_LOSS), null);
        h.append("</div>\n<details><summary>Per-epoch values (").append(epochs.size())
                .append(" epochs)</summary>\n<div class=\"scroll\"><table><thead><tr><th>epoch</th>")
                .append("<th>train loss</th><th>train acc</th>")
                .append("<th>val loss</th><th>val acc</th><th>learning rate</th><th>seconds</th><th>images/s</th>")
                .append("</tr></thead><tbody>\n");
        for (EpochMetrics e : epochs) {
            h.append("<tr><td class=\"num\">").append(e.epoch()).append("</td>");
            for (double v : new double[] {e.trainLoss(), e.trainAcc(), e.valLoss(), e.valAcc()}) {
                num(h, v);
            }
            h.append("<td class=\"num\">").append(Double.isNaN(e.lr()) ? "-"
                    : String.format(Locale.ROOT, "%.3g", e.lr())).append("</td>");
            h.append("<td class=\"num\">").append(fixed(e.seconds(), 1)).append("</td>");
            h.append("<td class=\"num\">").append(fixed(e.imagesPerS(), 1)).append("</td></tr>\n");
        }
        h.append("</tbody></table></div>\n</details>\n");
        close(h);
    }

    private void metricsSection(StringBuilder h) {
        open(h, "metrics", "Metrics");
        MetricsReport.Summary s = metrics.summary();
        BootstrapIntervals.Settings b = metrics.bootstrap();
        h.append("<div class=\"scroll\"><table><thead><tr><th>metric</th><th>value</th><th>")
                .append(String.format(Locale.ROOT, "%.0f", 100 * s.accuracyCi().level()))
                .append("% CI</th></tr></thead><tbody>\n");
        summaryRow(h, "balanced accuracy", s.balancedAccuracy(), s.balancedAccuracyCi());
        summaryRow(h, "macro F1", s.macroF1(), s.macroF1Ci());
        for (ClassMetrics m : metrics.perClass()) {
            summaryRow(h, "sensitivity " + m.name(), m.sensitivity(), null);
        }
        summaryRow(h, "accuracy", s.accuracy(), s.accuracyCi());
        summaryRow(h, "Cohen's kappa", s.cohensKappa(), null);
        summaryRow(h, "Matthews correlation (multi-class)", s.matthewsCorrelation(), null);
        summaryRow(h, "macro ROC AUC", s.macroAuc(), null);
        h.append("<tr><th>misclassified</th><td class=\"num\">").append(s.errors()).append(" of ")
                .append(metrics.count()).append("</td><td></td></tr>\n</tbody></table></div>\n");
        h.append("<p class=\"muted\">Confidence intervals: percentile bootstrap, ").append(b.resamples())
                .append(" resamples of ").append(b.units()).append(' ').append(esc(b.unit())).append("s, seed ")
                .append(b.seed()).append(".</p>\n");
        h.append("<div class=\"scroll\"><table><thead><tr><th>class</th><th>support</th><th>sensitivity</th>")
                .append("<th>specificity</th>")
                .append("<th>precision</th><th>NPV</th><th>F1</th><th>MCC</th><th>ROC AUC</th></tr></thead><tbody>\n");
        for (ClassMetrics m : metrics.perClass()) {
            h.append("<tr><th>").append(esc(m.name())).append("</th><td class=\"num\">").append(m.support())
                    .append("</td>");
            for (Double v : new Double[] {m.sensitivity(), m.specificity(), m.precision(), m.npv(), m.f1(), m.mcc(),
                    m.auc()}) {
                num(h, v);
            }
            h.append("</tr>\n");
        }
        averages(h, "macro average", metrics.macro(), s.macroAuc());
        averages(h, "micro average", metrics.micro(), null);
        h.append("</tbody></table></div>\n");
        close(h);
    }

    private void averages(StringBuilder h, String name, MetricsReport.Averages a, Double auc) {
        h.append("<tr class=\"avg\"><th>").append(name).append("</th><td class=\"num\">").append(metrics.count())
                .append("</td>");
        for (Double v : new Double[] {a.sensitivity(), a.specificity(), a.precision(), a.npv(), a.f1()}) {
            num(h, v);
        }
        h.append("<td></td>");
        num(h, auc);
        h.append("</tr>\n");
    }

    private void confusion(StringBuilder h, Map<String, Rendered> charts) {
        open(h, "confusion", "Confusion matrix");
        figure(h, charts.get(EvaluationCharts.CONFUSION_MATRIX), "Rows: true class; columns: predicted class.");
        long[][] counts = metrics.confusion().counts();
        long max = 1;
        for (long[] row : counts) {
            for (long v : row) {
                max = Math.max(max, v);
            }
        }
        BluesPaintScale scale = new BluesPaintScale(0, max);
        List<String> names = metrics.classNames();
        h.append("<div class=\"scroll\"><table class=\"confusion\"><thead><tr><th>true \\ predicted</th>");
        for (String n : names) {
            h.append("<th>").append(esc(n)).append("</th>");
        }
        h.append("<th>total</th></tr></thead><tbody>\n");
        for (int t = 0; t < names.size(); t++) {
            h.append("<tr><th>").append(esc(names.get(t))).append("</th>");
            long total = 0;
            for (int p = 0; p < names.size(); p++) {
                total += counts[t][p];
                Color bg = (Color) scale.getPaint(counts[t][p]);
                String ink = scale.fraction(counts[t][p]) > 0.55 ? "#fff" : "#202020";
                h.append(String.format(Locale.ROOT, "<td class=\"num%s\" style=\"background:#%06x;color:%s\">",
                        t == p ? " diag" : "", bg.getRGB() & 0xFFFFFF, ink)).append(counts[t][p])
                        .append("<br><small>").append(MetricsText.percent(metrics.confusion().rowNormalised()[t][p]))
                        .append("%</small></td>");
            }
            h.append("<td class=\"num\">").append(total).append("</td></tr>\n");
        }
        h.append("</tbody></table></div>\n");
        close(h);
    }

    private static void figureSection(StringBuilder h, String id, String heading, Rendered chart, String caption) {
        open(h, id, heading);
        figure(h, chart, caption);
        close(h);
    }

    private void misclassified(StringBuilder h) {
        List<Misclassified> errors = metrics.misclassified();
        open(h, "misclassified", "Misclassified files (" + errors.size() + ")");
        if (errors.isEmpty()) {
            h.append("<p class=\"muted\">Every item was classified correctly.</p>\n");
            close(h);
            return;
        }
        h.append("<p class=\"muted\">Most confident errors first.");
        if (errors.size() > MAX_MISCLASSIFIED_ROWS) {
            h.append(" The first ").append(MAX_MISCLASSIFIED_ROWS).append(" are listed; all are in metrics.json.");
        }
        h.append("</p>\n<div class=\"scroll\"><table class=\"errors\"><thead><tr><th>file</th><th>true</th>")
                .append("<th>predicted</th>");
        for (String n : metrics.classNames()) {
            h.append("<th>P(").append(esc(n)).append(")</th>");
        }
        h.append("</tr></thead><tbody>\n");
        List<Misclassified> shown = new ArrayList<>(errors.subList(0, Math.min(errors.size(),
                MAX_MISCLASSIFIED_ROWS)));
        for (Misclassified m : shown) {
            h.append("<tr><td><code>").append(esc(m.item())).append("</code></td><td>").append(esc(m.trueClass()))
                    .append("</td><td>").append(esc(m.predictedClass())).append("</td>");
            for (int k = 0; k < m.probabilities().length; k++) {
                String name = metrics.classNames().get(k);
                String cls = name.equals(m.predictedClass()) ? " pred" : name.equals(m.trueClass()) ? " true" : "";
                h.append("<td class=\"num").append(cls).append("\">").append(MetricsText.num(m.probabilities()[k]))
                        .append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table></div>\n");
        close(h);
    }

    private void gallery(StringBuilder h) {
        open(h, "gallery", "Examples: what the network heard (Grad-CAM)");
        if (gallery == null) {
            h.append("<p class=\"muted\">").append(esc(galleryAbsent)).append("</p>\n");
            close(h);
            return;
        }
        h.append("<p class=\"muted\">Each picture is one window: its spectrogram in grey and, in warm colours, where "
                + "the evidence for the <em>predicted</em> class lies (Grad-CAM at vertex <code>")
                .append(esc(gallery.layer())).append("</code>, computed by DL4J's backward pass on the "
                        + "inference graph); below it, that evidence along time (1 = spread evenly). Per class: the ")
                .append(gallery.perKind()).append(" correct windows with the highest and with the lowest confidence, "
                        + "and every misclassified window");
        if (gallery.errorsLeftOut() > 0) {
            h.append(" (the ").append(Gallery.MAX_ERRORS).append(" most confident errors; ")
                    .append(gallery.errorsLeftOut()).append(" more are listed above)");
        }
        h.append(String.format(Locale.ROOT, ". Drawn in %.1f s.</p>%n", gallery.seconds()));
        for (Gallery.ClassSection c : gallery.classes()) {
            h.append("<h3>").append(esc(c.className())).append("</h3>\n");
            galleryRow(h, "Correct, most confident", c.mostConfident());
            galleryRow(h, "Correct, least confident", c.leastConfident());
            galleryRow(h, "Misclassified (true class " + c.className() + ")", c.misclassified());
        }
        h.append("<h3>Training spectrograms</h3>\n");
        if (gallery.trainingSamples().isEmpty()) {
            h.append("<p class=\"muted\">No training split was given.</p>\n");
        } else {
            h.append("<p class=\"muted\">The network's input as it is on disk (no axes), a few per class from the "
                    + "training split.</p>\n<div class=\"samples\">\n");
            for (Gallery.Sample s : gallery.trainingSamples()) {
                h.append("<figure><img src=\"data:image/png;base64,")
                        .append(Base64.getEncoder().encodeToString(s.png())).append("\" alt=\"")
                        .append(esc(s.className() + " " + s.file())).append("\"><figcaption>")
                        .append(esc(s.className())).append("<br><code>").append(esc(s.file()))
                        .append("</code></figcaption></figure>\n");
            }
            h.append("</div>\n");
        }
        close(h);
    }

    private void galleryRow(StringBuilder h, String heading, List<Gallery.Item> items) {
        h.append("<h4>").append(esc(heading)).append(" (").append(items.size()).append(")</h4>\n");
        if (items.isEmpty()) {
            h.append("<p class=\"muted\">None.</p>\n");
            return;
        }
        h.append("<div class=\"gallery\">\n");
        for (Gallery.Item it : items) {
            h.append("<figure><img src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(it.overlayPng())).append("\" alt=\"Grad-CAM of ")
                    .append(esc(it.file())).append("\"><figcaption><code>").append(esc(it.file()))
                    .append("</code><br>true ").append(esc(it.trueClass())).append(", predicted ")
                    .append(esc(it.predictedClass())).append(String.format(Locale.ROOT, "; evidence peaks at %.2f s",
                            it.peakSeconds())).append("<br>");
            List<String> names = metrics.classNames();
            for (int k = 0; k < it.probabilities().length && k < names.size(); k++) {
                h.append(k == 0 ? "" : " &middot; ").append(esc(names.get(k))).append(' ')
                        .append(MetricsText.num(it.probabilities()[k]));
            }
            h.append("</figcaption></figure>\n");
        }
        h.append("</div>\n");
    }

    private static void figure(StringBuilder h, Rendered chart, String caption) {
        if (chart == null) {
            h.append("<p class=\"muted\">Chart not available.</p>\n");
            return;
        }
        h.append("<figure><img src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(chart.png()))
                .append("\" alt=\"").append(esc(chart.caption())).append("\"><figcaption>").append(esc(chart.caption()));
        if (caption != null) {
            h.append(". ").append(esc(caption));
        }
        h.append("</figcaption></figure>\n");
    }

    private static void summaryRow(StringBuilder h, String name, Double v, BootstrapIntervals.Interval ci) {
        h.append("<tr><th>").append(esc(name)).append("</th>");
        num(h, v);
        h.append("<td class=\"num\">");
        if (ci != null && !Double.isNaN(ci.lower())) {
            h.append(MetricsText.num(ci.lower())).append(" &ndash; ").append(MetricsText.num(ci.upper()));
        }
        h.append("</td></tr>\n");
    }

    private static void num(StringBuilder h, Double v) {
        h.append("<td class=\"num\">").append(MetricsText.num(v)).append("</td>");
    }

    private static String fixed(double v, int decimals) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static void open(StringBuilder h, String id, String heading) {
        h.append("<section id=\"").append(id).append("\">\n<h2>").append(esc(heading)).append("</h2>\n");
    }

    private static void close(StringBuilder h) {
        h.append("</section>\n");
    }
}
