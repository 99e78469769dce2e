package dev.tether.server;

import static dev.tether.server.ChatStreamTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /chat/stream} without {@code session_id}: one call to start chatting. */
class ChatWithoutSessionTest {

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
    void createsASessionAndNamesItInTheFirstEvent() {
        Http.Response res = tether.http.post("/chat/stream", "{\"prompt\": \"Say hello\\nplease\"}");

        assertThat(res.status()).isEqualTo(200);
        List<JsonNode> events = res.body().lines().map(TestJson::parse).toList();
        JsonNode first = events.getFirst();
        assertThat(first.get("type").asText()).isEqualTo("session");
        String id = first.get("data").get("session_id").asText();
        assertThat(first.get("data").get("title").asText()).isEqualTo("Say hello");
        assertThat(events.getLast().get("type").asText()).isEqualTo("done");
        assertThat(events)
                .extracting(e -> e.get("type").asText())
                .filteredOn("session"::equals)
                .hasSize(1);

        JsonNode session = tether.http.get("/sessions/" + id).json();
        assertThat(session.get("title").asText()).isEqualTo("Say hello");
        assertThat(tether.http.get("/sessions/" + id + "/messages").json())
                .extracting(m -> m.get("role").asText())
                .containsExactly("user", "assistant");

        // the next turn goes to the named session as usual, without a session event
        Http.Response next = tether.http.post("/chat/stream", Http.chatBody(id, "again"));
        assertThat(next.body().lines().map(TestJson::parse).toList())
                .extracting(e -> e.get("type").asText())
                .doesNotContain("session");
    }

    @Test
    void theSessionEventComesOverSseToo() {
        Http.Response res = tether.http.post("/chat/stream", "{\"prompt\": \"hi\"}", "Accept", "text/event-stream");

        assertThat(res.body()).startsWith("event: session\ndata: {\"type\":\"session\",\"data\":{\"session_id\":\"");
    }

    @Test
    void aRefusedRequestLeavesNoSessionBehind() {
        int before = tether.http.get("/sessions").json().size();

        assertError(tether.http.post("/chat/stream", "{\"prompt\": \"\"}"), 400, "empty_prompt");
        assertError(
                tether.http.post("/chat/stream", "{\"prompt\": \"hi\", \"model_name\": \"nope\"}"),
                404,
                "model_not_found");

        assertThat(tether.http.get("/sessions").json().size()).isEqualTo(before);
    }
}
