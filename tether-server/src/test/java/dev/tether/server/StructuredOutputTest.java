package dev.tether.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.server.http.Json;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Structured output on every chat API, with a scripted model (which does not constrain its output, so the check
 * before the end is what is tested): an answer that matches the schema passes, one that does not is a
 * {@code schema_violation} error in each API's own shape, and a format that is wrong is a 400 naming its field.
 */
class StructuredOutputTest {

    private static final String SCRIPT = """
            models: [scripted]
            chunk_delay_ms: 0
            rules:
              - on: user
                match: "(?i)valid"
                chunks: ["{\\"sky\\": \\"sunny\\", ", "\\"place\\": {\\"city\\": \\"Oslo\\"}}"]
              - on: user
                match: "(?i)wrong"
                chunks: ["{\\"sky\\": \\"purple\\", ", "\\"place\\": {\\"city\\": \\"Oslo\\"}}"]
              - on: user
                match: "(?i)prose"
                chunks: ["It is ", "sunny."]
            """;

    private static final String SCHEMA = """
            {"type": "object", "additionalProperties": false, "required": ["sky", "place"],
             "properties": {"sky": {"enum": ["sunny", "grey"]},
                            "place": {"type": "object", "required": ["city"], "properties": {"city": {"type": "string"}}}}}""";

    @TempDir
    static Path dir;

    private static TestServer tether;

    @BeforeAll
    static void start() {
        tether = TestServer.start(dir, "scripted", SCRIPT, "");
    }

    @AfterAll
    static void stop() {
        tether.close();
    }

    private static String chatCompletion(String prompt, String format, boolean stream) {
        return "{\"model\": \"scripted\", \"stream\": " + stream
                + ", \"messages\": [{\"role\": \"user\", \"content\": \"" + prompt + "\"}], \"response_format\": "
                + format + "}";
    }

    private static String schemaFormat() {
        return "{\"type\": \"json_schema\", \"json_schema\": {\"name\": \"weather\", \"schema\": " + SCHEMA + "}}";
    }

    @Test
    void chatCompletionsPassAMatchingAnswerAndFailOneThatDoesNotMatch() throws Exception {
        Http.Response ok = tether.http.post("/v1/chat/completions", chatCompletion("valid", schemaFormat(), false));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        JsonNode answer =
                Json.MAPPER.readTree(ok.json().at("/choices/0/message/content").asText());
        assertThat(answer.at("/place/city").asText()).isEqualTo("Oslo");

        Http.Response wrong = tether.http.post("/v1/chat/completions", chatCompletion("wrong", schemaFormat(), false));
        assertThat(wrong.status()).isEqualTo(500);
        assertThat(wrong.json().at("/error/code").asText()).isEqualTo("schema_violation");
        assertThat(wrong.json().at("/error/message").asText()).contains("sky");

        Http.Response prose =
                tether.http.post("/v1/chat/completions", chatCompletion("prose", "{\"type\": \"json_object\"}", false));
        assertThat(prose.json().at("/error/code").asText()).as(prose.body()).isEqualTo("schema_violation");

        Http.Response streamed =
                tether.http.post("/v1/chat/completions", chatCompletion("wrong", schemaFormat(), true));
        List<String> data = streamed.body()
                .lines()
                .filter(l -> l.startsWith("data: "))
                .map(l -> l.substring(6))
                .toList();
        assertThat(data.getLast()).isEqualTo("[DONE]");
        assertThat(Json.MAPPER
                        .readTree(data.get(data.size() - 2))
                        .at("/error/code")
                        .asText())
                .isEqualTo("schema_violation");
    }

