package org.heartsounds.sweep.run;

import static org.heartsounds.evaluation.report.Html.esc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.heartsounds.core.io.AtomicFiles;
import org.heartsounds.evaluation.MetricsReport;
import org.heartsounds.evaluation.MetricsText;
import org.heartsounds.evaluation.multilabel.MultiLabelMetrics;
import org.heartsounds.evaluation.multilabel.MultiLabelReport;
import org.heartsounds.evaluation.report.EvaluationWriter;
import org.heartsounds.evaluation.report.HtmlStyle;
import org.heartsounds.evaluation.run.SplitEvaluation;
import org.heartsounds.sweep.config.SweepConfig;
import org.heartsounds.sweep.ledger.CandidateRow;
import org.heartsounds.sweep.ledger.SweepLedger;
import org.heartsounds.sweep.report.SweepCharts;

/**
 * The sweep's self-contained HTML page ({@value #FILE}): headline cards, the best candidate with its validation and
 * test metrics (test evaluated after selection), the {@link SweepCharts} embedded as PNG data URIs (the PNG and SVG
 * files are in {@value #CHARTS}/), the sweep.csv table and the resolved configuration. Every text from outside
 * (values, reasons, YAML) is HTML-escaped; the page uses the evaluation reports' style sheet.
 */
public final class SweepReport {
    public static final String FILE = "report.html";
    public static final String CHARTS = "charts";

    private SweepReport() {
    }

    /** Renders the charts into {@code root/charts/} and writes {@code root/report.html}. */
    public static void write(Path root, SweepConfig config, SweepRun.Result result) throws IOException {
        List<SweepCharts.Rendered> charts = SweepCharts.write(root.resolve(CHARTS), config, result.rows(),
                result.best());
        AtomicFiles.writeString(root.resolve(FILE), render(root, config, result, charts));
    }

