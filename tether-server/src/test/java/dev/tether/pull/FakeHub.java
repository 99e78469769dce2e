package dev.tether.pull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for the Hugging Face Hub on a loopback port, speaking its shapes: {@code /api/models/{repo}},
 * {@code /api/models/{repo}/tree/main} with {@code lfs.oid}, and {@code /{repo}/resolve/main/{file}} answered
 * with a redirect to a "CDN" path that honours {@code Range}. Scripted per test: gated repositories, a server
 * that ignores ranges, a connection dropped after some bytes, a wrong published checksum.
 */
public final class FakeHub implements AutoCloseable {

    /** One request as the hub saw it. */
    public record Seen(String method, String path, String range, String authorization) {}

    private static final Pattern RESOLVE = Pattern.compile("^/([^/]+/[^/]+)/resolve/main/(.+)$");
    private static final Pattern CDN = Pattern.compile("^/cdn/([^/]+/[^/]+)/(.+)$");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    private final HttpServer server;
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Map<String, byte[]>> repos = new ConcurrentHashMap<>();
    private final Map<String, String> wrongSha = new ConcurrentHashMap<>();
    private final Map<String, Long> listedSize = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile String requiredToken;
    private volatile boolean ignoreRange;
    private volatile long dropAfterBytes = -1;
    private volatile long bytesPerSecond = -1;
    private final Map<String, String> cdnOf = new ConcurrentHashMap<>();
    private final Set<String> withoutSha = ConcurrentHashMap.newKeySet();
    private final Set<String> endless = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicLong endlessBytesSent =
            new java.util.concurrent.atomic.AtomicLong();

    public FakeHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(requests); // a slow download must not hold up the next request
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public FakeHub file(String repo, String path, byte[] content) {
        repos.computeIfAbsent(repo, r -> new ConcurrentHashMap<>()).put(path, content);
        return this;
    }

    /** Every repository answers 401 unless {@code Authorization: Bearer token} comes with the request. */
    public FakeHub requireToken(String token) {
        this.requiredToken = token;
        return this;
    }

    /** Downloads answer 200 with the whole file whatever {@code Range} says. */
    public FakeHub ignoreRange(boolean ignore) {
        this.ignoreRange = ignore;
        return this;
    }

    /** The next download closes the connection after {@code bytes} bytes of its body (once). */
    public FakeHub dropNextDownloadAfter(long bytes) {
        this.dropAfterBytes = bytes;
        return this;
    }

    /** Downloads send about {@code rate} bytes a second, in small flushed pieces, so a client sees them arrive. */
    public FakeHub throttle(long rate) {
        this.bytesPerSecond = rate;
        return this;
    }

    /** Downloads of {@code repo} redirect to {@code baseUrl} instead of this hub's own "CDN" (e.g. a closed port). */
    public FakeHub cdn(String repo, String baseUrl) {
        cdnOf.put(repo, baseUrl);
        return this;
    }

    /** The tree lists {@code sha256} for {@code path} instead of the real checksum. */
    public FakeHub publishSha(String path, String sha256) {
        wrongSha.put(path, sha256);
        return this;
    }

    /** The tree lists {@code path} as {@code size} bytes long (a huge model whose header is all the hub holds). */
    public FakeHub listSize(String path, long size) {
        listedSize.put(path, size);
        return this;
    }

    /** The tree lists {@code path} as a small git file: a size and no {@code lfs.oid}, so no SHA-256. */
    public FakeHub withoutSha(String path) {
        withoutSha.add(path);
        return this;
    }

    /** The tree of {@code repo} never ends: entries stream until the client hangs up. */
    public FakeHub endlessTree(String repo) {
        endless.add(repo);
        return this;
    }

    /** How many bytes of endless trees were sent so far. */
    public long endlessBytesSent() {
        return endlessBytesSent.get();
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = URLDecoder.decode(exchange.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            seen.add(new Seen(
                    exchange.getRequestMethod(),
                    path,
                    exchange.getRequestHeaders().getFirst("Range"),
                    auth));
            if (requiredToken != null && !("Bearer " + requiredToken).equals(auth) && !path.startsWith("/cdn/")) {
                send(exchange, 401, "{\"error\":\"Invalid credentials in Authorization header\"}");
                return;
            }
            Matcher resolve = RESOLVE.matcher(path);
            Matcher cdn = CDN.matcher(path);
            if (path.startsWith("/api/models/") && path.endsWith("/tree/main")) {
                tree(exchange, path.substring("/api/models/".length(), path.length() - "/tree/main".length()));
            } else if (path.startsWith("/api/models/")) {
                info(exchange, path.substring("/api/models/".length()));
            } else if (resolve.matches()) {
                redirect(exchange, resolve.group(1), resolve.group(2));
            } else if (cdn.matches()) {
                download(exchange, cdn.group(1), cdn.group(2));
            } else {
                send(exchange, 404, "{\"error\":\"not found\"}");
            }
        }
    }

