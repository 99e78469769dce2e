package dev.tether.server;

import static dev.tether.server.ChatStreamTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.server.http.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Message ids, regenerate and edit-and-resend on {@code POST /chat/stream}, and {@code GET /sessions?q=}: over a
 * real socket into the real SQLite store, checking what is stored afterwards.
 */
class HistoryEditTest {

    @TempDir
    static Path dir;

    static TestServer tether;
    static Http http;

    @BeforeAll
    static void start() {
        tether = TestServer.start(dir);
        http = tether.http;
    }

    @AfterAll
    static void stop() {
        tether.close();
    }

    @Test
    void storedMessagesCarryStableIncreasingIds() {
        String session = newSession("ids");
        http.chat(session, "What time is it?");
        List<JsonNode> first = messages(session);
        http.chat(session, "Hi");
        List<JsonNode> second = messages(session);

        assertThat(first)
                .extracting(m -> m.get("role").asText())
                .containsExactly("user", "assistant", "tool", "assistant");
        assertThat(second.subList(0, 4)).isEqualTo(first);
        List<Long> ids = second.stream().map(m -> m.get("id").asLong()).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void regenerateAddsASiblingAnswerToTheSamePromptAndKeepsTheOldOne() {
        String session = newSession("regenerate");
        http.chat(session, "Hi");
        http.chat(session, "What time is it?");
        List<JsonNode> before = messages(session);

        List<JsonNode> events = http.chat(regenerate(session));

        assertThat(events.getLast().get("data").get("finish_reason").asText()).isEqualTo("stop");
        assertThat(types(events)).contains("tool_call", "tool_result");
        assertThat(stored(events, "user")).as("the prompt is not stored again").isEmpty();
        List<JsonNode> after = messages(session);
        assertThat(after)
                .extracting(m -> m.get("role").asText())
                .containsExactly("user", "assistant", "user", "assistant", "tool", "assistant");
        assertThat(ids(after.subList(0, 3))).isEqualTo(ids(before.subList(0, 3)));
        long oldAnswer = before.get(3).get("id").asLong();
        long newAnswer = after.get(3).get("id").asLong();
        assertThat(stored(events, "assistant")).startsWith(newAnswer);
        assertThat(after.get(3).get("parent_id").asLong())
                .isEqualTo(after.get(2).get("id").asLong());
        assertThat(after.get(3).get("siblings").toString())
                .isEqualTo("{\"index\":2,\"count\":2,\"ids\":[" + oldAnswer + "," + newAnswer + "]}");
        assertThat(after.get(0).has("siblings")).isFalse();
        assertThat(after.get(0).get("parent_id").isNull()).isTrue();
        assertThat(http.get("/sessions/" + session).json().get("message_count").asInt())
                .isEqualTo(6);

        List<JsonNode> first = list(branch(session, oldAnswer).json());
        assertThat(ids(first)).isEqualTo(ids(before));
        assertThat(first.get(3).get("siblings").get("index").asInt()).isEqualTo(1);
        assertThat(ids(messages(session))).as("the choice is stored").isEqualTo(ids(before));
    }

    @Test
    void editAndResendStartsASiblingBranchAndTheOldOneCanBeShownAgain() {
        String session = newSession("edit");
        http.chat(session, "What time is it?");
        http.chat(session, "Hi");
        http.chat(session, "Hello again");
        List<JsonNode> before = messages(session);
        long firstPrompt = before.getFirst().get("id").asLong();

        List<JsonNode> events = http.chat(edit(session, firstPrompt, "Say hi"));

        assertThat(text(events)).isEqualTo("Hello there!");
        List<JsonNode> after = messages(session);
        assertThat(after)
                .extracting(m -> m.get("role").asText() + ":" + m.get("content").asText())
                .containsExactly("user:Say hi", "assistant:Hello there!");
        assertThat(stored(events, "user"))
                .containsExactly(after.getFirst().get("id").asLong());
        JsonNode siblings = after.getFirst().get("siblings");
        assertThat(siblings.get("index").asInt()).isEqualTo(2);
        assertThat(siblings.get("count").asInt()).isEqualTo(2);
        assertThat(siblings.get("ids").get(0).asLong()).isEqualTo(firstPrompt);
        assertThat(http.get("/sessions/" + session).json().get("message_count").asInt())
                .isEqualTo(2);
        assertThat(search("again")).as("the old branch is kept").contains(session);

        assertThat(ids(list(branch(session, firstPrompt).json()))).isEqualTo(ids(before));
        http.chat(session, "One more");
        assertThat(messages(session))
                .extracting(m -> m.get("content").asText())
                .startsWith("What time is it?")
                .contains("Hello again", "One more");
    }

    @Test
    void refusesBadEditsAndSwitchesWithClearErrorsAndLeavesTheHistoryAlone() {
        String session = newSession("refusals");
        String other = newSession("other");
        http.chat(session, "What time is it?");
        http.chat(other, "Hi");
        List<JsonNode> before = messages(session);
        long assistantId = before.get(1).get("id").asLong();
        long othersPrompt = messages(other).getFirst().get("id").asLong();
        String empty = newSession("empty");

        assertError(post(edit(session, assistantId, "x")), 400, "not_a_user_message");
        assertError(post(edit(session, othersPrompt, "x")), 404, "message_not_found");
        assertError(post(edit(session, 987_654_321, "x")), 404, "message_not_found");
        assertError(post(edit(session, before.getFirst().get("id").asLong(), " ")), 400, "empty_prompt");
        assertError(post(regenerate(empty)), 400, "nothing_to_regenerate");
        assertError(
                post("{\"session_id\":\"" + session + "\",\"regenerate\":true,\"prompt\":\"x\"}"),
                400,
                "invalid_request");
        assertError(post("{\"session_id\":\"" + session + "\",\"regenerate\":\"yes\"}"), 400, "invalid_field");
        assertError(post("{\"session_id\":\"" + session + "\",\"edit\":{\"prompt\":\"x\"}}"), 400, "missing_field");
        assertError(
                post("{\"session_id\":\"" + session + "\",\"edit\":{\"message_id\":\"1\",\"prompt\":\"x\"}}"),
                400,
                "invalid_field");
        assertError(branch(session, othersPrompt), 404, "message_not_found");
        assertError(branch(session, 987_654_321), 404, "message_not_found");
        assertError(branch(java.util.UUID.randomUUID().toString(), othersPrompt), 404, "session_not_found");
        assertError(http.post("/sessions/nope/branch", "{\"message_id\":1}"), 400, "invalid_session_id");
        assertError(http.post("/sessions/" + session + "/branch", "{}"), 400, "missing_field");
        assertError(http.post("/sessions/" + session + "/branch", "{\"message_id\":\"1\"}"), 400, "invalid_field");
        assertError(http.post("/sessions/" + session + "/branch", "{\"message_id\":"), 400, "invalid_json");
        int sessions = http.get("/sessions").json().size();
        assertError(post("{\"regenerate\":true}"), 400, "missing_field");
        assertError(post("{\"edit\":{\"message_id\":1,\"prompt\":\"x\"}}"), 400, "missing_field");
        assertThat(http.get("/sessions").json().size())
                .as("no session made for a refused regenerate")
                .isEqualTo(sessions);

        assertThat(messages(session)).isEqualTo(before);
        assertThat(messages(other)).hasSize(2);
    }

    @Test
    void searchFindsSessionsByTitleAndByWhatWasSaid() {
        String lisbon = newSession("Trip to Lisbon");
        String clock = newSession("Clock");
        http.chat(clock, "What time is it in Reykjavik?");

        assertThat(search("lisbon")).containsExactly(lisbon);
        assertThat(search("reykj")).containsExactly(clock);
        assertThat(search("time reykjavik")).containsExactly(clock);
        assertThat(search("\"\"")).isEmpty();
        assertThat(http.get("/sessions?q=&limit=1000").json().size()).isGreaterThanOrEqualTo(2);
        assertError(http.get("/sessions?q=x&limit=0"), 400, "invalid_query");
    }

    @Test
    void searchResultsMarkTheMatchInTheTitleAndInASnippetOfTheMessage() {
        String porto = newSession("Trip to Porto");
        String clock = newSession("Clock");
        http.chat(clock, "What time is it in Nuuk?");

        JsonNode byTitle = found("port", porto);
        assertThat(byTitle.get("title_highlight").toString())
                .isEqualTo("[{\"text\":\"Trip to \",\"match\":false},{\"text\":\"Porto\",\"match\":true}]");
        assertThat(byTitle.has("snippet")).isFalse();
        JsonNode bySnippet = found("nuuk", clock);
        assertThat(bySnippet.has("title_highlight")).isFalse();
        assertThat(bySnippet.get("snippet").toString())
                .isEqualTo("[{\"text\":\"What time is it in \",\"match\":false},"
                        + "{\"text\":\"Nuuk\",\"match\":true},{\"text\":\"?\",\"match\":false}]");
        JsonNode asked = http.get("/sessions/" + clock + "/messages").json().get(0);
        assertThat(asked.get("content").asText()).isEqualTo("What time is it in Nuuk?");
        assertThat(bySnippet.get("snippet_message_id").asLong())
                .isEqualTo(asked.get("id").asLong());
        assertThat(byTitle.has("snippet_message_id")).isFalse();
        assertThat(http.get("/sessions").json().get(0).has("snippet"))
                .as("a plain list")
                .isFalse();
    }

    private static JsonNode found(String q, String session) {
        JsonNode found = http.get("/sessions?q=" + q).json();
        assertThat(found).hasSize(1);
        assertThat(found.get(0).get("session_id").asText()).isEqualTo(session);
        return found.get(0);
    }

    private static String newSession(String title) {
        return http.post("/sessions", Json.object().put("title", title).toString())
                .json()
                .get("session_id")
                .asText();
    }

    private static List<JsonNode> messages(String session) {
        List<JsonNode> out = new ArrayList<>();
        http.get("/sessions/" + session + "/messages").json().forEach(out::add);
        return out;
    }

    private static List<String> search(String q) {
        JsonNode found = http.get(
                        "/sessions?q=" + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8))
                .json();
        List<String> ids = new ArrayList<>();
        found.forEach(s -> ids.add(s.get("session_id").asText()));
        return ids;
    }

