package dev.tether.server;

import static dev.tether.server.ChatStreamTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.engine.chat.Message;
import dev.tether.server.http.Json;
import java.io.BufferedReader;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #25 over HTTP, on the real server and SQLite store: the chat's model and each answer's
 * ({@code GET /sessions/{id}}, {@code PATCH}, {@code GET /sessions/{id}/messages}, {@code message_stored}); a failed
 * answer's stored {@code error}; and a shutdown that ends a running stream with {@code server_stopping}.
 */
class ModelAndErrorApiTest {

    private static final String SCRIPT = """
            models: [scripted, other]
            chunk_delay_ms: 20
            rules:
              - on: user
                match: "(?i)^long"
                chunks: [%s"the end."]
              - on: user
                match: "(?i)^(hi|hello)"
                chunks: ["Hello ", "there!"]
            """.formatted("\"and on \", ".repeat(500));

    @TempDir
    Path dir;

    private TestServer tether;

    @AfterEach
    void stop() {
        if (tether != null) {
            tether.close();
        }
    }

    @Test
    void theChatKeepsItsModelAndEveryAnswerNamesTheOneThatWroteIt() {
        tether = TestServer.start(dir, "scripted", SCRIPT, "");
        Http http = tether.http;
        String session = tether.newSession();
        assertThat(http.get("/sessions/" + session).json().get("model").isNull())
                .isTrue();

        List<JsonNode> events = http.chat(Json.object()
                .put("session_id", session)
                .put("prompt", "Hi")
                .put("model_name", "other")
                .toString());
        http.chat(session, "Hello again"); // no model_name: the chat's own

        assertThat(events.stream()
                        .filter(e -> e.get("type").asText().equals("message_stored"))
                        .map(e -> e.get("data").path("model").asText("(none)")))
                .containsExactly("(none)", "other");
        assertThat(http.get("/sessions/" + session).json().get("model").asText())
                .isEqualTo("other");
        JsonNode messages = http.get("/sessions/" + session + "/messages").json();
        List<String> models = new ArrayList<>();
        messages.forEach(
                m -> models.add(m.get("role").asText() + ":" + m.path("model").asText("-")));
        assertThat(models).containsExactly("user:-", "assistant:other", "user:-", "assistant:other");
        assertThat(http.get("/sessions?limit=5").json().get(0).get("model").asText())
                .isEqualTo("other");

        Http.Response patched = http.method("PATCH", "/sessions/" + session, "{\"model\":\"scripted\"}");
        assertThat(patched.json().get("model").asText()).isEqualTo("scripted");
        http.chat(session, "Hi once more");
        assertThat(http.get("/sessions/" + session + "/messages")
                        .json()
                        .get(5)
                        .get("model")
                        .asText())
                .isEqualTo("scripted");
        assertError(http.method("PATCH", "/sessions/" + session, "{\"model\":\"nope\"}"), 404, "model_not_found");
        assertThat(http.get("/sessions/" + session).json().get("model").asText())
                .isEqualTo("scripted");
    }

    @Test
    void aFailedAnswerComesBackWithItsError() {
        tether = TestServer.start(dir, "scripted", SCRIPT, "");
        String session = tether.newSession();

        List<JsonNode> events = tether.http.chat(session, "Something unscripted");

        JsonNode error = firstError(events);
        assertThat(error.get("code").asText()).isEqualTo("no_script_rule");
        JsonNode failed =
                tether.http.get("/sessions/" + session + "/messages").json().get(1);
        assertThat(failed.get("role").asText()).isEqualTo("assistant");
        assertThat(failed.get("finish_reason").asText()).isEqualTo("error");
        assertThat(failed.get("content").asText()).isEmpty();
        assertThat(failed.get("error").get("code").asText()).isEqualTo("no_script_rule");
        assertThat(failed.get("error").get("message").asText())
                .isEqualTo(error.get("message").asText());
    }

    @Test
    void aShutdownEndsARunningAnswerWithServerStoppingNotAsAStop() throws Exception {
        tether = TestServer.start(dir, "scripted", SCRIPT, "server: { shutdown_grace_ms: 10000 }");
        String session = tether.newSession();
        HttpResponse<InputStream> response = tether.http.stream(Http.chatBody(session, "Long story please"));
        BufferedReader lines = Http.reader(response.body());
        List<JsonNode> events = new ArrayList<>();
        JsonNode event;
        do { // until the answer is under way
            event = Json.MAPPER.readTree(lines.readLine());
            events.add(event);
        } while (!event.get("type").asText().equals("token"));

        CompletableFuture<Void> stopped = CompletableFuture.runAsync(tether.server::stop);
        String line;
        while ((line = lines.readLine()) != null) {
            events.add(Json.MAPPER.readTree(line));
        }
        stopped.get(20, TimeUnit.SECONDS);

        JsonNode error = firstError(events);
        assertThat(error.get("code").asText()).isEqualTo("server_stopping");
        assertThat(error.get("message").asText()).contains("shut down");
        JsonNode done = events.getLast();
        assertThat(done.get("type").asText()).isEqualTo("done");
        assertThat(done.get("data").get("finish_reason").asText()).isEqualTo("error");
        Message stored =
                tether.engine.store().messages(UUID.fromString(session)).getLast();
        assertThat(stored.error().code()).isEqualTo("server_stopping");
        assertThat(stored.content()).startsWith("and on ").doesNotContain("the end.");
    }

    private static JsonNode firstError(List<JsonNode> events) {
        return events.stream()
                .filter(e -> e.get("type").asText().equals("error"))
                .findFirst()
                .orElseThrow()
                .get("data");
    }
}
