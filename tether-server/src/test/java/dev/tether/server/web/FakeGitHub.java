package dev.tether.server.web;

import static dev.tether.pull.FakeHub.sha256;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for GitHub's REST API as llama.cpp's releases are fetched from it:
 * {@code /repos/ggml-org/llama.cpp/releases/latest} lists the assets with {@code size}, {@code digest}
 * ({@code sha256:<hex>}) and a {@code browser_download_url} here, whose downloads honour {@code Range}. Scripted:
 * downloads sent slowly (to watch and cancel them), and the first download sent with one byte changed.
 */
final class FakeGitHub implements AutoCloseable {

    record Seen(String path, String range) {}

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, byte[]> assets = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicBoolean tamperNext = new AtomicBoolean();
    private final String tag;
    private volatile long bytesPerSecond = -1;

    FakeGitHub(String tag) throws IOException {
        this.tag = tag;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(requests);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FakeGitHub asset(String name, byte[] content) {
        assets.put(name, content);
        return this;
    }

    FakeGitHub throttle(long rate) {
        bytesPerSecond = rate;
        return this;
    }

    /** The next download sends its bytes with one of them changed (the published digest stays right). */
    FakeGitHub tamperNextDownload() {
        tamperNext.set(true);
        return this;
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            seen.add(new Seen(path, exchange.getRequestHeaders().getFirst("Range")));
            if (path.equals("/repos/ggml-org/llama.cpp/releases/latest")
                    || path.equals("/repos/ggml-org/llama.cpp/releases/tags/" + tag)) {
                send(exchange, 200, release());
            } else if (path.startsWith("/download/") && assets.containsKey(path.substring(10))) {
                download(exchange, assets.get(path.substring(10)));
            } else {
                send(exchange, 404, "{\"message\":\"Not Found\"}");
            }
        }
    }

    private String release() {
        StringBuilder list = new StringBuilder();
        assets.forEach((name, content) -> list.append(list.isEmpty() ? "" : ",")
                .append("{\"name\":\"")
                .append(name)
                .append("\",\"size\":")
                .append(content.length)
                .append(",\"content_type\":\"application/zip\",\"digest\":\"sha256:")
                .append(sha256(content))
                .append("\",\"browser_download_url\":\"")
                .append(url())
                .append("/download/")
                .append(name)
                .append("\"}"));
        return "{\"tag_name\":\"" + tag + "\",\"name\":\"" + tag + "\",\"assets\":[" + list + "]}";
    }

    private void download(HttpExchange exchange, byte[] content) throws IOException {
        byte[] body = content;
        if (tamperNext.getAndSet(false)) {
            body = content.clone();
            body[body.length / 2] ^= 0x5a;
        }
        String range = exchange.getRequestHeaders().getFirst("Range");
        Matcher m = range == null ? null : RANGE.matcher(range);
        int from = m != null && m.lookingAt() ? Integer.parseInt(m.group(1)) : 0;
        if (from >= body.length && from > 0) {
            exchange.getResponseHeaders().add("Content-Range", "bytes */" + body.length);
            exchange.sendResponseHeaders(416, -1);
            return;
        }
        if (from > 0) {
            exchange.getResponseHeaders()
                    .add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
        }
        exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(from > 0 ? 206 : 200, body.length - from);
        OutputStream out = exchange.getResponseBody();
        long rate = bytesPerSecond;
        int piece = rate > 0 ? (int) Math.max(1, rate / 20) : body.length;
        for (int at = from; at < body.length; at += piece) {
            out.write(body, at, Math.min(piece, body.length - at));
            out.flush();
            if (rate > 0) {
                try {
                    Thread.sleep(50); // the throttle: a twentieth of a second per piece
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        requests.shutdownNow();
    }
}
