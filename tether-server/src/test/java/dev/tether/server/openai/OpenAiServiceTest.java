package dev.tether.server.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.engine.chat.Role;
import dev.tether.engine.chat.ToolChoice;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.tool.ToolSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenAiServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEATHER_TOOL = """
            {"type": "function", "function": {"name": "get_weather", "description": "Weather in a city.",
             "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}""";
    private static final String CLOCK_TOOL = """
            {"type": "function", "function": {"name": "get_time", "description": "The time."}}""";

    @TempDir
    static Path dir;

    private static OpenAiServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        server = new OpenAiServer(dir, 0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void forgetRequests() {
        RecordingProvider.REQUESTS.clear();
    }

    private static HttpResponse<String> post(String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    /** The {@code data:} payloads of a streamed answer, in order. */
    private static List<String> data(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        List<String> data = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (line.startsWith("data: ")) {
                data.add(line.substring("data: ".length()));
            } else {
                assertThat(line).isEmpty();
            }
        }
        return data;
    }

    private static String user(String text) {
        return "{\"role\": \"user\", \"content\": \"" + text + "\"}";
    }

    private static GenerationRequest lastRequest() {
        return RecordingProvider.REQUESTS.getLast();
    }

    @Test
    void modelsAreListedAndLookedUp() throws Exception {
        JsonNode list = json(get("/models"));
        assertThat(list.get("object").asText()).isEqualTo("list");
        assertThat(list.at("/data/0/id").asText()).isEqualTo(OpenAiServer.MODEL);
        assertThat(list.at("/data/0/object").asText()).isEqualTo("model");
        assertThat(list.at("/data/0/owned_by").asText()).isEqualTo("scripted");

        assertThat(json(get("/models/" + OpenAiServer.MODEL)).get("id").asText())
                .isEqualTo(OpenAiServer.MODEL);
        HttpResponse<String> missing = get("/models/gpt-9");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).at("/error/code").asText()).isEqualTo("model_not_found");
    }

    @Test
    void aToolCallComesBackWholeWithArgumentsAsAStringAndNothingRuns() throws Exception {
        HttpResponse<String> response = post("""
                {"model": "tether-test", "messages": [%s], "tools": [%s, %s], "temperature": 0.3, "top_p": 0.5,
                 "seed": 11, "stop": "END", "max_completion_tokens": 50}""".formatted(user("weather in Paris?"), WEATHER_TOOL, CLOCK_TOOL));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        assertThat(body.get("id").asText()).startsWith("chatcmpl-");
        assertThat(body.get("model").asText()).isEqualTo(OpenAiServer.MODEL);
        JsonNode choice = body.at("/choices/0");
        assertThat(choice.get("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(choice.at("/message/role").asText()).isEqualTo("assistant");
        assertThat(choice.at("/message/content").asText()).isEqualTo("Let me look. ");
        JsonNode call = choice.at("/message/tool_calls/0");
        assertThat(call.get("id").asText()).startsWith("call_");
        assertThat(call.get("type").asText()).isEqualTo("function");
        assertThat(call.at("/function/name").asText()).isEqualTo("get_weather");
        assertThat(call.at("/function/arguments").isTextual()).isTrue();
        assertThat(JSON.readTree(call.at("/function/arguments").asText())
                        .get("city")
                        .asText())
                .isEqualTo("Paris");
        assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(3);
        assertThat(body.at("/usage/total_tokens").asInt())
                .isEqualTo(body.at("/usage/prompt_tokens").asInt() + 3);
        assertThat(body.has("warnings")).isFalse();

        assertThat(RecordingProvider.REQUESTS).hasSize(1);
        GenerationRequest sent = lastRequest();
        assertThat(sent.tools()).extracting(ToolSpec::name).containsExactly("get_weather", "get_time");
        assertThat(sent.tools().get(1).inputSchema().get("type").asText()).isEqualTo("object");
        assertThat(sent.options().temperature()).isEqualTo(0.3);
        assertThat(sent.options().topP()).isEqualTo(0.5);
        assertThat(sent.options().seed()).isEqualTo(11L);
        assertThat(sent.options().stop()).containsExactly("END");
        assertThat(sent.options().maxTokens()).isEqualTo(50);
        assertThat(sent.cacheKey()).isNull();
        assertThat(sent.messages().getFirst().role()).isEqualTo(Role.SYSTEM);
        assertThat(sent.messages().getFirst().content()).contains("get_weather").contains("<<function_call>>");
        assertThat(server.engine.store().list(100, 0))
                .as("stateless: no session")
                .isEmpty();
    }

    @Test
    void theToolRoundTripMapsTheClientsHistory() throws Exception {
        HttpResponse<String> response = post("""
                {"model": "tether-test", "tools": [%s], "messages": [
                  {"role": "system", "content": "Be brief."},
                  %s,
                  {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function",
                    "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"Paris\\"}"}}]},
                  {"role": "tool", "tool_call_id": "call_1", "content": [{"type": "text", "text": "sunny, 18C"}]}
                ]}""".formatted(WEATHER_TOOL, user("weather in Paris?")));

        JsonNode body = json(response);
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("It is sunny in Paris.");
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(body.at("/choices/0/message").has("tool_calls")).isFalse();

        var messages = lastRequest().messages();
        assertThat(messages)
                .extracting(m -> m.role())
                .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL);
        assertThat(messages.get(0).content()).startsWith("Be brief.").contains("get_weather");
        assertThat(messages.get(2)
                        .toolCalls()
                        .getFirst()
                        .arguments()
                        .get("city")
                        .asText())
                .isEqualTo("Paris");
        assertThat(messages.get(3).toolCallId()).isEqualTo("call_1");
        assertThat(messages.get(3).name()).as("named after the call it answers").isEqualTo("get_weather");
        assertThat(messages.get(3).content()).isEqualTo("sunny, 18C");
    }

    @Test
    void aStreamSendsRoleTextToolCallFinishUsageAndDone() throws Exception {
        HttpResponse<String> response = post("""
                {"model": "tether-test", "stream": true, "stream_options": {"include_usage": true},
                 "messages": [%s], "tools": [%s]}""".formatted(user("weather?"), WEATHER_TOOL));

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> data = data(response);
        assertThat(data.getLast()).isEqualTo("[DONE]");
        List<JsonNode> chunks = new ArrayList<>();
        for (String d : data.subList(0, data.size() - 1)) {
            chunks.add(JSON.readTree(d));
        }
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.get("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(c.get("id").asText())
                    .isEqualTo(chunks.getFirst().get("id").asText());
        });
        assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(chunks.get(1).at("/choices/0/delta/content").asText()).isEqualTo("Let me look. ");
        JsonNode call = chunks.get(2).at("/choices/0/delta/tool_calls/0");
        assertThat(call.get("index").asInt()).isZero();
        assertThat(call.get("id").asText()).startsWith("call_");
        assertThat(call.at("/function/name").asText()).isEqualTo("get_weather");
        assertThat(call.at("/function/arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(chunks.get(3).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(chunks.get(4).get("choices")).isEmpty();
        assertThat(chunks.get(4).at("/usage/completion_tokens").asInt()).isEqualTo(3);
        assertThat(chunks).hasSize(5);
    }

    @Test
    void reasoningStreamsAsReasoningContentAndLengthIsReported() throws Exception {
        List<String> data = data(post("""
                {"model": "tether-test", "stream": true, "messages": [%s]}""".formatted(user("think first"))));
        assertThat(JSON.readTree(data.get(1))
                        .at("/choices/0/delta/reasoning_content")
                        .asText())
                .isEqualTo("Hmm, ");
        assertThat(data).noneMatch(d -> d.contains("\"usage\""));

        JsonNode cut = json(post("""
                {"model": "tether-test", "max_tokens": 2, "messages": [%s]}""".formatted(user("a story"))));
        assertThat(cut.at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(cut.at("/choices/0/message/content").asText()).isEqualTo("Once upon ");
    }

    @Test
    void toolChoiceNoneOffersNoToolsAndACallAnywayIsNotPassedOn() throws Exception {
        JsonNode body = json(post("""
                {"model": "tether-test", "tool_choice": "none", "messages": [%s], "tools": [%s]}""".formatted(user("weather?"), WEATHER_TOOL)));

        assertThat(lastRequest().tools()).isEmpty();
        assertThat(lastRequest().messages().getFirst().content()).doesNotContain("get_weather");
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(body.at("/choices/0/message").has("tool_calls")).isFalse();
        assertThat(body.at("/warnings/0/code").asText()).isEqualTo("unknown_tool_call");
    }

    @Test
    void toolChoiceRequiredAsksForACallAndSaysSoWhenNoneCame() throws Exception {
        JsonNode body = json(post("""
                {"model": "tether-test", "tool_choice": "required", "messages": [%s], "tools": [%s]}""".formatted(user("refuse please"), WEATHER_TOOL)));

        assertThat(lastRequest().options().toolChoice()).isEqualTo(ToolChoice.REQUIRED);
        assertThat(lastRequest().messages().getFirst().content()).contains("You must call one of these tools");
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("I would rather not call anything.");
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(body.at("/choices/0/message").has("tool_calls")).isFalse();
        assertThat(body.at("/warnings/0/code").asText()).isEqualTo("tool_call_missing");

        List<String> streamed = data(post("""
                {"model": "tether-test", "stream": true, "tool_choice": "required", "messages": [%s], "tools": [%s]}""".formatted(user("refuse please"), WEATHER_TOOL)));
        JsonNode finish = JSON.readTree(streamed.get(streamed.size() - 2));
        assertThat(finish.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(finish.at("/warnings/0/code").asText()).isEqualTo("tool_call_missing");
    }

    @Test
    void aNamedToolChoiceOffersOnlyThatTool() throws Exception {
        JsonNode body = json(post("""
                {"model": "tether-test", "messages": [%s], "tools": [%s, %s],
                 "tool_choice": {"type": "function", "function": {"name": "get_weather"}}}""".formatted(user("weather?"), CLOCK_TOOL, WEATHER_TOOL)));

        assertThat(lastRequest().tools()).extracting(ToolSpec::name).containsExactly("get_weather");
        assertThat(lastRequest().messages().getFirst().content()).contains("You must call the tool get_weather");
        assertThat(body.at("/choices/0/message/tool_calls/0/function/name").asText())
                .isEqualTo("get_weather");
    }

    @Test
    void badRequestsGetOpenAiErrorsNamingTheField() throws Exception {
        assertError(post("""
                {"model": "gpt-9", "messages": [%s]}""".formatted(user("hello"))), 404, "model", "model_not_found");
        assertError(post("{not json"), 400, null, "invalid_json");
        assertError(post("{\"model\": \"tether-test\"}"), 400, "messages", "missing_messages");
        assertError(post("{\"messages\": [" + user("hello") + "]}"), 400, "model", "missing_model");
        assertError(post("""
                {"model": "tether-test", "n": 2, "messages": [%s]}""".formatted(user("hello"))), 400, "n", "unsupported_parameter");
        assertError(post("""
                {"model": "tether-test", "temperature": 3, "messages": [%s]}""".formatted(user("hello"))), 400, "temperature", "invalid_value");
        assertError(post("""
                {"model": "tether-test", "messages": [{"role": "wizard", "content": "x"}]}"""), 400, "messages[0].role", "invalid_message");
        assertError(post("""
                {"model": "tether-test", "messages": [{"role": "user", "content": [{"type": "image_url"}]}]}"""), 400, "messages[0].content", "unsupported_content");
        assertError(post("""
                {"model": "tether-test", "messages": [%s], "tools": [%s],
                 "tool_choice": {"type": "function", "function": {"name": "nope"}}}""".formatted(user("hello"), WEATHER_TOOL)), 400, "tool_choice", "invalid_tool_choice");
        assertError(post("""
                {"model": "tether-test", "messages": [{"role": "system", "content": "only a system prompt"}]}"""), 400, "messages", "empty_prompt");
        assertThat(RecordingProvider.REQUESTS).isEmpty();
    }

    @Test
    void aModelFailureBeforeAnyOutputIsAPlainErrorEvenWhenStreaming() throws Exception {
        String body =
                "{\"model\": \"tether-test\", \"stream\": %s, \"messages\": [" + user("no rule matches this") + "]}";
        assertError(post(body.formatted("false")), 400, null, "no_script_rule");
        assertError(post(body.formatted("true")), 400, null, "no_script_rule");
    }

    @Test
    void aModelFailureMidStreamEndsTheStreamWithAnErrorChunk() throws Exception {
        List<String> data = data(post("""
                {"model": "tether-failing", "stream": true, "messages": [%s]}""".formatted(user("hello"))));

        assertThat(JSON.readTree(data.get(1)).at("/choices/0/delta/content").asText())
                .isEqualTo("Partial ");
        JsonNode error = JSON.readTree(data.get(2)).get("error");
        assertThat(error.get("code").asText()).isEqualTo("provider_disconnected");
        assertThat(error.get("type").asText()).isEqualTo("server_error");
        assertThat(data.getLast()).isEqualTo("[DONE]");
        assertThat(data).hasSize(4);

        assertError(post("""
                {"model": "tether-failing", "messages": [%s]}""".formatted(user("hello"))), 503, null, "provider_disconnected");
    }

    private static void assertError(HttpResponse<String> response, int status, String param, String code)
            throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode error = json(response).get("error");
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.get("type").asText()).isIn("invalid_request_error", "server_error");
        if (param == null) {
            assertThat(error.get("param").isNull()).isTrue();
        } else {
            assertThat(error.get("param").asText()).isEqualTo(param);
        }
    }
}
