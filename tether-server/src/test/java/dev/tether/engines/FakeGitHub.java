package dev.tether.engines;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for GitHub's REST API on a loopback port, in its shapes: {@code /repos/ggml-org/llama.cpp/
 * releases/latest} and {@code /releases/tags/{tag}} listing assets with {@code name}, {@code size},
 * {@code browser_download_url} and {@code digest}; a download URL that redirects to a "CDN" path honouring
 * {@code Range}. Scripted per test: an API error (403 rate limit, 404), a wrong or missing digest, a connection
 * dropped after some bytes, a download held until released.
 */
public final class FakeGitHub implements AutoCloseable {

    /** How an asset's digest is listed. */
    public enum Digest {
        RIGHT,
        WRONG,
        NONE
    }

    /** One request as the server saw it. */
    public record Seen(String path, String range, String authorization) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RELEASE =
            Pattern.compile("^/repos/ggml-org/llama\\.cpp/releases/(latest|tags/([^/]+))$");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Map<String, byte[]>> releases = new ConcurrentHashMap<>();
    private final Map<String, Digest> digests = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile String latest;
    private volatile int apiStatus = 200;
    private volatile boolean rateLimited;
    private volatile long dropAfterBytes = -1;
    private volatile CountDownLatch hold;
    private volatile long bytesPerSecond = -1;
    private final CountDownLatch downloadStarted = new CountDownLatch(1);

    public FakeGitHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(requests);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Adds a file to release {@code tag} (the first release added is the latest). */
    public FakeGitHub asset(String tag, String name, byte[] content, Digest digest) {
        releases.computeIfAbsent(tag, t -> new LinkedHashMap<>()).put(name, content);
        digests.put(tag + "/" + name, digest);
        if (latest == null) {
            latest = tag;
        }
        return this;
    }

    public FakeGitHub asset(String tag, String name, byte[] content) {
        return asset(tag, name, content, Digest.RIGHT);
    }

    /** The release API answers {@code status}; with {@code rateLimited} also {@code X-RateLimit-Remaining: 0}. */
    public FakeGitHub apiFails(int status, boolean rateLimited) {
        this.apiStatus = status;
        this.rateLimited = rateLimited;
        return this;
    }

    /** Downloads close the connection after this many bytes (once; the next download is whole). */
    public FakeGitHub dropAfter(long bytes) {
        this.dropAfterBytes = bytes;
        return this;
    }

    /** Downloads send about {@code rate} bytes a second, in small flushed pieces, so a client sees them arrive. */
    public FakeGitHub throttle(long rate) {
        this.bytesPerSecond = rate;
        return this;
    }

    /** Downloads wait, after their headers, until {@link #release()}. */
    public FakeGitHub holdDownloads() {
        this.hold = new CountDownLatch(1);
        return this;
    }

    public void release() {
        CountDownLatch latch = hold;
        if (latch != null) {
            latch.countDown();
        }
    }

    /** Waits until a download has sent its headers. */
    public boolean awaitDownload(long seconds) throws InterruptedException {
        return downloadStarted.await(seconds, TimeUnit.SECONDS);
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            seen.add(new Seen(
                    path,
                    exchange.getRequestHeaders().getFirst("Range"),
                    exchange.getRequestHeaders().getFirst("Authorization")));
            Matcher release = RELEASE.matcher(path);
            if (release.matches()) {
                releaseJson(exchange, release.group(2) == null ? latest : release.group(2));
            } else if (path.startsWith("/download/")) {
                exchange.getResponseHeaders().add("Location", "/cdn/" + path.substring("/download/".length()));
                exchange.sendResponseHeaders(302, -1);
            } else if (path.startsWith("/cdn/")) {
                download(exchange, path.substring("/cdn/".length()));
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private void releaseJson(HttpExchange exchange, String tag) throws IOException {
        if (apiStatus != 200) {
            if (rateLimited) {
                exchange.getResponseHeaders().add("X-RateLimit-Remaining", "0");
                exchange.getResponseHeaders().add("X-RateLimit-Reset", "1767225600");
            }
            send(exchange, apiStatus, "{\"message\":\"API rate limit exceeded\"}".getBytes());
            return;
        }
        Map<String, byte[]> files = tag == null ? null : releases.get(tag);
        if (files == null) {
            send(exchange, 404, "{\"message\":\"Not Found\"}".getBytes());
            return;
        }
        ObjectNode json = JSON.createObjectNode().put("tag_name", tag).put("name", tag);
        ArrayNode assets = json.putArray("assets");
        files.forEach((name, content) -> {
            ObjectNode asset = assets.addObject()
                    .put("name", name)
                    .put("size", content.length)
                    .put("browser_download_url", url() + "/download/" + tag + "/" + name);
            switch (digests.get(tag + "/" + name)) {
                case RIGHT -> asset.put("digest", "sha256:" + sha256(content));
                case WRONG -> asset.put("digest", "sha256:" + sha256(new byte[] {1}));
                case NONE -> asset.putNull("digest");
            }
        });
        send(exchange, 200, JSON.writeValueAsBytes(json));
    }

    private void download(HttpExchange exchange, String tagAndName) throws IOException {
        int slash = tagAndName.indexOf('/');
        Map<String, byte[]> files = releases.get(tagAndName.substring(0, slash));
        byte[] content = files == null ? null : files.get(tagAndName.substring(slash + 1));
        if (content == null) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        long from = 0;
        String range = exchange.getRequestHeaders().getFirst("Range");
        Matcher m = range == null ? null : RANGE.matcher(range);
        if (m != null && m.matches()) {
            from = Long.parseLong(m.group(1));
            exchange.getResponseHeaders()
                    .add("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
        }
        exchange.sendResponseHeaders(from > 0 ? 206 : 200, content.length - from);
        downloadStarted.countDown();
        CountDownLatch latch = hold;
        if (latch != null) {
            try {
                latch.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        OutputStream out = exchange.getResponseBody();
        long drop = dropAfterBytes;
        int end = content.length;
        if (drop >= 0) {
            dropAfterBytes = -1;
            end = (int) Math.min(content.length, from + drop);
        }
        write(out, content, (int) from, end - (int) from);
        if (end < content.length) {
            try {
                out.close(); // fewer bytes than announced: the server cuts the connection
            } catch (IOException expected) {
                // "insufficient bytes written to stream"
            }
        }
    }

    private void write(OutputStream out, byte[] content, int from, int length) throws IOException {
        long rate = bytesPerSecond;
        int piece = rate <= 0 ? length : (int) Math.max(1, rate / 20);
        for (int at = from; at < from + length; at += piece) {
            out.write(content, at, Math.min(piece, from + length - at));
            out.flush();
            if (rate > 0) {
                try {
                    Thread.sleep(50); // the simulated line speed
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        requests.shutdownNow();
    }
}
