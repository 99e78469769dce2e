package dev.tether.server.responses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.engine.chat.Message;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.session.StoredResponse;
import dev.tether.server.Http;
import dev.tether.server.TestServer;
import dev.tether.server.openai.LeavingClient;
import dev.tether.server.openai.RecordingProvider;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /v1/responses} over raw HTTP: sessions behind previous_response_id, store false, bad input. */
class ResponsesServiceTest {

    private static final String SCRIPT = """
            models: [tether-test]
            chunk_delay_ms: 20
            rules:
              - on: user
                match: "(?i)long"
                chunks: ["one ", "two ", "three ", "four"]
              - on: user
                match: "(?i)story"
                chunks: ["Once ", "upon ", "a ", "time ", "there ", "was ", "a ", "story ", "that ", "went ", "on ", "and ", "on ", "and ", "on ", "and ", "on ", "and ", "on ", "and ", "on ", "and ", "on ", "and ", "on ", "and ", "on ", "and ", "on ", "and ", "on ", "and ", "on ", "and ", "on ", "and ", "on ", "and ", "on ", "and ", "on."]
              - on: user
                match: ".*"
                chunks: ["Hi."]
            """;

    @TempDir
    static Path dir;

    private static TestServer tether;

    @BeforeAll
    static void start() {
        tether = TestServer.start(dir, RecordingProvider.class.getName(), SCRIPT, "");
    }

    @AfterAll
    static void stop() {
        tether.close();
    }

