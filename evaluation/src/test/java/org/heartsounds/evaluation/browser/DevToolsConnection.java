package org.heartsounds.evaluation.browser;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A minimal Chrome DevTools Protocol client over {@link java.net.http.WebSocket}: numbered commands with their
 * replies, and a log of every event. Written by hand (no CDP library in the build); it speaks only the JSON
 * framing CDP uses (one JSON object per text message: {@code {id, method, params}} out, {@code {id, result|error}}
 * or {@code {method, params}} in).
 */
final class DevToolsConnection implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocket socket;
    private final Duration timeout;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new ArrayList<>();

    private DevToolsConnection(WebSocket socket, Duration timeout, Listener listener) {
        this.socket = socket;
        this.timeout = timeout;
        listener.owner = this;
    }

    /** Connects to a DevTools WebSocket URL (a page's {@code webSocketDebuggerUrl}). */
    static DevToolsConnection open(URI webSocketUrl, Duration timeout) throws IOException {
        Listener listener = new Listener();
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        try {
            WebSocket ws = http.newWebSocketBuilder().connectTimeout(timeout).buildAsync(webSocketUrl, listener)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new DevToolsConnection(ws, timeout, listener);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted connecting to " + webSocketUrl, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot connect to DevTools at " + webSocketUrl + ": " + e, e);
        }
    }

    /** Sends {@code method} with {@code params} and waits (bounded) for its result; a CDP error is an IOException. */
    JsonNode call(String method, Map<String, ?> params) throws IOException {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", JSON.valueToTree(params));
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            socket.sendText(JSON.writeValueAsString(message), true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            JsonNode answer = reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (answer.has("error")) {
                throw new IOException(method + " failed: " + answer.get("error"));
            }
            return answer.path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for " + method, e);
        } catch (ExecutionException e) {
            throw new IOException(method + ": " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new IOException(method + ": no reply within " + timeout, e);
        } finally {
            pending.remove(id);
        }
    }

    /** Waits (bounded) until an event named {@code method} whose params satisfy {@code test} has arrived. */
    JsonNode awaitEvent(String method, Predicate<JsonNode> test) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            while (true) {
                for (JsonNode e : events) {
                    if (method.equals(e.path("method").asText()) && test.test(e.path("params"))) {
                        return e.path("params");
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("no " + method + " event within " + timeout);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(events, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted waiting for " + method, e);
                }
            }
        }
    }

    /** The params of every event named {@code method} received so far, in arrival order. */
    List<JsonNode> events(String method) {
        synchronized (events) {
            return events.stream().filter(e -> method.equals(e.path("method").asText()))
                    .map(e -> e.path("params")).toList();
        }
    }

    /** Forgets the events received so far. */
    void clearEvents() {
        synchronized (events) {
            events.clear();
        }
    }

    @Override
    public void close() {
        socket.abort();
        pending.values().forEach(f -> f.completeExceptionally(new IOException("connection closed")));
    }

    private void receive(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (IOException e) {
            return; // not JSON: CDP never sends that; ignore rather than kill the listener thread
        }
        if (message.has("id")) {
            CompletableFuture<JsonNode> f = pending.get(message.get("id").asInt());
            if (f != null) {
                f.complete(message);
            }
        } else if (message.has("method")) {
            synchronized (events) {
                events.add(message);
                events.notifyAll();
            }
        }
    }

    private void closed(String why) {
        pending.values().forEach(f -> f.completeExceptionally(new IOException("DevTools connection closed: " + why)));
    }

    /** Collects the parts of each text message and hands complete messages to the connection. */
    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private volatile DevToolsConnection owner;

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                DevToolsConnection o = owner;
                if (o != null) {
                    o.receive(text);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            DevToolsConnection o = owner;
            if (o != null) {
                o.closed(status + " " + reason);
            }
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            DevToolsConnection o = owner;
            if (o != null) {
                o.closed(error.toString());
            }
        }
    }
}
