package org.heartsounds.evaluation.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.heartsounds.core.io.Folders;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real headless Chromium (Debian's {@code chromium}) driven over the Chrome DevTools Protocol, for tests that must
 * see a page the way a browser renders it: {@link #load(Path)} opens a file unmodified and reports every image's
 * load state, every request the page made, its layout width and a full-page PNG screenshot.
 *
 * <p>Each instance runs its own browser with a fresh temporary profile ({@code --user-data-dir}), DevTools on a
 * free loopback port and {@code --no-sandbox} (the tests run as root); {@link #close()} kills the browser and all
 * its child processes and deletes the profile. Every wait is bounded by the timeout given to
 * {@link #start(Path, int, int, Duration)}. Written by hand: the build has no WebDriver/CDP library and needs none.
 */
public final class HeadlessChromium implements AutoCloseable {
    /** Executables looked up on the PATH, in order. */
    public static final List<String> EXECUTABLES = List.of("chromium", "chromium-browser");
    /** Tallest full-page screenshot taken, in CSS pixels. */
    public static final int MAX_SCREENSHOT_HEIGHT = 20_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Runs in the page after the load event: waits for every image to decode (or fail), then reports. */
    private static final String INSPECT_SCRIPT = """
            (async () => {
              const images = Array.from(document.images);
              await Promise.allSettled(images.map(i => i.decode()));
              const root = document.documentElement;
              return JSON.stringify({
                images: images.map(i => ({src: (i.currentSrc || i.src).slice(0, 80), complete: i.complete,
                                           naturalWidth: i.naturalWidth, naturalHeight: i.naturalHeight})),
                scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, scrollHeight: root.scrollHeight,
                title: document.title
              });
            })()
            """;

    private final Process process;
    private final Path profile;
    private final Path log;
    private final Duration timeout;
    private int width;
    private final DevToolsConnection page;

    private HeadlessChromium(Process process, Path profile, Path log, int width, Duration timeout,
                             DevToolsConnection page) {
        this.process = process;
        this.profile = profile;
        this.log = log;
        this.width = width;
        this.timeout = timeout;
        this.page = page;
    }

    /** The first of {@link #EXECUTABLES} found on the PATH. */
    public static Optional<Path> locate() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String name : EXECUTABLES) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The browser executable; when there is none the calling test is skipped, except when the environment variable
     * {@code CI} is {@code "true"}: CI installs chromium ({@code .ci/install-tools}), so there it fails.
     */
    public static Path locateOrSkip() {
        Optional<Path> found = locate();
        if (found.isEmpty()) {
            String why = "no " + String.join(" or ", EXECUTABLES) + " on the PATH (Debian: apt-get install chromium)";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(why + "; CI=true, where .ci/install-tools must have installed it");
            }
            Assumptions.abort(why);
        }
        return found.get();
    }

    /** Starts a browser whose page viewport is {@code width} x {@code height} CSS pixels. */
    public static HeadlessChromium start(Path executable, int width, int height, Duration timeout)
            throws IOException {
        Path profile = Files.createTempDirectory("heartsounds-chromium-");
        Path log = profile.resolveSibling(profile.getFileName() + ".log");
        List<String> command = List.of(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync",
                "--disable-background-networking", "--disable-component-update", "--hide-scrollbars",
                "--mute-audio", "--force-device-scale-factor=1", "--window-size=" + width + "," + height,
                "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "about:blank");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            int port = awaitDevToolsPort(process, profile, log, timeout);
            DevToolsConnection page = DevToolsConnection.open(pageSocket(port, timeout), timeout);
            HeadlessChromium browser = new HeadlessChromium(process, profile, log, width, timeout, page);
            page.call("Page.enable", Map.of());
            page.call("Network.enable", Map.of());
            return browser;
        } catch (IOException | RuntimeException e) {
            kill(process, timeout);
            Folders.deleteRecursively(profile);
            Files.deleteIfExists(log);
            throw e;
        }
    }

    /**
     * Sets the page's viewport to {@code width} x {@code height} CSS pixels (scale 1) for the pages loaded from now
     * on, as a narrower or wider browser window would.
     */
    public void viewport(int width, int height) throws IOException {
        page.call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", false));
        this.width = width;
    }

    /**
     * Opens {@code html} (as a {@code file:} URL, the file itself untouched), waits for the load event and for every
     * image to decode, and reports what the browser saw.
     */
    public LoadedPage load(Path html) throws IOException {
        String url = html.toAbsolutePath().toUri().toString();
        page.clearEvents();
        JsonNode nav = page.call("Page.navigate", Map.of("url", url));
        if (nav.hasNonNull("errorText")) {
            throw new IOException("cannot open " + url + ": " + nav.get("errorText").asText());
        }
        page.awaitEvent("Page.loadEventFired", p -> true);
        JsonNode state = JSON.readTree(evaluate(INSPECT_SCRIPT));
        List<LoadedPage.Image> images = new ArrayList<>();
        for (JsonNode i : state.path("images")) {
            images.add(new LoadedPage.Image(i.path("src").asText(), i.path("complete").asBoolean(),
                    i.path("naturalWidth").asInt(), i.path("naturalHeight").asInt()));
        }
        List<String> requests = page.events("Network.requestWillBeSent").stream()
                .map(p -> p.path("request").path("url").asText()).toList();
        int height = Math.min(MAX_SCREENSHOT_HEIGHT, state.path("scrollHeight").asInt());
        byte[] png = screenshot(Math.max(1, height));
        return new LoadedPage(url, state.path("title").asText(), images, requests, state.path("scrollWidth").asInt(),
                state.path("clientWidth").asInt(), state.path("scrollHeight").asInt(), png);
    }

    /** Kills the browser and every process it started, then deletes its profile. */
    @Override
    public void close() {
        page.close();
        kill(process, timeout);
        try {
            Folders.deleteRecursively(profile);
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the browser profile " + profile, e);
        }
    }

    /**
     * Evaluates a JavaScript expression in the current page (awaiting it when it is a promise) and returns its
     * value as a string (JSON-encode anything structured inside the expression).
     */
    public String evaluate(String expression) throws IOException {
        JsonNode r = page.call("Runtime.evaluate", Map.of("expression", expression, "awaitPromise", true,
                "returnByValue", true));
        if (r.has("exceptionDetails")) {
            throw new IOException("page script failed: " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value").asText();
    }

    private byte[] screenshot(int height) throws IOException {
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1);
        JsonNode r = page.call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
                "clip", clip));
        return Base64.getDecoder().decode(r.path("data").asText());
    }

    /** Chromium writes the port it chose into {@code DevToolsActivePort} in the profile once DevTools listens. */
    private static int awaitDevToolsPort(Process process, Path profile, Path log, Duration timeout)
            throws IOException {
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(portFile)) {
                List<String> lines = Files.readAllLines(portFile, StandardCharsets.UTF_8);
                if (!lines.isEmpty() && lines.get(0).matches("\\d{1,5}")) {
                    return Integer.parseInt(lines.get(0));
                }
            }
            if (!process.isAlive()) {
                throw new IOException("chromium exited with status " + process.exitValue() + ": " + tail(log));
            }
            sleep(50);
        }
        throw new IOException("chromium did not open DevTools within " + timeout + ": " + tail(log));
    }

    /** The WebSocket of the browser's first page (the {@code about:blank} tab it starts with). */
    private static URI pageSocket(int port, Duration timeout) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                .timeout(timeout).GET().build();
        try {
            String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
            for (JsonNode target : JSON.readTree(body)) {
                if ("page".equals(target.path("type").asText()) && target.hasNonNull("webSocketDebuggerUrl")) {
                    return URI.create(target.get("webSocketDebuggerUrl").asText());
                }
            }
            throw new IOException("chromium lists no page target: " + body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted asking chromium for its pages", e);
        }
    }

    private static void kill(Process process, Duration timeout) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            for (ProcessHandle child : children) {
                child.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // a child that outlives the timeout has been sent SIGKILL already; nothing more to do
        }
    }


    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