    private static JsonNode create(String body) {
        Http.Response response = tether.http.post("/v1/responses", body);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static StoredResponse stored(JsonNode response) {
        return tether.engine.store().response(response.get("id").asText()).orElseThrow();
    }

    @Test
    void continuingAnOlderPointBranchesIntoANewSessionWithTheHistoryUpToIt() {
        JsonNode a = create("{\"model\": \"tether-test\", \"input\": \"first\"}");
        JsonNode b = create("{\"model\": \"tether-test\", \"input\": \"second\", \"previous_response_id\": \""
                + a.get("id").asText() + "\"}");
        RecordingProvider.REQUESTS.clear();
        JsonNode branch =
                create("{\"model\": \"tether-test\", \"input\": \"other second\", \"instructions\": \"Be terse.\", "
                        + "\"previous_response_id\": \"" + a.get("id").asText() + "\"}");

        assertThat(stored(b).sessionId()).isEqualTo(stored(a).sessionId());
        UUID branchSession = stored(branch).sessionId();
        assertThat(branchSession).isNotEqualTo(stored(a).sessionId());
        assertThat(tether.engine.store().messages(branchSession))
                .extracting(Message::content)
                .containsExactly("first", "Hi.", "other second", "Hi.");
        assertThat(tether.engine.store().messages(stored(a).sessionId()))
                .extracting(Message::content)
                .containsExactly("first", "Hi.", "second", "Hi.");
        GenerationRequest sent = RecordingProvider.REQUESTS.getFirst();
        assertThat(sent.messages())
                .extracting(Message::content)
                .containsExactly("Be terse.", "first", "Hi.", "other second");
    }

    @Test
    void aResponseKeepsItsPointWhenItsSessionSwitchesToAnotherBranch() {
        JsonNode a = create("{\"model\": \"tether-test\", \"input\": \"first\"}");
        UUID session = stored(a).sessionId();
        var store = tether.engine.store();
        long prompt = store.history(session).getFirst().id();
        // the page regenerated the answer: the session now shows a sibling branch of the same length
        store.appendAfter(session, prompt, Message.assistant("Another hi.", java.util.List.of(), null));
        RecordingProvider.REQUESTS.clear();

        JsonNode b = create("{\"model\": \"tether-test\", \"input\": \"second\", \"previous_response_id\": \""
                + a.get("id").asText() + "\"}");

        assertThat(RecordingProvider.REQUESTS.getFirst().messages())
                .extracting(Message::content)
                .endsWith("first", "Hi.", "second")
                .doesNotContain("Another hi.");
        assertThat(store.messages(stored(b).sessionId()))
                .extracting(Message::content)
                .containsExactly("first", "Hi.", "second", "Hi.");
        assertThat(store.messages(session)).extracting(Message::content).containsExactly("first", "Another hi.");
        assertThat(stored(b).leafId())
                .isEqualTo(store.history(stored(b).sessionId()).getLast().id());
    }

    @Test
    void storeFalseKeepsNothingAndADeletedSessionTakesItsResponses() {
        int sessions = tether.engine.store().list(1000, 0).size();
        JsonNode kept = create("{\"model\": \"tether-test\", \"input\": \"hello\", \"store\": false}");
        assertThat(kept.get("store").asBoolean()).isFalse();
        assertThat(tether.engine.store().list(1000, 0)).hasSize(sessions);
        assertThat(tether.http.get("/v1/responses/" + kept.get("id").asText()).status())
                .isEqualTo(404);

        JsonNode response = create("{\"model\": \"tether-test\", \"input\": \"hello\"}");
        String id = response.get("id").asText();
        assertThat(tether.http.get("/v1/responses/" + id).json()).isEqualTo(response);
        tether.http.method("DELETE", "/sessions/" + stored(response).sessionId(), null);
        Http.Response gone = tether.http.get("/v1/responses/" + id);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void fieldsTetherHasNoUseForAreIgnoredAndEchoed() {
        JsonNode response = create("{\"model\": \"tether-test\", \"input\": \"hello\", \"metadata\": {\"k\": \"v\"}, "
                + "\"user\": \"u1\", \"parallel_tool_calls\": false, \"reasoning\": {\"effort\": \"low\"}, "
                + "\"truncation\": \"auto\", \"some_future_field\": [1]}");

        assertThat(response.get("status").asText()).isEqualTo("completed");
        assertThat(response.at("/metadata/k").asText()).isEqualTo("v");
        assertThat(response.get("parallel_tool_calls").asBoolean()).isFalse();
    }

    @Test
    void maxOutputTokensCutsTheResponseAsIncomplete() {
        JsonNode response = create("{\"model\": \"tether-test\", \"input\": \"a long one\", \"max_output_tokens\": 2}");

        assertThat(response.get("status").asText()).isEqualTo("incomplete");
        assertThat(response.at("/incomplete_details/reason").asText()).isEqualTo("max_output_tokens");
        assertThat(response.at("/output/0/content/0/text").asText()).isEqualTo("one two ");
    }

    @Test
    void badInputIsA400NamingTheField() {
        String[][] cases = {
            {"{\"input\": \"x\"}", "model"},
            {"{\"model\": \"tether-test\"}", "input"},
            {"{\"model\": \"tether-test\", \"input\": [{\"type\": \"input_image\"}]}", "input[0].type"},
            {"{\"model\": \"tether-test\", \"input\": [{\"role\": \"robot\", \"content\": \"x\"}]}", "input[0].role"},
            {
                "{\"model\": \"tether-test\", \"input\": [{\"type\": \"function_call\", \"call_id\": \"c\", \"name\": \"f\", \"arguments\": \"[1]\"}]}",
                "input[0].arguments"
            },
            {
                "{\"model\": \"tether-test\", \"input\": [{\"type\": \"function_call_output\", \"output\": \"x\"}]}",
                "input[0].call_id"
            },
            {"{\"model\": \"tether-test\", \"input\": \"x\", \"tool_choice\": \"required\"}", "tool_choice"},
            {"{\"model\": \"tether-test\", \"input\": \"x\", \"temperature\": \"hot\"}", "temperature"},
            {"{\"model\": \"tether-test\", \"input\": \"x\", \"store\": \"yes\"}", "store"},
            {"{\"model\": \"tether-test\", \"input\": \"x\", \"previous_response_id\": 7}", "previous_response_id"},
        };
        for (String[] c : cases) {
            Http.Response response = tether.http.post("/v1/responses", c[0]);
            assertThat(response.status()).as(c[0] + " -> " + response.body()).isEqualTo(400);
            assertThat(response.json().at("/error/param").asText()).as(c[0]).isEqualTo(c[1]);
        }
        assertThat(tether.http.post("/v1/responses", "{nope").status()).isEqualTo(400);
        Http.Response unknown = tether.http.post(
                "/v1/responses",
                "{\"model\": \"tether-test\", \"input\": \"x\", \"previous_response_id\": \"resp_nope\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().at("/error/param").asText()).isEqualTo("previous_response_id");
    }

    @Test
    void aClientThatLeavesMidStreamCancelsTheModelCallAndNothingIsStored() throws Exception {
        RecordingProvider.REQUESTS.clear();
        int sessions = tether.engine.store().list(1000, 0).size();
        GenerationRequest call = LeavingClient.leaveMidStream(
                tether.http.base + "/v1/responses",
                "{\"model\": \"tether-test\", \"stream\": true, \"input\": \"tell me a story\"}");
        assertThat(call.cancel().isCancelled())
                .as("the model call was cancelled")
                .isTrue();
        assertThat(tether.engine.store().list(1000, 0))
                .as("a cancelled response is not kept")
                .hasSize(sessions);
    }
}
