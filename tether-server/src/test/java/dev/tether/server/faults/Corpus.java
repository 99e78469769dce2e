package dev.tether.server.faults;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Malformed requests, generated from a seed: for a route, one of broken JSON, wrong types, huge strings, deep
 * nesting, invalid UTF-8, bad headers, bad paths or bad methods. Each is one complete HTTP/1.1 request.
 */
final class Corpus {

    /** A route: its method and path ({@code {id}} and {@code {name}} are filled in). */
    record Route(String method, String path) {}

    static final List<Route> ROUTES = List.of(
            new Route("POST", "/sessions"),
            new Route("GET", "/sessions"),
            new Route("GET", "/sessions/{id}"),
            new Route("PATCH", "/sessions/{id}"),
            new Route("DELETE", "/sessions/{id}"),
            new Route("GET", "/sessions/{id}/messages"),
            new Route("POST", "/chat/stream"),
            new Route("GET", "/models"),
            new Route("GET", "/models/{name}"),
            new Route("POST", "/models/unload"),
            new Route("GET", "/tools"),
            new Route("GET", "/healthz"),
            new Route("GET", "/readyz"),
            new Route("GET", "/metrics"),
            new Route("GET", "/openapi"),
            new Route("GET", "/docs"),
            new Route("POST", "/api/v1/sessions"),
            new Route("POST", "/api/v1/chat/stream"),
            new Route("PATCH", "/api/v1/sessions/{id}"),
            new Route("POST", "/v1/chat/completions"),
            new Route("GET", "/v1/models"),
            new Route("GET", "/v1/models/{name}"),
            new Route("POST", "/mcp"),
            new Route("DELETE", "/mcp"),
            new Route("POST", "/message"),
            new Route("GET", "/"));

    private static final List<String> FIELDS = List.of(
            "session_id",
            "prompt",
            "model_name",
            "title",
            "system_prompt",
            "options",
            "temperature",
            "max_tokens",
            "tool_choice",
            "tools",
            "messages",
            "model",
            "stream",
            "stream_options",
            "n",
            "jsonrpc",
            "method",
            "params",
            "id",
            "name",
            "limit",
            "offset",
            "role",
            "content",
            "arguments",
            "top_p",
            "seed",
            "stop",
            "think");

    private final Random random;
    private final String session;
    private final String hugeString;

    Corpus(long seed, String session) {
        this.random = new Random(seed);
        this.session = session;
        this.hugeString = "x".repeat(300_000);
    }

    /** The next malformed request; {@code kind} names what is wrong with it, for failure messages. */
    record Case(String kind, byte[] request) {}

    Case next() {
        Route route = ROUTES.get(random.nextInt(ROUTES.size()));
        String path = path(route.path());
        int kind = random.nextInt(100);
        return switch (kind / 10) {
            case 0, 1 -> new Case("broken JSON", json(route.method(), path, brokenJson()));
            case 2, 3 -> new Case("wrong types", json(route.method(), path, wrongTypes()));
            case 4 ->
                kind == 40
                        ? new Case("huge string", json(route.method(), path, huge()))
                        : new Case("deep nesting", json(route.method(), path, deep()));
            case 5 -> new Case("invalid UTF-8", json(route.method(), path, invalidUtf8()));
            case 6, 7 -> new Case("bad header", badHeader(route.method(), path));
            case 8 -> new Case("bad path", json(route.method(), badPath(path), wrongTypes()));
            default -> new Case("bad method", json(badMethod(), path, brokenJson()));
        };
    }

    private String path(String template) {
        String id = switch (random.nextInt(4)) {
            case 0 -> session;
            case 1 -> UUID.randomUUID().toString();
            case 2 -> "not-a-uuid";
            default -> "1'%20OR%20'1'='1";
        };
        String name = random.nextBoolean() ? "scripted" : "no%00such";
        String query = switch (random.nextInt(6)) {
            case 0 -> "?limit=abc";
            case 1 -> "?limit=-5&offset=1e99";
            case 2 -> "?sessionId=" + UUID.randomUUID();
            case 3 -> "?sessionId=%ZZ";
            default -> "";
        };
        return template.replace("{id}", id).replace("{name}", name) + query;
    }

    private byte[] json(String method, String path, byte[] body, String... extra) {
        String[] headers = new String[extra.length + 2];
        headers[0] = "Content-Type: application/json";
        headers[1] = "Accept: " + (random.nextBoolean() ? "application/json, text/event-stream" : "*/*");
        System.arraycopy(extra, 0, headers, 2, extra.length);
        return RawHttp.request(method, path, body, headers);
    }

