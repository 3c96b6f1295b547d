package org.heartsounds.evaluation.browser;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.imageio.ImageIO;

/**
 * What {@link HeadlessChromium#load} saw of a page.
 *
 * @param url           the {@code file:} URL opened
 * @param title         {@code document.title}
 * @param images        every {@code <img>} in document order, after each decoded or failed
 * @param requests      the URL of every request the page made ({@code Network.requestWillBeSent}), in order
 * @param scrollWidth   width of the laid-out document; larger than {@code clientWidth} means horizontal overflow
 * @param clientWidth   width of the viewport
 * @param scrollHeight  height of the laid-out document
 * @param screenshotPng full-page screenshot (up to {@link HeadlessChromium#MAX_SCREENSHOT_HEIGHT} px tall)
 */
public record LoadedPage(String url, String title, List<Image> images, List<String> requests, int scrollWidth,
                         int clientWidth, int scrollHeight, byte[] screenshotPng) {
    public LoadedPage {
        images = List.copyOf(images);
        requests = List.copyOf(requests);
    }

    /** One {@code <img>}: the start of its source, {@code complete}, natural size (0 when it did not load). */
    public record Image(String srcStart, boolean complete, int naturalWidth, int naturalHeight) {
        /** Loaded and decoded: complete with a non-zero natural size. */
        public boolean loaded() {
            return complete && naturalWidth > 0 && naturalHeight > 0;
        }
    }

    /**
     * Requests for anything beyond the page's own file: every URL but the page itself and {@code data:} URLs, so a
     * sibling file counts as well as a server (a self-contained page needs neither).
     */
    public List<String> externalRequests() {
        return requests.stream().filter(u -> !u.equals(url) && !u.startsWith("data:")).toList();
    }

    /** The screenshot decoded. */
    public BufferedImage screenshot() throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(screenshotPng));
        if (img == null) {
            throw new IOException("the screenshot is not a readable PNG");
        }
        return img;
    }

    /** Number of distinct RGB colours in the screenshot. */
    public int distinctColours() throws IOException {
        BufferedImage img = screenshot();
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                colours.add(img.getRGB(x, y) & 0xFFFFFF);
            }
        }
        return colours.size();
    }

    /** Fraction of screenshot pixels that are not pure white. */
    public double nonWhiteFraction() throws IOException {
        BufferedImage img = screenshot();
        long nonWhite = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
                    nonWhite++;
                }
            }
        }
        return (double) nonWhite / ((long) img.getWidth() * img.getHeight());
    }
}
