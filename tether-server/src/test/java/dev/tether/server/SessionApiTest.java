package dev.tether.server;

import static dev.tether.server.ChatStreamTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.engine.llamacpp.SessionCacheFiles;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session routes and the error shape, over a real socket, at the root and under /api/v1. */
class SessionApiTest {

    @TempDir
    static Path dir;

    static TestServer tether;
    static Http http;

    @BeforeAll
    static void start() {
        tether = TestServer.start(dir, "scripted", TestServer.SCRIPT, "server: { max_body_bytes: 4096 }");
        http = tether.http;
    }

    @AfterAll
    static void stop() {
        tether.close();
    }

    @Test
    void createsReadsRenamesAndDeletesASession() {
        Http.Response created = http.post("/sessions", "{\"title\":\"Plans\",\"system_prompt\":\"Be brief.\"}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode session = created.json();
        String id = session.get("session_id").asText();
        assertThat(UUID.fromString(id)).isNotNull();
        assertThat(Instant.parse(session.get("created_at").asText())).isNotNull();
        assertThat(session.get("title").asText()).isEqualTo("Plans");
        assertThat(session.get("system_prompt").asText()).isEqualTo("Be brief.");

        JsonNode read = http.get("/sessions/" + id).json();
        assertThat(read.get("message_count").asInt()).isZero();
        assertThat(read.get("updated_at").asText()).isNotBlank();

        Http.Response renamed = http.method("PATCH", "/sessions/" + id, "{\"title\":\"Trips\",\"system_prompt\":\"\"}");
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.json().get("title").asText()).isEqualTo("Trips");
        assertThat(renamed.json().get("system_prompt").isNull()).isTrue();

        assertThat(http.get("/sessions/" + id + "/messages").json()).isEmpty();
        Http.Response deleted = http.method("DELETE", "/sessions/" + id, null);
        assertThat(deleted.status()).isEqualTo(204);
        assertError(http.get("/sessions/" + id), 404, "session_not_found");
        assertError(http.method("DELETE", "/sessions/" + id, null), 404, "session_not_found");
        assertError(http.get("/sessions/" + id + "/messages"), 404, "session_not_found");
        assertError(http.method("PATCH", "/sessions/" + id, "{\"title\":\"x\"}"), 404, "session_not_found");
    }

    @Test
    void aSessionSaysWhetherItsKvCacheIsSavedAndTakesItAlongWhenDeleted() throws IOException {
        String id = tether.newSession();
        JsonNode none = http.get("/sessions/" + id).json().get("kv_cache");
        assertThat(none.get("saved").asBoolean()).isFalse();
        assertThat(none.get("bytes").asLong()).isZero();

        Path model = Files.createDirectories(dir.resolve("kv").resolve("model-key"));
        Path saved = model.resolve(SessionCacheFiles.fileName(id));
        Files.write(saved, new byte[1234]);
        JsonNode some = http.get("/sessions/" + id).json().get("kv_cache");
        assertThat(some.get("saved").asBoolean()).isTrue();
        assertThat(some.get("bytes").asLong()).isEqualTo(1234);

        assertThat(http.method("DELETE", "/sessions/" + id, null).status()).isEqualTo(204);
        assertThat(saved).doesNotExist();
    }

    @Test
    void listsSessionsNewestFirstWithPaging() {
        http.method("DELETE", "/sessions", null);
        String a = tether.newSession();
        String b = tether.newSession();
        String c = tether.newSession();
        tether.http.chat(a, "hi");

        JsonNode all = http.get("/sessions").json();
        assertThat(all).extracting(s -> s.get("session_id").asText()).containsExactly(a, c, b);
        assertThat(all.get(0).get("message_count").asInt()).isEqualTo(2);
        assertThat(all.get(0).fieldNames())
                .toIterable()
                .contains("session_id", "created_at", "updated_at", "title", "message_count");
        assertThat(http.get("/sessions?limit=1&offset=1").json())
                .extracting(s -> s.get("session_id").asText())
                .containsExactly(c);
        assertError(http.get("/sessions?limit=zero"), 400, "invalid_query");
        assertError(http.get("/sessions?limit=0"), 400, "invalid_query");
        assertError(http.get("/sessions?offset=-1"), 400, "invalid_query");

        Http.Response deleted = http.method("DELETE", "/sessions", null);
        assertThat(deleted.json().get("deleted_count").asInt()).isEqualTo(3);
        assertThat(http.get("/sessions").json()).isEmpty();
    }

    @Test
    void servesTheSameRoutesUnderApiV1() {
        Http.Response created = http.post("/api/v1/sessions", "{}");
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("session_id").asText();
        assertThat(http.get("/api/v1/sessions/" + id).json().get("session_id").asText())
                .isEqualTo(id);
        assertThat(http.get("/api/v1/healthz").json().get("ok").asBoolean()).isTrue();
        assertThat(http.get("/api/v1/models").status()).isEqualTo(200);
        Http.Response stream = http.post("/api/v1/chat/stream", Http.chatBody(id, "hi"));
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.body().lines().toList().getLast()).contains("\"done\"");
    }

    @Test
    void answersBadRequestsWithTheJsonErrorShape() {
        assertError(http.get("/no/such/route"), 404, "not_found");
        assertError(http.get("/api/v1/nope"), 404, "not_found");
        assertError(http.method("PUT", "/sessions", "{}"), 405, "method_not_allowed");
        assertThat(http.method("PUT", "/sessions", "{}").header("Allow")).isEqualTo("GET, POST, DELETE");
        assertError(http.get("/chat/stream"), 405, "method_not_allowed");
        assertError(http.method("POST", "/healthz", "{}"), 405, "method_not_allowed");
        assertError(http.post("/sessions", "{\"title\":"), 400, "invalid_json");
        assertError(http.post("/sessions", "[1,2]"), 400, "invalid_json");
        assertError(http.post("/sessions", "{\"title\":7}"), 400, "invalid_field");
        assertError(http.post("/sessions", "{\"title\":\"" + "x".repeat(5000) + "\"}"), 413, "body_too_large");
        assertError(http.get("/sessions/not-a-uuid"), 400, "invalid_session_id");
        assertError(http.get("/sessions/12345678-1234-1234-1234-1234567890abc"), 400, "invalid_session_id");
        assertError(http.method("DELETE", "/sessions/zzz", null), 400, "invalid_session_id");
        // the server still serves after all that
        assertThat(http.get("/healthz").status()).isEqualTo(200);
    }

    @Test
    void answersAMalformedRequestWithJsonToo() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", tether.server.port())) {
            socket.getOutputStream()
                    .write("GET /sessions HTTP/1.1\r\nBad Header Line\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 400").contains("application/json");
            JsonNode body = TestJson.parse(response.substring(response.indexOf("\r\n\r\n") + 4));
            assertThat(body.get("error").get("code").asText()).isEqualTo("bad_request");
        }
    }

    @Test
    void neverShowsAStackTrace() {
        Http.Response response = http.post("/sessions", "{\"title\": \"\\ud800 broken \\x\"}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
