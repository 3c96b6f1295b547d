package org.heartsounds.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.heartsounds.evaluation.EpochMetrics;
import org.heartsounds.evaluation.MetricsJson;
import org.heartsounds.evaluation.MetricsOptions;
import org.heartsounds.evaluation.MetricsReport;
import org.heartsounds.evaluation.charts.ChartFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    private static final Pattern IMG = Pattern.compile("<img\\b[^>]*>");
    private static final Pattern SRC = Pattern.compile("\\bsrc=\"([^\"]*)\"");
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private static MetricsReport report;
    private static List<EpochMetrics> epochs;
    private static EvaluationWriter.Outputs outputs;
    private static String html;
    @TempDir
    static Path dir;

    @BeforeAll
    static void writeEverything() throws IOException {
        report = MetricsReport.compute(ChartFixtures.predictions(), MetricsOptions.defaults());
        epochs = ChartFixtures.epochs(12);
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("dataset", "yaseen2018");
        provenance.put("data_sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        provenance.put("note", "A & B <raw>");
        outputs = EvaluationWriter.write(dir.resolve("run"), report, epochs,
                "seed: 42\nmodel:\n  arch: resnet18\n# <script>alert(1)</script>\n", provenance, "Fold 1 <test>");
        html = Files.readString(outputs.reportHtml());
    }

    @Test
    void everySectionIsPresentInOrder() {
        int last = -1;
        for (String id : HtmlReport.SECTION_IDS) {
            int at = html.indexOf("<section id=\"" + id + "\">");
            assertTrue(at > last, "section " + id);
            last = at;
        }
        assertEquals(HtmlReport.SECTION_IDS.size(), count(html, "<section "));
        assertTrue(html.contains("<h2>Misclassified files (" + report.summary().errors() + ")</h2>"));
        assertTrue(html.contains("<td><code>yaseen2018</code></td>"));
        assertTrue(html.contains("arch: resnet18"));
        assertTrue(html.contains("<table class=\"confusion\">"));
        assertTrue(html.contains("Per-epoch values (12 epochs)"));
    }

    @Test
    void everyImageIsAnEmbeddedValidPng() throws IOException {
        Matcher m = IMG.matcher(html);
        List<String> srcs = new ArrayList<>();
        while (m.find()) {
            Matcher s = SRC.matcher(m.group());
            assertTrue(s.find(), m.group().substring(0, Math.min(80, m.group().length())));
            srcs.add(s.group(1));
        }
        assertEquals(5, srcs.size(), "accuracy, loss, confusion, ROC, reliability");
        for (String src : srcs) {
            assertTrue(src.startsWith("data:image/png;base64,"), src.substring(0, 40));
            byte[] png = Base64.getDecoder().decode(src.substring("data:image/png;base64,".length()));
            for (int i = 0; i < PNG_SIGNATURE.length; i++) {
                assertEquals(PNG_SIGNATURE[i], png[i], "PNG signature byte " + i);
            }
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            assertNotNull(img);
            assertEquals(800, img.getWidth());
            assertEquals(600, img.getHeight());
        }
    }

    @Test
    void selfContainedAndEscaped() {
        assertFalse(html.contains("<script"), "no script");
        assertFalse(html.contains("<link"), "no external style sheet");
        assertFalse(html.contains("http://") || html.contains("https://"), "no network address");
        assertFalse(html.contains("<raw>"));
        assertTrue(html.contains("# &lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html.contains("A &amp; B &lt;raw&gt;"));
        assertTrue(html.contains("<title>Fold 1 &lt;test&gt;</title>"));
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<style>"));
    }

    @Test
    void misclassifiedTableListsEveryError() {
        String table = html.substring(html.indexOf("<table class=\"errors\">"));
        table = table.substring(0, table.indexOf("</table>"));
        assertEquals(report.summary().errors(), count(table, "<tr><td><code>"));
        MetricsReport.Misclassified first = report.misclassified().get(0);
        assertTrue(table.indexOf(first.item()) < table.indexOf(report.misclassified().get(1).item()));
        assertEquals(report.summary().errors(), count(table, "class=\"num pred\""));
    }

    @Test
    void writerProducesEveryArtifact() throws IOException {
        assertEquals(report.summary(), MetricsJson.read(outputs.metricsJson()).summary());
        assertTrue(Files.readString(outputs.metricsText()).startsWith("Evaluation of 250 items, 5 classes"));
        for (String name : List.of("training_accuracy", "training_loss", "confusion_matrix", "roc", "reliability")) {
            assertTrue(Files.size(outputs.chartsDir().resolve(name + ".png")) > 10_000, name);
            assertTrue(Files.size(outputs.chartsDir().resolve(name + ".svg")) > 10_000, name);
        }
        try (var files = Files.walk(outputs.reportHtml().getParent())) {
            assertEquals(0, files.filter(p -> p.toString().endsWith(".part")).count());
        }
    }

    @Test
    void withoutEpochsOrConfigTheSectionsSayWhy() {
        String page = HtmlReport.of(report).render();
        assertEquals(3, count(page, "<img "));
        assertTrue(page.contains("No per-epoch metrics were given."));
        assertTrue(page.contains("No configuration was given."));
        assertTrue(page.contains("No provenance was given."));
        for (String id : HtmlReport.SECTION_IDS) {
            assertTrue(page.contains("<section id=\"" + id + "\">"), id);
        }
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int at = s.indexOf(needle); at >= 0; at = s.indexOf(needle, at + 1)) {
            n++;
        }
        return n;
    }
}
