package dev.tether.server.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.server.Http;
import dev.tether.server.TestServer;
import dev.tether.server.openai.LeavingClient;
import dev.tether.server.openai.RecordingProvider;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /v1/messages} over raw HTTP: what the model is sent, bad input in Anthropic's shape, a client that leaves. */
class MessagesServiceTest {

    private static final String SCRIPT = """
            models: [tether-test]
            chunk_delay_ms: 50
            rules:
              - on: user
                match: "(?i)story"
                chunks: ["Once ", "upon ", "a ", "time ", "there ", "was ", "a ", "story ", "that ", "went ", "on ", "and ", "on ", "and ", "on ", "and ", "on ", "and ", "on ", "and ", "on ", "and ", "on ", "and ", "on ", "and ", "on ", "and ", "on ", "and ", "on ", "and ", "on ", "and ", "on ", "and ", "on ", "and ", "on ", "and ", "on ", "and ", "on ", "and ", "on ", "and ", "on ", "and ", "on ", "and ", "on ", "and ", "on ", "and ", "on."]
              - on: user
                match: ".*"
                chunks: ["Hi."]
              - on: tool
                match: ".*"
                chunks: ["Noted."]
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

    private static Http.Response post(String body) {
        return tether.http.post("/v1/messages", body);
    }

    @Test
    void systemBlocksToolResultsAndOptionsReachTheModelAndUnknownFieldsAreIgnored() {
        RecordingProvider.REQUESTS.clear();
        Http.Response response = post("""
                {"model": "tether-test", "max_tokens": 7, "temperature": 0.5, "stop_sequences": ["END"],
                 "metadata": {"user_id": "u1"}, "top_k": 5, "some_future_field": true,
                 "system": [{"type": "text", "text": "Be brief."}, {"type": "text", "text": "Be kind."}],
                 "messages": [
                   {"role": "user", "content": "weather?"},
                   {"role": "assistant", "content": [{"type": "thinking", "thinking": "hm", "signature": "x"},
                     {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Oslo"}}]},
                   {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "is_error": true,
                     "content": [{"type": "text", "text": "offline"}]}, {"type": "text", "text": "and?"}]}]}""");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().at("/content/0/text").asText()).isEqualTo("Hi.");
        GenerationRequest sent = RecordingProvider.REQUESTS.getFirst();
        assertThat(sent.options().maxTokens()).isEqualTo(7);
        assertThat(sent.options().temperature()).isEqualTo(0.5);
        assertThat(sent.options().stop()).containsExactly("END");
        assertThat(sent.messages().getFirst().content()).startsWith("Be brief.\n\nBe kind.");
        assertThat(sent.messages())
                .extracting(m -> m.role().wireName())
                .containsExactly("system", "user", "assistant", "tool", "user");
        assertThat(sent.messages().get(2).toolCalls())
                .singleElement()
                .satisfies(c -> assertThat(c.arguments().get("city").asText()).isEqualTo("Oslo"));
        assertThat(sent.messages().get(3).toolCallId()).isEqualTo("toolu_1");
        assertThat(sent.messages().get(3).name()).isEqualTo("get_weather");
        assertThat(sent.messages().get(3).content()).contains("error").contains("offline");
    }

    @Test
    void badInputIsAnInvalidRequestErrorNamingTheField() {
        String[][] cases = {
            {"not json", "body"},
            {"[1, 2]", "body"},
            {"{\"max_tokens\": 5, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}", "model"},
            {
                "{\"model\": \"tether-test\", \"max_tokens\": -1, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}",
                "max_tokens"
            },
            {"{\"model\": \"tether-test\", \"max_tokens\": 5, \"messages\": []}", "messages"},
            {
                "{\"model\": \"tether-test\", \"max_tokens\": 5, \"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"image\"}]}]}",
                "messages.0.content.0.type"
            },
            {
                "{\"model\": \"tether-test\", \"max_tokens\": 5, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"temperature\": 3}",
                "temperature"
            },
            {
                "{\"model\": \"tether-test\", \"max_tokens\": 5, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"tools\": [{\"type\": \"web_search_20250305\", \"name\": \"web_search\"}]}",
                "tools.0.type"
            },
            {
                "{\"model\": \"tether-test\", \"max_tokens\": 5, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"tools\": [{\"name\": \"a\"}]}",
                "tools.0.input_schema"
            },
            {
                "{\"model\": \"tether-test\", \"max_tokens\": 5, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"tool_choice\": {\"type\": \"tool\", \"name\": \"nope\"}}",
                "tool_choice.name"
            },
            {
                "{\"model\": \"tether-test\", \"max_tokens\": 5, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"stop_sequences\": \"END\"}",
                "stop_sequences"
            },
        };
        for (String[] c : cases) {
            Http.Response response = post(c[0]);
            assertThat(response.status()).as(c[0] + " -> " + response.body()).isEqualTo(400);
            JsonNode error = response.json();
            assertThat(error.get("type").asText()).isEqualTo("error");
            assertThat(error.at("/error/type").asText()).isEqualTo("invalid_request_error");
            if (!c[1].equals("body")) {
                assertThat(error.at("/error/message").asText()).as(c[0]).startsWith(c[1] + ":");
            }
        }
        Http.Response unknown = post(
                "{\"model\": \"nope\", \"max_tokens\": 5, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().at("/error/type").asText()).isEqualTo("not_found_error");
    }

    @Test
    void aClientThatLeavesMidStreamCancelsTheModelCall() throws Exception {
        RecordingProvider.REQUESTS.clear();
        GenerationRequest call = LeavingClient.leaveMidStream(tether.http.base + "/v1/messages", """
                        {"model": "tether-test", "max_tokens": 500, "stream": true,
                         "messages": [{"role": "user", "content": "tell me a story"}]}""");
        assertThat(call.cancel().isCancelled())
                .as("the model call was cancelled")
                .isTrue();
    }
}
