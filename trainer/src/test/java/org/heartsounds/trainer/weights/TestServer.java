package org.heartsounds.trainer.weights;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on 127.0.0.1 (ephemeral port) for tests: serves byte arrays under {@code /files/<name>} with a
 * {@code 200} and their full length. {@link #cutAfter} makes it announce the full length but drop the connection
 * after fewer bytes. Ignores {@code Range} (the downloader then starts over, which it handles). Counts requests.
 */
public final class TestServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Integer> cuts = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    public TestServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.setExecutor(executor);
        server.createContext("/files/", this::serve);
        server.start();
    }

    public TestServer put(String name, byte[] content) {
        files.put(name, content);
        return this;
    }

    /** Responses for {@code name} announce the full length, send {@code bytes} bytes, then drop the connection. */
    public TestServer cutAfter(String name, int bytes) {
        cuts.put(name, bytes);
        return this;
    }

    public URI url(String name) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/files/" + name);
    }

    public int requests() {
        return requests.get();
    }

    private void serve(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        byte[] content = files.get(exchange.getRequestURI().getPath().substring("/files/".length()));
        if (content == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        Integer cut = cuts.get(exchange.getRequestURI().getPath().substring("/files/".length()));
        int send = cut == null ? content.length : Math.min(cut, content.length);
        exchange.sendResponseHeaders(200, content.length);
        try {
            OutputStream body = exchange.getResponseBody();
            body.write(content, 0, send);
            body.flush();
        } catch (IOException e) {
            // client went away
        }
        if (send < content.length) {
            throw new IllegalStateException("simulated connection cut"); // the JDK server then drops the connection
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
