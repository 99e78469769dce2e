package dev.tether.engine.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A remote engine on a real loopback socket (the JDK's HTTP server, port 0) that answers each path with scripted
 * replies in order, the last one repeating, and keeps every request it got.
 */
final class FakeRemote implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Request(String method, String path, Map<String, List<String>> headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst())
                    .findFirst()
                    .orElse(null);
        }
    }

    /** How one request is answered. */
    @FunctionalInterface
    interface Reply {
        void write(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final Map<String, Deque<Reply>> replies = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Released when the fake closes, so stalled replies end. */
    private final CountDownLatch closing = new CountDownLatch(1);

    FakeRemote() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FakeRemote on(String path, Reply... answers) {
        replies.put(path, new ArrayDeque<>(List.of(answers)));
        return this;
    }

    List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(exchange.getRequestMethod(), path, Map.copyOf(exchange.getRequestHeaders()), body));
        Deque<Reply> queue = replies.get(path);
        Reply reply;
        synchronized (this) {
            reply = queue == null
                    ? json(404, "{\"error\":\"no such path\"}")
                    : queue.size() > 1 ? queue.poll() : queue.peek();
        }
        reply.write(exchange);
        exchange.close(); // not reached when a reply throws: then the server drops the connection
    }

    static Reply json(int status, String body) {
        return exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        };
    }

    /** A chunked answer written piece by piece, flushed after each, so pieces arrive separately. */
    static Reply stream(String contentType, String... pieces) {
        return exchange -> {
            OutputStream out = start(exchange, contentType);
            for (String piece : pieces) {
                out.write(piece.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        };
    }

    /** Writes {@code pieces}, then keeps the connection open and silent until the fake closes. */
    Reply stall(String contentType, String... pieces) {
        return exchange -> {
            stream(contentType, pieces).write(exchange);
            try {
                closing.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** Writes {@code pieces}, then the server dies: the connection drops without ending the chunked body. */
    static Reply dies(String contentType, String... pieces) {
        return exchange -> {
            stream(contentType, pieces).write(exchange);
            throw new IllegalStateException("the fake server dies mid-stream");
        };
    }

    private static OutputStream start(HttpExchange exchange, String contentType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
