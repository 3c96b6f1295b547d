package org.heartsounds.data.fetch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP server on 127.0.0.1 (ephemeral port) for tests: serves byte arrays under {@code /files/<name>}, honours
 * {@code Range: bytes=N-} (unless told to ignore it), can cut the connection after a number of body bytes, stall,
 * answer with an error status, and redirect {@code /redirect/<name>} to {@code /files/<name>}. Records every
 * request (path, Range header, status, body bytes sent).
 */
public final class LoopbackServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    /** One request as served. */
    public record Served(String path, String range, int status, long bytesSent) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> cutsLeft = new ConcurrentHashMap<>();
    private final Map<String, Integer> cutAfter = new ConcurrentHashMap<>();
    private final Map<String, Integer> statusOverride = new ConcurrentHashMap<>();
    private final Map<String, Integer> stallAfter = new ConcurrentHashMap<>();
    private final List<Served> log = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean ignoreRange;

    public LoopbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(executor);
        server.createContext("/files/", this::serveFile);
        server.createContext("/redirect/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/redirect/".length());
            exchange.getResponseHeaders().add("Location", "/files/" + name);
            exchange.sendResponseHeaders(302, -1);
            log.add(new Served(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Range"), 302, 0));
            exchange.close();
        });
        server.start();
    }

    public LoopbackServer put(String name, byte[] content) {
        files.put(name, content);
        return this;
    }

    /** The next {@code times} responses for {@code name} stop after {@code bytes} body bytes and drop the connection. */
    public LoopbackServer cut(String name, int bytes, int times) {
        cutAfter.put(name, bytes);
        cutsLeft.put(name, new AtomicInteger(times));
        return this;
    }

    /** Responses for {@code name} send {@code bytes} body bytes, then hang until the server is closed. */
    public LoopbackServer stall(String name, int bytes) {
        stallAfter.put(name, bytes);
        return this;
    }

    public LoopbackServer status(String name, int status) {
        statusOverride.put(name, status);
        return this;
    }

    public LoopbackServer ignoreRange(boolean ignore) {
        this.ignoreRange = ignore;
        return this;
    }

    public URI url(String name) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/files/" + name);
    }

    public URI redirectUrl(String name) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/redirect/" + name);
    }

    public List<Served> log() {
        return List.copyOf(log);
    }

    public int requests() {
        return log.size();
    }

    public long bytesSent() {
        return log.stream().mapToLong(Served::bytesSent).sum();
    }

    private void serveFile(HttpExchange exchange) throws IOException {
        String name = exchange.getRequestURI().getPath().substring("/files/".length());
        String range = exchange.getRequestHeaders().getFirst("Range");
        byte[] content = files.get(name);
        Integer forced = statusOverride.get(name);
        if (content == null || forced != null) {
            int status = forced != null ? forced : 404;
            log.add(new Served(name, range, status, 0));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        long start = 0;
        int status = 200;
        Matcher m = range == null ? null : RANGE.matcher(range);
        if (m != null && m.matches() && !ignoreRange) {
            start = Long.parseLong(m.group(1));
            if (start >= content.length) {
                log.add(new Served(name, range, 416, 0));
                exchange.getResponseHeaders().add("Content-Range", "bytes */" + content.length);
                exchange.sendResponseHeaders(416, -1);
                exchange.close();
                return;
            }
            status = 206;
            exchange.getResponseHeaders().add("Content-Range",
                    "bytes " + start + "-" + (content.length - 1) + "/" + content.length);
        }
        int length = (int) (content.length - start);
        int limit = length;
        AtomicInteger cuts = cutsLeft.get(name);
        boolean cutting = cuts != null && cuts.getAndDecrement() > 0;
        if (cutting) {
            limit = Math.min(limit, cutAfter.get(name));
        }
        Integer stallAt = stallAfter.get(name);
        if (stallAt != null) {
            limit = Math.min(limit, stallAt);
        }
        exchange.sendResponseHeaders(status, length);
        OutputStream body = exchange.getResponseBody();
        long sent = 0;
        try {
            int chunk = 8192;
            for (int off = (int) start; sent < limit; ) {
                int n = (int) Math.min(chunk, limit - sent);
                body.write(content, off, n);
                off += n;
                sent += n;
            }
            body.flush();
            if (stallAt != null) {
                released.await(30, TimeUnit.SECONDS);
            }
        } catch (IOException | InterruptedException e) {
            // client went away
        } finally {
            log.add(new Served(name, range, status, sent));
        }
        if (sent < length) {
            // fewer bytes than announced: an exception out of the handler makes the server drop the connection
            throw new SimulatedCut();
        }
        exchange.close();
    }

    /** Thrown out of the handler to make the JDK server close the connection mid-body. */
    private static final class SimulatedCut extends RuntimeException {
        SimulatedCut() {
            super("simulated connection cut", null, false, false);
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
