package dev.tether.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compaction over HTTP, on the scripted model with a 1500-character context: the {@code context_compacted} event,
 * the note in {@code GET /sessions/{id}/messages}, its edit, and a session's own {@code context_strategy}.
 */
class CompactionApiTest {

    static final String SCRIPT = """
            models: [scripted]
            context_chars: 1500
            rules:
              - on: user
                match: "^Transcript to summarize"
                chunks: ["The user asked ", "many long questions."]
              - on: user
                match: ".*"
                chunks: ["A fairly long answer that takes up some of the context, ", "in two parts."]
            """;

    @TempDir
    static Path dir;

    static TestServer tether;
    static Http http;

    @BeforeAll
    static void start() {
        // no tools and a short system prompt, so that the conversation itself fills the small context
        tether = TestServer.start(dir, "scripted", SCRIPT, """
                system: { prompt: "Be brief." }
                tools: { enabled: [] }
                """);
        http = tether.http;
    }

    @AfterAll
    static void stop() {
        tether.close();
    }

    private static String session(String body) {
        Http.Response created = http.post("/sessions", body);
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("session_id").asText();
    }

    /** Chats until a turn compacts; returns that turn's events. */
    private static List<JsonNode> chatUntilCompacted(String session) {
        List<JsonNode> events = List.of();
        for (int i = 0; i < 20; i++) {
            events = http.chat(session, "question " + i + ": tell me more about the weather in Lisbon");
            if (types(events).contains("context_compacted")) {
                return events;
            }
        }
        throw new AssertionError("no turn compacted; the last one: " + events);
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.get("type").asText()).toList();
    }

    private static List<JsonNode> messages(String session) {
        List<JsonNode> out = new ArrayList<>();
        http.get("/sessions/" + session + "/messages").json().forEach(out::add);
        return out;
    }

    private static JsonNode event(List<JsonNode> events, String type) {
        return events.stream()
                .filter(e -> e.get("type").asText().equals(type))
                .findFirst()
                .orElseThrow()
                .get("data");
    }

    @Test
    void aCompactedTurnSaysSoAndTheHistoryShowsTheNoteAfterTheLastMessageItCovers() {
        String session = session("{}");

        List<JsonNode> events = chatUntilCompacted(session);

        JsonNode compacted = event(events, "context_compacted");
        assertThat(compacted.get("turns").asInt()).isPositive();
        assertThat(compacted.get("messages").asInt())
                .isEqualTo(2 * compacted.get("turns").asInt());
        assertThat(compacted.get("tokens").asInt()).isPositive();
        assertThat(compacted.get("covers").asInt())
                .isEqualTo(compacted.get("messages").asInt());
        assertThat(compacted.get("content").asText()).isEqualTo("The user asked many long questions.");
        assertThat(types(events)).doesNotContain("error").endsWith("done");

        List<JsonNode> history = messages(session);
        int at = -1;
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).get("role").asText().equals("summary")) {
                at = i;
            }
        }
        assertThat(at)
                .as("the summary's place")
                .isEqualTo(compacted.get("covers").asInt());
        JsonNode note = history.get(at);
        assertThat(note.get("summary_id").asLong())
                .isEqualTo(compacted.get("summary_id").asLong());
        assertThat(note.get("through_message_id").asLong())
                .isEqualTo(history.get(at - 1).get("id").asLong())
                .isEqualTo(compacted.get("through_message_id").asLong());
        assertThat(note.get("content").asText()).isEqualTo("The user asked many long questions.");
        assertThat(note.get("covers").asInt()).isEqualTo(at);
        assertThat(note.get("edited_at").isNull()).isTrue();
        assertThat(note.has("id")).as("not a message: no message id").isFalse();
        assertThat(history.stream().filter(m -> m.get("role").asText().equals("user")))
                .as("every message stays stored")
                .hasSize((history.size() - 1) / 2);
    }

    @Test
    void theNoteIsEditedThroughTheApi() {
        String session = session("{}");
        long summaryId = event(chatUntilCompacted(session), "context_compacted")
                .get("summary_id")
                .asLong();
        String path = "/sessions/" + session + "/summaries/" + summaryId;

        Http.Response edited = http.method("PATCH", path, "{\"content\": \"  Only Lisbon matters.  \"}");

        assertThat(edited.status()).isEqualTo(200);
        assertThat(edited.json().get("content").asText()).isEqualTo("Only Lisbon matters.");
        assertThat(edited.json().get("edited_at").isTextual()).isTrue();
        assertThat(messages(session))
                .filteredOn(m -> m.get("role").asText().equals("summary"))
                .singleElement()
                .satisfies(m -> assertThat(m.get("content").asText()).isEqualTo("Only Lisbon matters."));

        assertThat(http.method("PATCH", path, "{\"content\": \"\"}").status()).isEqualTo(400);
        assertThat(http.method("PATCH", path, "{\"content\": 3}").status()).isEqualTo(400);
        Http.Response unknown = http.method(
                "PATCH", "/sessions/" + session + "/summaries/" + (summaryId + 1000), "{\"content\": \"x\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").get("code").asText()).isEqualTo("summary_not_found");
        assertThat(http.method("PATCH", "/sessions/" + session + "/summaries/abc", "{\"content\": \"x\"}")
                        .status())
                .isEqualTo(400);
        String other = session("{}");
        assertThat(http.method("PATCH", "/sessions/" + other + "/summaries/" + summaryId, "{\"content\": \"x\"}")
                        .status())
                .as("another session's note")
                .isEqualTo(404);
    }

    @Test
    void aSessionChoosesItsOwnStrategyAndTrimSummarizesNothing() {
        String session = session("{\"context_strategy\": \"trim\"}");
        assertThat(http.get("/sessions/" + session)
                        .json()
                        .get("context_strategy")
                        .asText())
                .isEqualTo("trim");

        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            seen.addAll(types(http.chat(session, "question " + i + ": tell me more about the weather in Lisbon")));
        }

        assertThat(seen).contains("error").doesNotContain("context_compacted");
        assertThat(messages(session)).noneMatch(m -> m.get("role").asText().equals("summary"));

        Http.Response back = http.method("PATCH", "/sessions/" + session, "{\"context_strategy\": null}");
        assertThat(back.json().get("context_strategy").isNull()).isTrue();
        Http.Response summarize = http.method("PATCH", "/sessions/" + session, "{\"context_strategy\": \"summarize\"}");
        assertThat(summarize.json().get("context_strategy").asText()).isEqualTo("summarize");
        assertThat(types(http.chat(session, "and now?"))).contains("context_compacted");

        Http.Response bad = http.method("PATCH", "/sessions/" + session, "{\"context_strategy\": \"forget\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").get("code").asText()).isEqualTo("invalid_field");
        assertThat(http.post("/sessions", "{\"context_strategy\": 1}").status()).isEqualTo(400);
    }
}