    @Test
    void chatStreamEndsAViolationWithAnErrorEventBeforeDone() {
        String session = tether.newSession();
        List<JsonNode> ok = tether.http.chat("{\"session_id\": \"" + session + "\", \"prompt\": \"valid\", "
                + "\"options\": {\"response_format\": " + schemaFormat() + "}}");
        assertThat(ok).extracting(e -> e.get("type").asText()).doesNotContain("error");
        assertThat(ok.getLast().at("/data/finish_reason").asText()).isEqualTo("stop");

        List<JsonNode> wrong = tether.http.chat("{\"session_id\": \"" + session + "\", \"prompt\": \"wrong\", "
                + "\"options\": {\"response_format\": " + schemaFormat() + "}}");
        assertThat(wrong)
                .filteredOn(e -> e.get("type").asText().equals("error"))
                .extracting(e -> e.at("/data/code").asText())
                .containsExactly("schema_violation");
        assertThat(wrong.getLast().get("type").asText()).isEqualTo("done");
        assertThat(wrong.getLast().at("/data/finish_reason").asText()).isEqualTo("error");
    }

    @Test
    void messagesAndResponsesReportAViolationInTheirOwnShapes() throws Exception {
        String messages = "{\"model\": \"scripted\", \"max_tokens\": 100, \"messages\": [{\"role\": \"user\", "
                + "\"content\": \"%s\"}], \"output_format\": {\"type\": \"json_schema\", \"schema\": " + SCHEMA + "}}";
        Http.Response ok = tether.http.post("/v1/messages", messages.formatted("valid"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(Json.MAPPER
                        .readTree(ok.json().at("/content/0/text").asText())
                        .get("sky")
                        .asText())
                .isEqualTo("sunny");
        Http.Response wrong = tether.http.post("/v1/messages", messages.formatted("wrong"));
        assertThat(wrong.status()).isEqualTo(500);
        assertThat(wrong.json().at("/type").asText()).isEqualTo("error");
        assertThat(wrong.json().at("/error/message").asText()).contains("schema_violation");

        String responses = "{\"model\": \"scripted\", \"input\": \"%s\", \"stream\": %s, "
                + "\"text\": {\"format\": {\"type\": \"json_schema\", \"name\": \"weather\", \"schema\": " + SCHEMA
                + "}}}";
        Http.Response whole = tether.http.post("/v1/responses", responses.formatted("valid", false));
        assertThat(whole.status()).as(whole.body()).isEqualTo(200);
        assertThat(whole.json().at("/text/format/type").asText()).isEqualTo("json_schema");
        Http.Response violated = tether.http.post("/v1/responses", responses.formatted("wrong", false));
        assertThat(violated.json().at("/error/code").asText()).isEqualTo("schema_violation");
        Http.Response streamed = tether.http.post("/v1/responses", responses.formatted("wrong", true));
        String failed = streamed.body()
                .lines()
                .filter(l -> l.startsWith("data: "))
                .reduce((a, b) -> b)
                .orElseThrow();
        JsonNode event = Json.MAPPER.readTree(failed.substring(6));
        assertThat(event.get("type").asText()).isEqualTo("response.failed");
        assertThat(event.at("/response/error/code").asText()).isEqualTo("schema_violation");
    }

    @Test
    void aFormatThatIsWrongIsRefusedNamingItsField() {
        Http.Response completions = tether.http.post(
                "/v1/chat/completions",
                chatCompletion("valid", "{\"type\": \"json_schema\", \"json_schema\": {\"name\": \"x\"}}", false));
        assertThat(completions.status()).isEqualTo(400);
        assertThat(completions.json().at("/error/param").asText()).isEqualTo("response_format");

        Http.Response chat = tether.http.post(
                "/chat/stream",
                "{\"session_id\": \"" + tether.newSession()
                        + "\", \"prompt\": \"valid\", \"options\": {\"response_format\": {\"type\": \"xml\"}}}");
        assertThat(chat.status()).isEqualTo(400);
        assertThat(chat.json().at("/error/message").asText()).contains("options.response_format");

        Http.Response messages = tether.http.post(
                "/v1/messages",
                "{\"model\": \"scripted\", \"max_tokens\": 5, "
                        + "\"messages\": [{\"role\": \"user\", \"content\": \"valid\"}], \"output_format\": {\"type\": 1}}");
        assertThat(messages.status()).isEqualTo(400);
        assertThat(messages.json().at("/error/message").asText()).startsWith("output_format:");
    }
}