    private void info(HttpExchange exchange, String repo) throws IOException {
        Map<String, byte[]> files = repos.get(repo);
        if (files == null) {
            send(exchange, 404, "{\"error\":\"Repository not found\"}");
            return;
        }
        StringBuilder siblings = new StringBuilder();
        files.keySet()
                .forEach(f -> siblings.append(siblings.isEmpty() ? "" : ",")
                        .append("{\"rfilename\":\"")
                        .append(jsonText(f))
                        .append("\"}"));
        send(exchange, 200, "{\"id\":\"" + repo + "\",\"gated\":false,\"siblings\":[" + siblings + "]}");
    }

    /** {@code text} as the inside of a JSON string (names with {@code \} or {@code "} in them). */
    /** {@code text} as the inside of a JSON string: quotes, backslashes and control characters escaped. */
    private static String jsonText(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private void tree(HttpExchange exchange, String repo) throws IOException {
        Map<String, byte[]> files = repos.get(repo);
        if (files == null) {
            send(exchange, 404, "{\"error\":\"Repository not found\"}");
            return;
        }
        if (endless.contains(repo)) {
            endlessTree(exchange);
            return;
        }
        StringBuilder out = new StringBuilder("[");
        files.forEach((path, content) -> {
            String sha = wrongSha.getOrDefault(path, sha256(content));
            long size = listedSize.getOrDefault(path, (long) content.length);
            out.append(out.length() > 1 ? "," : "")
                    .append("{\"type\":\"file\",\"oid\":\"0123abcd\",\"size\":")
                    .append(size)
                    .append(",\"path\":\"")
                    .append(jsonText(path))
                    .append('"');
            if (!withoutSha.contains(path)) {
                out.append(",\"lfs\":{\"oid\":\"")
                        .append(sha)
                        .append("\",\"size\":")
                        .append(size)
                        .append(",\"pointerSize\":134}");
            }
            out.append('}');
        });
        out.append(",{\"type\":\"directory\",\"oid\":\"9\",\"size\":0,\"path\":\"docs\"}]");
        send(exchange, 200, out.toString());
    }

    private void endlessTree(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0); // chunked, with no end
        OutputStream body = exchange.getResponseBody();
        byte[] entry = ("{\"type\":\"file\",\"oid\":\"0\",\"size\":1,\"path\":\"" + "x".repeat(200) + ".gguf\"},")
                .getBytes(StandardCharsets.UTF_8);
        body.write('[');
        byte[] chunk = new byte[entry.length * 256];
        for (int i = 0; i < 256; i++) {
            System.arraycopy(entry, 0, chunk, i * entry.length, entry.length);
        }
        while (true) {
            body.write(chunk); // throws once the client hangs up
            endlessBytesSent.addAndGet(chunk.length);
        }
    }

    private void redirect(HttpExchange exchange, String repo, String file) throws IOException {
        if (repos.getOrDefault(repo, Map.of()).get(file) == null) {
            send(exchange, 404, "{\"error\":\"Entry not found\"}");
            return;
        }
        exchange.getResponseHeaders().add("Location", cdnOf.getOrDefault(repo, "") + "/cdn/" + repo + "/" + file);
        exchange.sendResponseHeaders(302, -1);
    }

    private void download(HttpExchange exchange, String repo, String file) throws IOException {
        byte[] content = repos.get(repo).get(file);
        String range = exchange.getRequestHeaders().getFirst("Range");
        Matcher m = range == null ? null : RANGE.matcher(range);
        long from = 0;
        long end = content.length; // exclusive
        boolean partial = false;
        if (m != null && m.matches() && !ignoreRange) {
            from = Long.parseLong(m.group(1));
            if (from >= content.length) {
                exchange.getResponseHeaders().add("Content-Range", "bytes */" + content.length);
                exchange.sendResponseHeaders(416, -1);
                return;
            }
            if (!m.group(2).isEmpty()) {
                end = Math.min(end, Long.parseLong(m.group(2)) + 1);
            }
            partial = from > 0 || end < content.length;
            exchange.getResponseHeaders()
                    .add("Content-Range", "bytes " + from + "-" + (end - 1) + "/" + content.length);
        }
        exchange.sendResponseHeaders(partial ? 206 : 200, end - from);
        long drop = dropAfterBytes;
        dropAfterBytes = -1;
        OutputStream body = exchange.getResponseBody();
        int length = (int) (drop >= 0 ? Math.min(drop, end - from) : end - from);
        write(body, content, (int) from, length);
        if (drop >= 0) {
            try {
                body.close(); // fewer bytes than announced: the server cuts the connection
            } catch (IOException expected) {
                // "insufficient bytes written to stream"
            }
        }
    }

    private void write(OutputStream body, byte[] content, int from, int length) throws IOException {
        long rate = bytesPerSecond;
        if (rate <= 0) {
            body.write(content, from, length);
            body.flush();
            return;
        }
        int piece = (int) Math.max(1, rate / 20);
        for (int at = from; at < from + length; at += piece) {
            body.write(content, at, Math.min(piece, from + length - at));
            body.flush();
            try {
                Thread.sleep(50); // the throttle itself: a twentieth of a second per piece
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
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
