package dev.tether.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.server.Http;
import dev.tether.server.TestServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Protocol edges answered truthfully: HTTP/1.0, an oversized chunked body, errors under {@code /v1} that OpenAI
 * clients can read, length limits on titles and system prompts, and a browser's conditional reload that logs
 * nothing severe.
 */
class ProtocolErrorsTest {

    @TempDir
    static Path dir;

    static TestServer tether;

    @BeforeAll
    static void start() {
        tether = TestServer.start(dir);
    }

    @AfterAll
    static void stop() {
        tether.close();
    }

    @Test
    void http10IsRefusedWithATrueCode() {
        try (RawHttp client = new RawHttp(tether.server.port())) {
            RawHttp.Reply reply = client.exchange(
                    "GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(reply.status()).isEqualTo(505);
            JsonNode error = Faults.parse(reply.text()).path("error");
            assertThat(error.path("code").asText()).isEqualTo("http_version_not_supported");
            assertThat(error.path("message").asText())
                    .contains("HTTP/1.0")
                    .contains("HTTP/1.1")
                    .doesNotContain("HTTP/2");
        }
    }

    @Test
    void anOversizedChunkedBodyIs413() {
        for (String path : List.of("/sessions", "/chat/stream", "/v1/chat/completions", "/mcp")) {
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Accept: application/json, text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            String chunk = "{\"title\":\"" + "x".repeat(65_000) + "\"}";
            for (int i = 0; i < 20; i++) {
                request.writeBytes((Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
            }
            request.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            try (RawHttp client = new RawHttp(tether.server.port())) {
                RawHttp.Reply reply = client.exchange(request.toByteArray());
                assertThat(reply.status()).as(path).isEqualTo(413);
                assertThat(BadInputFuzzTest.problem(reply)).as(path).isNull();
            }
        }
    }

    @Test
    void errorsUnderV1CarryOpenAisType() {
        Http http = tether.http;
        for (Http.Response r : List.of(
                http.get("/v1/nope"),
                http.method("PUT", "/v1/models", "{}"),
                http.post("/v1/chat/completions", "{\"model\":\"nope\",\"messages\":[]}"),
                http.get("/v1/models", "Origin", "http://evil.example"))) {
            JsonNode error = r.json().path("error");
            assertThat(error.path("type").isTextual()).as(r.body()).isTrue();
            assertThat(error.path("message").isTextual()).as(r.body()).isTrue();
            assertThat(error.has("param")).as(r.body()).isTrue();
        }
        assertThat(http.get("/v1/models", "Origin", "http://evil.example")
                        .json()
                        .path("error")
                        .path("type")
                        .asText())
                .isEqualTo("permission_error");
    }

    @Test
    void titlesAndSystemPromptsHaveALimit() {
        Http http = tether.http;
        String id = tether.newSession();
        String longTitle =
                Faults.JSON.createObjectNode().put("title", "t".repeat(501)).toString();
        String longPrompt = Faults.JSON
                .createObjectNode()
                .put("system_prompt", "p".repeat(32_769))
                .toString();
        for (Http.Response r : List.of(
                http.post("/sessions", longTitle),
                http.post("/sessions", longPrompt),
                http.method("PATCH", "/sessions/" + id, longTitle),
                http.method("PATCH", "/sessions/" + id, longPrompt))) {
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.json().path("error").path("code").asText()).isEqualTo("field_too_long");
            assertThat(r.json().path("error").path("message").asText()).contains("limits.max_");
        }
        String atLimit = Faults.JSON
                .createObjectNode()
                .put("title", "t".repeat(500))
                .put("system_prompt", "p".repeat(32_768))
                .toString();
        assertThat(http.post("/sessions", atLimit).status()).isEqualTo(201);
    }

    @Test
    void aConditionalReloadOfThePageLogsNothingSevere() {
        Queue<LogRecord> severe = new ConcurrentLinkedQueue<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    severe.add(record);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            for (String path : List.of("/", "/assets/app.js", "/assets/style.css")) {
                Http.Response first = tether.http.get(path);
                assertThat(first.status()).isEqualTo(200);
                String etag = first.header("ETag");
                String modified = first.header("Last-Modified");
                List<String> conditions = new java.util.ArrayList<>();
                if (etag != null) {
                    conditions.addAll(List.of("If-None-Match", etag));
                }
                if (modified != null) {
                    conditions.addAll(List.of("If-Modified-Since", modified));
                }
                Http.Response again = tether.http.get(path, conditions.toArray(String[]::new));
                assertThat(again.status()).as(path).isIn(200, 304);
            }
        } finally {
            root.removeHandler(capture);
        }
        assertThat(severe).extracting(LogRecord::getMessage).isEmpty();
    }
}