    private static Http.Response post(String body) {
        return http.post("/chat/stream", body);
    }

    private static String regenerate(String session) {
        return Json.object().put("session_id", session).put("regenerate", true).toString();
    }

    private static String edit(String session, long messageId, String prompt) {
        var body = Json.object().put("session_id", session);
        body.putObject("edit").put("message_id", messageId).put("prompt", prompt);
        return body.toString();
    }

    private static Http.Response branch(String session, long messageId) {
        return http.post(
                "/sessions/" + session + "/branch",
                Json.object().put("message_id", messageId).toString());
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static List<Long> ids(List<JsonNode> messages) {
        return messages.stream().map(m -> m.get("id").asLong()).toList();
    }

    /** The ids that {@code message_stored} events gave for one role, in order. */
    private static List<Long> stored(List<JsonNode> events, String role) {
        return events.stream()
                .filter(e -> e.get("type").asText().equals("message_stored"))
                .filter(e -> e.get("data").get("role").asText().equals(role))
                .map(e -> e.get("data").get("id").asLong())
                .toList();
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.get("type").asText()).toList();
    }

    private static String text(List<JsonNode> events) {
        StringBuilder text = new StringBuilder();
        events.stream()
                .filter(e -> e.get("type").asText().equals("token"))
                .forEach(e -> text.append(e.get("data").get("text").asText()));
        return text.toString();
    }
}