    static String render(Path root, SweepConfig config, SweepRun.Result result, List<SweepCharts.Rendered> charts) {
        StringBuilder h = new StringBuilder(1 << 20);
        String title = "Sweep " + root.getFileName();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .append(esc(title)).append("</title>\n<style>\n").append(HtmlStyle.CSS).append("</style>\n</head>\n")
                .append("<body>\n<header>\n<h1>").append(esc(title)).append("</h1>\n<p>")
                .append(esc(config.sweep().generator().name().toLowerCase(Locale.ROOT))).append(" search with Arbiter, ")
                .append(config.candidateCount()).append(" candidates, ranked by ")
                .append(esc(config.sweep().score().key())).append(" on the validation split</p>\n<nav>")
                .append("<a href=\"#best\">Best candidate</a><a href=\"#scores\">Scores</a>")
                .append("<a href=\"#parameters\">Parameters</a><a href=\"#candidates\">Candidates</a>")
                .append("<a href=\"#config\">Configuration</a></nav>\n</header>\n");
        cards(h, config, result);
        h.append("<main>\n");
        best(h, config, result);
        figures(h, "scores", "Scores", charts.stream().filter(c -> c.name().equals(SweepCharts.SCORE_PER_CANDIDATE))
                .toList());
        List<SweepCharts.Rendered> parameters = new java.util.ArrayList<>(charts.stream()
                .filter(c -> c.name().equals(SweepCharts.SMALL_MULTIPLES)).toList());
        charts.stream().filter(c -> c.name().startsWith(SweepCharts.PARAMETER_PREFIX)).forEach(parameters::add);
        figures(h, "parameters", "Parameters", parameters);
        table(h, config, result);
        h.append("<section id=\"config\">\n<h2>Configuration</h2>\n<p class=\"muted\">sweep.yaml: replay or resume "
                + "with <code>heartsounds sweep --config sweep.yaml [--resume]</code></p>\n<pre><code>")
                .append(esc(config.toYaml())).append("</code></pre>\n</section>\n");
        h.append("</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void cards(StringBuilder h, SweepConfig config, SweepRun.Result r) {
        h.append("<div class=\"cards\">\n");
        card(h, "Finished", r.rows().size() + " / " + config.candidateCount());
        card(h, "Failed", Long.toString(r.failed()));
        card(h, "Best " + config.sweep().score().key(), r.best() == null ? "-" : MetricsText.num(r.best().score()));
        card(h, "Best candidate", r.best() == null ? "-" : Integer.toString(r.best().index()));
        h.append("</div>\n");
    }

    private static void card(StringBuilder h, String key, String value) {
        h.append("<div class=\"card\"><div class=\"k\">").append(esc(key)).append("</div><div class=\"v\">")
                .append(esc(value)).append("</div></div>\n");
    }

    private static void best(StringBuilder h, SweepConfig config, SweepRun.Result r) {
        h.append("<section id=\"best\">\n<h2>Best candidate</h2>\n");
        if (r.best() == null) {
            h.append("<p>No candidate finished; the reasons are in the table below.</p>\n</section>\n");
            return;
        }
        CandidateRow b = r.best();
        h.append("<p>Candidate ").append(b.index()).append(", run folder <code>").append(esc(b.runDir()))
                .append("</code> (a normal training run: <code>best.txt</code> points at it).</p>\n")
                .append("<table class=\"kv\"><tbody>\n");
        List<String> keys = List.copyOf(config.sweep().parameters().keySet());
        for (int i = 0; i < keys.size(); i++) {
            h.append("<tr><th>").append(esc(keys.get(i))).append("</th><td>").append(esc(b.values().get(i)))
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table>\n<table>\n<thead><tr><th>split</th><th>level</th><th>items</th>")
                .append("<th>accuracy</th><th>macro F1</th><th>report</th></tr></thead>\n<tbody>\n");
        BestCandidate.Evaluation e = r.evaluation();
        if (e.multilabel()) {
            multiLabelRows(h, "validation (selection)", e.multiLabelValidation(), BestCandidate.VALIDATION);
            if (e.multiLabelTest() != null) {
                multiLabelRows(h, "test (after selection)", e.multiLabelTest(), BestCandidate.TEST);
            }
        } else {
            evaluationRows(h, "validation (selection)", e.validation(), BestCandidate.VALIDATION);
            if (e.test() != null) {
                evaluationRows(h, "test (after selection)", e.test(), BestCandidate.TEST);
            }
        }
        h.append("</tbody></table>\n<p class=\"muted\">Candidates were ranked on the validation split only; the test "
                + "split was evaluated once, after the choice, and took no part in it.</p>\n</section>\n");
    }

    /** A multi-label evaluation's rows: subset accuracy in the accuracy column, macro F1 over the labels. */
    private static void multiLabelRows(StringBuilder h, String split, MultiLabelReport e, String dir) {
        for (MultiLabelMetrics m : e.levels()) {
            h.append("<tr><td>").append(esc(split)).append("</td><td>").append(esc(m.level()))
                    .append("</td><td class=\"num\">").append(m.count()).append("</td><td class=\"num\">")
                    .append(MetricsText.num(m.subsetAccuracy())).append(" (subset)</td><td class=\"num\">")
                    .append(MetricsText.num(m.macro().f1())).append("</td><td><a href=\"")
                    .append(esc(dir + "/" + MultiLabelReport.REPORT_HTML)).append("\">").append(esc(dir))
                    .append("</a></td></tr>\n");
        }
    }

    private static void evaluationRows(StringBuilder h, String split, SplitEvaluation.Result e, String dir) {
        evaluationRow(h, split, "windows", e.windows(), dir);
        evaluationRow(h, split, "recordings", e.recordings(), dir + "-recordings");
    }

    private static void evaluationRow(StringBuilder h, String split, String level, MetricsReport m, String dir) {
        h.append("<tr><td>").append(esc(split)).append("</td><td>").append(level).append("</td><td class=\"num\">")
                .append(m.count()).append("</td><td class=\"num\">").append(MetricsText.num(m.summary().accuracy()))
                .append("</td><td class=\"num\">").append(MetricsText.num(m.summary().macroF1()))
                .append("</td><td><a href=\"").append(esc(dir + "/" + EvaluationWriter.REPORT_HTML)).append("\">")
                .append(esc(dir)).append("</a></td></tr>\n");
    }

    private static void figures(StringBuilder h, String id, String heading, List<SweepCharts.Rendered> charts) {
        h.append("<section id=\"").append(id).append("\">\n<h2>").append(esc(heading)).append("</h2>\n");
        for (SweepCharts.Rendered c : charts) {
            h.append("<figure><img alt=\"").append(esc(c.caption())).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(c.png())).append("\"><figcaption>")
                    .append(esc(c.caption())).append(" (<a href=\"").append(CHARTS).append('/').append(esc(c.name()))
                    .append(".svg\">SVG</a>)</figcaption></figure>\n");
        }
        h.append("</section>\n");
    }

    private static void table(StringBuilder h, SweepConfig config, SweepRun.Result r) {
        h.append("<section id=\"candidates\">\n<h2>Candidates</h2>\n<p class=\"muted\">").append(SweepLedger.FILE)
                .append(": one row per finished candidate")
                .append(r.best() == null ? "" : "; the best is in bold").append(".</p>\n<table>\n<thead><tr>");
        List<String> header = SweepLedger.header(List.copyOf(config.sweep().parameters().keySet()));
        for (String col : header) {
            h.append("<th>").append(esc(col)).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (CandidateRow row : r.rows()) {
            boolean isBest = r.best() != null && r.best().index() == row.index();
            h.append(isBest ? "<tr style=\"font-weight:700\">" : "<tr>").append("<td class=\"num\">")
                    .append(row.index()).append("</td><td>").append(row.status().text()).append("</td><td class=\"num\">")
                    .append(row.score() == null ? "" : MetricsText.num(row.score())).append("</td><td class=\"num\">")
                    .append(String.format(Locale.ROOT, "%.1f", row.seconds())).append("</td>");
            for (String v : row.values()) {
                h.append("<td>").append(esc(v)).append("</td>");
            }
            h.append("<td>").append(esc(row.runDir())).append("</td><td>").append(esc(row.reason()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table>\n</section>\n");
    }
}
