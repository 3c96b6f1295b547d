package org.heartsounds.evaluation.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.evaluation.MetricsOptions;
import org.heartsounds.evaluation.MetricsReport;
import org.heartsounds.evaluation.browser.HeadlessChromium;
import org.heartsounds.evaluation.browser.LoadedPage;
import org.heartsounds.evaluation.charts.ChartFixtures;
import org.heartsounds.evaluation.report.EvaluationWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report with a full gallery (five classes, overlays of every kind, training samples) opened in a real headless
 * Chromium: every overlay loads at its natural size, nothing leaves the file, and the page does not scroll sideways at
 * 1280 px or on a 400 px phone. Skipped without chromium, except under {@code CI=true}. The screenshot is kept as
 * {@code target/chromium/gallery-screenshot.png}.
 */
class GalleryBrowserTest {
    @TempDir
    Path dir;

    @Test
    void galleryLoadsAndFitsWideAndNarrowWindows() throws IOException {
        Path chromium = HeadlessChromium.locateOrSkip();
        MetricsReport report = MetricsReport.compute(ChartFixtures.predictions(), MetricsOptions.defaults());
        Gallery gallery = gallery(report.classNames());
        Path html = EvaluationWriter.write(dir.resolve("test"), report, ChartFixtures.epochs(4),
                ConfigLoader.toYaml(Recipe.defaults()), null, "gallery", gallery, null).reportHtml();
        int overlays = 0;
        for (Gallery.ClassSection c : gallery.classes()) {
            overlays += c.mostConfident().size() + c.leastConfident().size() + c.misclassified().size();
        }
        LoadedPage wide;
        LoadedPage narrow;
        try (HeadlessChromium browser = HeadlessChromium.start(chromium, 1280, 900, Duration.ofSeconds(60))) {
            wide = browser.load(html);
            browser.viewport(400, 900);
            narrow = browser.load(html);
        }
        List<LoadedPage.Image> drawn = wide.images().stream()
                .filter(i -> i.naturalWidth() == Gallery.OVERLAY_WIDTH && i.naturalHeight() == Gallery.OVERLAY_HEIGHT)
                .toList();
        assertEquals(overlays + gallery.trainingSamples().size(), drawn.size(),
                "one image per explained window and per training sample (drawn with the overlay's bytes here)");
        assertTrue(wide.images().stream().allMatch(LoadedPage.Image::loaded), "every image loads");
        assertEquals(List.of(), wide.externalRequests());
        assertTrue(wide.scrollWidth() <= wide.clientWidth(), "wide: " + wide.scrollWidth());
        assertTrue(narrow.scrollWidth() <= narrow.clientWidth(), "400 px: " + narrow.scrollWidth());
        assertTrue(narrow.images().stream().allMatch(LoadedPage.Image::loaded));
        Path kept = Path.of("target", "chromium", "gallery-screenshot.png");
        Files.createDirectories(kept.getParent());
        Files.write(kept, wide.screenshotPng());
    }

    private static Gallery gallery(List<String> classes) {
        List<Gallery.ClassSection> sections = new ArrayList<>();
        List<Gallery.Sample> samples = new ArrayList<>();
        int[] rgb = new int[64 * 48];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (i % 64) * 3 << 8 | 0x40;
        }
        ClassActivationMap map = CamOverlayTest.hotSpot();
        SpectrogramAxes axes = new SpectrogramAxes(2.0, 20, 2000);
        byte[] png = CamOverlay.png("a_very_long_file_name_that_must_wrap_somewhere_w00.png: MR 0.93", rgb, map, axes,
                List.of(), Gallery.OVERLAY_WIDTH, Gallery.OVERLAY_HEIGHT);
        for (String c : classes) {
            double[] p = new double[classes.size()];
            p[classes.indexOf(c)] = 0.9;
            Gallery.Item item = new Gallery.Item("a_very_long_file_name_without_any_break_" + c + "_w00.png", c, c, p,
                    png, 1.0);
            sections.add(new Gallery.ClassSection(c, List.of(item, item, item), List.of(item, item), List.of(item)));
            samples.add(new Gallery.Sample(c, c + "_sample.png", png));
        }
        return new Gallery(3, sections, 0, samples, "layer4.1.relu2", 1.0);
    }
}