    private byte[] brokenJson() {
        String valid = "{\"session_id\":\"" + session + "\",\"prompt\":\"hi\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}],\"jsonrpc\":\"2.0\",\"method\":\"tools/list\",\"id\":1}";
        return switch (random.nextInt(6)) {
            case 0 -> utf8(valid.substring(0, random.nextInt(valid.length())));
            case 1 -> randomBytes(random.nextInt(200));
            case 2 ->
                utf8(List.of(
                                "",
                                "null",
                                "[]",
                                "42",
                                "\"x\"",
                                "{",
                                "}",
                                "{\"a\":}",
                                "{,}",
                                "[1,,2]",
                                "{\"a\" 1}",
                                "NaN",
                                "{'a':1}",
                                "{\"a\":1}{\"b\":2}")
                        .get(random.nextInt(14)));
            case 3 -> utf8(valid.replace(':', ';'));
            case 4 -> utf8(valid + ",");
            default -> utf8("\uFEFF" + valid.replace("\"", ""));
        };
    }

    private byte[] wrongTypes() {
        StringBuilder body = new StringBuilder("{");
        int n = 1 + random.nextInt(6);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append('"')
                    .append(FIELDS.get(random.nextInt(FIELDS.size())))
                    .append("\":")
                    .append(wrongValue());
        }
        return utf8(body.append('}').toString());
    }

    private String wrongValue() {
        return switch (random.nextInt(12)) {
            case 0 -> "null";
            case 1 -> "true";
            case 2 -> String.valueOf(random.nextLong());
            case 3 -> "1e400";
            case 4 -> "-0.5";
            case 5 -> "[]";
            case 6 -> "[1,\"a\",null,{}]";
            case 7 -> "{}";
            case 8 -> "{\"role\":7,\"content\":[1]}";
            case 9 -> "\"" + session + "\"";
            case 10 -> "\"'); DROP TABLE sessions; --\"";
            default -> "\"\\u0000\\ud800\"";
        };
    }

    private byte[] huge() {
        return random.nextBoolean()
                ? utf8("{\"prompt\":\"" + hugeString + "\",\"title\":\"" + hugeString + "\"}")
                : utf8("{\"x\":\"" + hugeString.repeat(4) + "\"}");
    }

    private byte[] deep() {
        int depth = 500 + random.nextInt(5000);
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        return utf8("{\"session_id\":" + open.repeat(depth) + "1" + close.repeat(depth) + "}");
    }

    private byte[] invalidUtf8() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(utf8("{\"prompt\":\"a"));
        byte[][] bad = {
            {(byte) 0xC3},
            {(byte) 0xFF, (byte) 0xFE},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}
        };
        body.writeBytes(bad[random.nextInt(bad.length)]);
        body.writeBytes(utf8("\",\"title\":\"\u00e9\",\"messages\":[],\"jsonrpc\":\"2.0\"}"));
        return body.toByteArray();
    }

    private byte[] badHeader(String method, String path) {
        byte[] body = wrongTypes();
        String prefix = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        String raw = switch (random.nextInt(12)) {
            case 0 -> prefix + "Content-Type: text/plain\r\nContent-Length: " + body.length + "\r\n\r\n";
            case 1 -> prefix + "Content-Length: abc\r\nConnection: close\r\n\r\n";
            case 2 -> prefix + "Content-Length: 5\r\nContent-Length: 6\r\nConnection: close\r\n\r\n";
            case 3 -> prefix + "X-Long: " + "a".repeat(20_000) + "\r\nContent-Length: 0\r\n\r\n";
            case 4 -> prefix + "Bad Header Name: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            case 5 -> prefix + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\n{x}\r\n0\r\n\r\n";
            case 6 -> prefix + "Authorization: Bearer \u00ff\u00fe\r\nContent-Length: " + body.length + "\r\n\r\n";
            case 7 -> prefix + "Origin: http://evil.example\r\nContent-Length: " + body.length + "\r\n\r\n";
            case 8 ->
                prefix + "Mcp-Session-Id: ../../etc\r\nAccept: text/event-stream\r\nContent-Length: " + body.length
                        + "\r\n\r\n";
            case 9 ->
                method + " " + path + " HTTP/1.1\r\nHost: evil.example:80\r\nContent-Length: " + body.length
                        + "\r\n\r\n";
            case 10 -> method + " " + path + " HTTP/9.9\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
            default -> prefix + "Content-Length: " + body.length + "\r\nExpect: 100-continue\r\nAccept: \u0000\r\n\r\n";
        };
        boolean withBody = raw.endsWith("\r\n\r\n") && raw.contains("Content-Length: " + body.length);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(raw.getBytes(StandardCharsets.ISO_8859_1));
        if (withBody) {
            bytes.writeBytes(body);
        }
        return bytes.toByteArray();
    }

    private String badPath(String path) {
        return switch (random.nextInt(6)) {
            case 0 -> path + "/%";
            case 1 -> "/sessions/%E0%A4%A";
            case 2 -> "/" + "a/".repeat(2000);
            case 3 -> path.replace("/", "//");
            case 4 -> "/sessions/" + "%2e%2e%2f".repeat(5) + "etc/passwd";
            default -> path + "?" + "q=" + "%FF".repeat(100);
        };
    }

    private String badMethod() {
        return List.of("PUT", "FOO", "TRACE", "CONNECT", "PATCH", "DELETE", "OPTIONS")
                .get(random.nextInt(7));
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
