package org.heartsounds.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.core.io.Sha256;
import org.heartsounds.evaluation.EpochMetrics;
import org.heartsounds.evaluation.MetricsOptions;
import org.heartsounds.evaluation.MetricsReport;
import org.heartsounds.evaluation.browser.HeadlessChromium;
import org.heartsounds.evaluation.browser.LoadedPage;
import org.heartsounds.evaluation.charts.ChartFiles;
import org.heartsounds.evaluation.charts.ChartFixtures;
import org.heartsounds.evaluation.charts.EvaluationCharts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a realistic report (5 classes, 12 epochs, ROC, reliability, misclassified list) unmodified in a real headless
 * Chromium: every chart image loads, no request leaves the file, nothing overflows the page width (1280 px and a
 * 400 px phone), and the rendered page is not blank. Also checks that the browser probe itself sees a broken image and
 * an external request. Skipped without chromium, except under {@code CI=true}. The screenshot is kept as {@code
 * target/chromium/report-screenshot.png} for people to look at.
 */
class HtmlReportBrowserTest {
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 900;
    /** A phone held upright: the page must still not scroll sideways (wide tables scroll in their own box). */
    private static final int NARROW = 400;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String TITLE = "test split (windows)";
    /** The report header's background (HtmlStyle's --accent). */
    private static final int ACCENT = 0x0b3d6e;

    @TempDir
    static Path dir;
    private static Path reportFile;
    private static String shaBefore;
    private static int charts;
    private static LoadedPage page;
    private static LoadedPage narrow;
    private static LoadedPage probe;
    private static Path probeFile;

    @BeforeAll
    static void openInChromium() throws IOException {
        Path chromium = HeadlessChromium.locateOrSkip();
        MetricsReport report = MetricsReport.compute(ChartFixtures.predictions(), MetricsOptions.defaults());
        List<EpochMetrics> epochs = ChartFixtures.epochs(12);
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("dataset manifest sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        provenance.put("backend", "ND4J CPU backend (natives linux-x86_64-onednn-avx2, OPENBLAS, 2 OpenMP threads), "
                + "oneDNN yes, DL4J layer helpers on");
        reportFile = EvaluationWriter.write(dir.resolve("test"), report, epochs, ConfigLoader.toYaml(Recipe.defaults()),
                provenance, TITLE).reportHtml();
        charts = EvaluationCharts.charts(report, epochs).size();
        shaBefore = Sha256.of(reportFile);
        probeFile = writeProbePage(dir.resolve("probe.html"));
        try (HeadlessChromium browser = HeadlessChromium.start(chromium, WIDTH, HEIGHT, TIMEOUT)) {
            page = browser.load(reportFile);
            browser.viewport(NARROW, HEIGHT);
            narrow = browser.load(reportFile);
            browser.viewport(WIDTH, HEIGHT);
            probe = browser.load(probeFile);
        }
        Path kept = Path.of("target", "chromium", "report-screenshot.png");
        Files.createDirectories(kept.getParent());
        Files.write(kept, page.screenshotPng());
    }

    @Test
    void everyChartImageLoads() {
        assertEquals(5, charts, "accuracy, loss, confusion matrix, ROC, reliability");
        assertEquals(charts, page.images().size(), "one <img> per chart");
        for (LoadedPage.Image img : page.images()) {
            assertTrue(img.srcStart().startsWith("data:image/png;base64,"), img.srcStart());
            assertTrue(img.complete(), img.srcStart());
            assertEquals(ChartFiles.WIDTH, img.naturalWidth(), "natural width");
            assertEquals(ChartFiles.HEIGHT, img.naturalHeight(), "natural height");
        }
        assertEquals(TITLE, page.title());
    }

    @Test
    void noRequestLeavesTheFile() {
        assertEquals(page.url(), page.requests().get(0), "the document itself is the first request");
        assertEquals(List.of(), page.externalRequests());
        assertTrue(page.url().startsWith("file:/"), page.url());
    }

    @Test
    void fitsTheWindowWidth() throws IOException {
        assertEquals(WIDTH, page.clientWidth());
        assertTrue(page.scrollWidth() <= page.clientWidth(), "horizontal overflow: document " + page.scrollWidth()
                + " px wide in a " + page.clientWidth() + " px window");
        assertTrue(page.scrollHeight() > 3 * HEIGHT, "a full report is several screens tall: " + page.scrollHeight());
        assertEquals(NARROW, narrow.clientWidth());
        assertTrue(narrow.scrollWidth() <= narrow.clientWidth(), "horizontal overflow at " + NARROW + " px: "
                + narrow.scrollWidth());
        assertEquals(charts, narrow.images().stream().filter(LoadedPage.Image::loaded).count());
        assertEquals(NARROW, narrow.screenshot().getWidth());
    }

    @Test
    void screenshotShowsTheRenderedPage() throws IOException {
        BufferedImage shot = page.screenshot();
        assertEquals(WIDTH, shot.getWidth());
        assertEquals(Math.min(page.scrollHeight(), HeadlessChromium.MAX_SCREENSHOT_HEIGHT), shot.getHeight());
        assertEquals(ACCENT, shot.getRGB(WIDTH / 2, 8) & 0xFFFFFF, "header background");
        int colours = page.distinctColours();
        assertTrue(colours >= 500, "text, tables and five anti-aliased charts give many colours, got " + colours);
        double inked = page.nonWhiteFraction();
        assertTrue(inked > 0.10 && inked < 0.95, "non-white fraction " + inked);
    }

    @Test
    void theFileIsOpenedUnmodified() throws IOException {
        assertEquals(shaBefore, Sha256.of(reportFile));
        assertEquals(reportFile.toAbsolutePath().toUri().toString(), page.url());
    }

    @Test
    void theProbeSeesBrokenImagesAndExternalRequests() {
        assertEquals(3, probe.images().size());
        assertTrue(probe.images().get(0).loaded(), "embedded PNG");
        assertFalse(probe.images().get(1).loaded(), "missing file");
        assertEquals(0, probe.images().get(1).naturalWidth());
        assertFalse(probe.images().get(2).loaded(), "unreachable server");
        assertEquals(List.of(probeFile.resolveSibling("no-such-chart.png").toUri().toString(),
                "http://127.0.0.1:9/chart.png"), probe.externalRequests(), "another file and a server");
        assertTrue(probe.scrollWidth() > probe.clientWidth(), "the 3000 px wide block overflows");
    }

    /** A page with one good embedded image, one missing file, one external image and a too-wide block. */
    private static Path writeProbePage(Path file) throws IOException {
        byte[] png = ChartFiles.png(new org.jfree.chart.JFreeChart(new org.jfree.chart.plot.PiePlot<String>()), 40, 30);
        String html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>probe</title></head><body>"
                + "<img src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\">"
                + "<img src=\"no-such-chart.png\"><img src=\"http://127.0.0.1:9/chart.png\">"
                + "<div style=\"width:3000px\">wide</div></body></html>";
        Files.writeString(file, html);
        return file;
    }
}
