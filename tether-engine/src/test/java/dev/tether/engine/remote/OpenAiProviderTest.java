package dev.tether.engine.remote;

import static dev.tether.engine.remote.FakeRemote.json;
import static dev.tether.engine.remote.FakeRemote.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.ChatEvent;
import dev.tether.engine.chat.ChatEvent.Done;
import dev.tether.engine.chat.ChatEvent.ErrorEvent;
import dev.tether.engine.chat.ChatEvent.Think;
import dev.tether.engine.chat.ChatEvent.ToolCallEvent;
import dev.tether.engine.chat.ChatEvent.ToolResultEvent;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.ResponseFormat;
import dev.tether.engine.chat.ToolChoice;
import dev.tether.engine.model.ModelInfo;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenAiProviderTest {

    private static final String SSE = "text/event-stream";

    @TempDir
    Path dir;

    private final FakeRemote remote;
    private LoopHarness loop;

    OpenAiProviderTest() throws Exception {
        remote = new FakeRemote();
    }

    @AfterEach
    void close() {
        if (loop != null) {
            loop.close();
        }
        remote.close();
    }

    private OpenAiProvider provider(Map<String, String> extra) {
        Map<String, String> args = new HashMap<>(Map.of(
                "base_url",
                remote.baseUrl() + "/v1",
                "read_timeout_ms",
                "2000",
                "api_key_env",
                "LOCAL_KEY",
                "models.0",
                "m"));
        args.putAll(extra);
        return new OpenAiProvider(
                Config.just(ConfigSources.create(args)), name -> name.equals("LOCAL_KEY") ? "sk-local-123" : null);
    }

    private static String data(String json) {
        return "data: " + json + "\n\n";
    }

    private static String delta(String delta) {
        return data("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":"
                + "[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":null}]}");
    }

    private static String finish(String reason) {
        return data("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":"
                + "[{\"index\":0,\"delta\":{},\"finish_reason\":\"" + reason + "\"}]}");
    }

    private static String usage(int prompt, int completion) {
        return data("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion + "}}");
    }

    private static final String DONE = "data: [DONE]\n\n";

    @Test
    void toolCallsSplitAcrossDeltasAreAssembledRunAndSentBackInOpenAisFormat() throws Exception {
        remote.on(
                "/v1/chat/completions",
                stream(
                        SSE,
                        ": keep-alive comment\n\n",
                        delta("{\"role\":\"assistant\",\"content\":\"\"}"),
                        delta("{\"reasoning_content\":\"Two sums.\"}"),
                        delta("{\"content\":\"Adding.\"}"),
                        delta("{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\","
                                + "\"function\":{\"name\":\"add\",\"arguments\":\"\"}}]}"),
                        delta("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"a\\\": 2, \"}}]}"),
                        delta("{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"type\":\"function\","
                                + "\"function\":{\"name\":\"add\",\"arguments\":\"{\\\"a\\\"\"}}]}"),
                        delta("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"b\\\": 3}\"}}]}"),
                        // a data line split across two writes
                        delta("{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\": 10, \\\"b\\\": 20}\"}}]}")
                                .substring(0, 30),
                        delta("{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\": 10, \\\"b\\\": 20}\"}}]}")
                                .substring(30),
                        finish("tool_calls"),
                        usage(40, 12),
                        DONE),
                stream(
                        SSE,
                        delta("{\"content\":\"5 and \"}"),
                        delta("{\"content\":\"30.\"}"),
                        finish("stop"),
                        usage(80, 4),
                        DONE));
        loop = new LoopHarness(dir, provider(Map.of()));

        List<ChatEvent> events =
                loop.turn("two sums", "m", new ChatOptions(100, 0.5, null, 42L, List.of(), null, ToolChoice.REQUIRED));

        // the answer's two text pieces may arrive together, and then go on as one token event
        assertThat(events.subList(0, 6))
                .extracting(ChatEvent::type)
                .containsExactly("think", "token", "tool_call", "tool_call", "tool_result", "tool_result");
        assertThat(events.subList(6, events.size() - 1))
                .isNotEmpty()
                .allMatch(e -> e instanceof ChatEvent.Token)
                .extracting(e -> ((ChatEvent.Token) e).text())
                .containsAnyOf("5 and ", "5 and 30.")
                .satisfies(texts -> assertThat(String.join("", texts)).isEqualTo("5 and 30."));
        assertThat(events.getLast().type()).isEqualTo("done");
        assertThat(((Think) events.get(0)).text()).isEqualTo("Two sums.");
        assertThat(events)
                .filteredOn(e -> e instanceof ToolCallEvent)
                .extracting(e -> ((ToolCallEvent) e).arguments().toString())
                .containsExactly("{\"a\":2,\"b\":3}", "{\"a\":10,\"b\":20}");
        assertThat(events)
                .filteredOn(e -> e instanceof ToolResultEvent)
                .extracting(e -> ((ToolResultEvent) e).result().get("sum").asInt())
                .containsExactly(5, 30);
        Done done = (Done) events.getLast();
        assertThat(done.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(done.usage().promptTokens()).isEqualTo(120);
        assertThat(done.usage().completionTokens()).isEqualTo(16);
        assertThat(loop.stored().getLast().content()).isEqualTo("5 and 30.");

        List<FakeRemote.Request> requests = remote.requests("/v1/chat/completions");
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).header("Authorization")).isEqualTo("Bearer sk-local-123");
        JsonNode first = requests.get(0).json();
        assertThat(first.get("stream").asBoolean()).isTrue();
        assertThat(first.at("/stream_options/include_usage").asBoolean()).isTrue();
        assertThat(first.get("max_tokens").asInt()).isEqualTo(100);
        assertThat(first.get("temperature").asDouble()).isEqualTo(0.5);
        assertThat(first.get("seed").asLong()).isEqualTo(42);
        assertThat(first.has("top_p")).isFalse();
        assertThat(first.get("tool_choice").asText()).isEqualTo("required");
        assertThat(first.at("/tools/0/function/name").asText()).isEqualTo("add");
        assertThat(first.at("/tools/0/function/parameters/required").toString()).contains("a", "b");

        JsonNode history = requests.get(1).json().get("messages");
        assertThat(history).hasSize(5);
        assertThat(history.at("/2/role").asText()).isEqualTo("assistant");
        assertThat(history.at("/2/tool_calls/0/type").asText()).isEqualTo("function");
        assertThat(history.at("/2/tool_calls/1/function/arguments").isTextual())
                .as("arguments go back as a JSON string")
                .isTrue();
        assertThat(history.at("/2/tool_calls/1/function/arguments").asText()).isEqualTo("{\"a\":10,\"b\":20}");
        String firstId = history.at("/2/tool_calls/0/id").asText();
        assertThat(history.at("/3/role").asText()).isEqualTo("tool");
        assertThat(history.at("/3/tool_call_id").asText()).isEqualTo(firstId);
        assertThat(history.at("/4/tool_call_id").asText())
                .isEqualTo(history.at("/2/tool_calls/1/id").asText());
    }

    @Test
    void aNamedToolChoiceIsSentAsAFunctionObject() throws Exception {
        remote.on("/v1/chat/completions", stream(SSE, delta("{\"content\":\"No.\"}"), finish("stop"), DONE));
        loop = new LoopHarness(dir, provider(Map.of()));

        loop.turn("hi", "m", ChatOptions.DEFAULT.withToolChoice(ToolChoice.named("add")));

        JsonNode body = remote.requests("/v1/chat/completions").getFirst().json();
        assertThat(body.at("/tool_choice/type").asText()).isEqualTo("function");
        assertThat(body.at("/tool_choice/function/name").asText()).isEqualTo("add");
    }

    @Test
    void aResponseFormatIsPassedThroughAndTheAnswerIsCheckedAgainstIt() throws Exception {
        remote.on(
                "/v1/chat/completions",
                stream(SSE, delta("{\"content\":\"{\\\"sky\\\": \\\"green\\\"}\"}"), finish("stop"), DONE));
        loop = new LoopHarness(dir, provider(Map.of()));
        ObjectNode schema = new ObjectMapper().createObjectNode().put("type", "object");
        schema.putObject("properties")
                .putObject("sky")
                .putArray("enum")
                .add("sunny")
                .add("grey");
        ResponseFormat format = new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, "weather", schema);

        List<ChatEvent> events = loop.turn("hi", "m", ChatOptions.DEFAULT.withResponseFormat(format));

        JsonNode body = remote.requests("/v1/chat/completions").getFirst().json();
        assertThat(body.at("/response_format/json_schema/schema")).isEqualTo(schema);
        assertThat(events)
                .filteredOn(e -> e instanceof ChatEvent.ErrorEvent)
                .extracting(e -> ((ChatEvent.ErrorEvent) e).code())
                .containsExactly("schema_violation");
        assertThat(((ChatEvent.Done) events.getLast()).finishReason()).isEqualTo(FinishReason.ERROR);
    }

    @Test
    void toolChoiceIsLeftOutWhenTheServerIsConfiguredNotToTakeIt() throws Exception {
        remote.on("/v1/chat/completions", stream(SSE, delta("{\"content\":\"No.\"}"), finish("stop"), DONE));
        loop = new LoopHarness(dir, provider(Map.of("send_tool_choice", "false")));

        loop.turn("hi", "m", ChatOptions.DEFAULT.withToolChoice(ToolChoice.REQUIRED));

        JsonNode body = remote.requests("/v1/chat/completions").getFirst().json();
        assertThat(body.has("tool_choice")).isFalse();
        assertThat(body.at("/messages/0/content").asText()).contains("You must call one of these tools");
    }

    @Test
    void argumentsThatAreNotJsonGiveAnErrorEventNotACall() throws Exception {
        remote.on(
                "/v1/chat/completions",
                stream(
                        SSE,
                        delta(
                                "{\"tool_calls\":[{\"index\":0,\"id\":\"x\",\"function\":{\"name\":\"add\",\"arguments\":\"{oops\"}}]}"),
                        finish("tool_calls"),
                        DONE));
        loop = new LoopHarness(dir, provider(Map.of()));

        List<ChatEvent> events = loop.turn("hi", "m", ChatOptions.DEFAULT);

        assertThat(events).extracting(ChatEvent::type).containsExactly("error", "done");
        assertThat(((ErrorEvent) events.get(0)).code()).isEqualTo("invalid_tool_call");
        assertThat(((ErrorEvent) events.get(0)).message())
                .contains("not a JSON object")
                .contains("{oops");
    }

    @Test
    void lengthIsReportedAndAnErrorChunkOrAStreamWithoutAFinishIsAnError() throws Exception {
        remote.on(
                "/v1/chat/completions",
                stream(SSE, delta("{\"content\":\"Long\"}"), finish("length"), DONE),
                stream(SSE, delta("{\"content\":\"a\"}"), data("{\"error\":{\"message\":\"kv cache full\"}}")),
                stream(SSE, delta("{\"content\":\"a\"}")));
        loop = new LoopHarness(dir, provider(Map.of()));

        List<ChatEvent> length = loop.turn("hi", "m", ChatOptions.DEFAULT);
        List<ChatEvent> failed = loop.turn("hi", "m", ChatOptions.DEFAULT);
        List<ChatEvent> cut = loop.turn("hi", "m", ChatOptions.DEFAULT);

        assertThat(((Done) length.getLast()).finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(((ErrorEvent) failed.get(1)).message()).contains("kv cache full");
        assertThat(((ErrorEvent) cut.get(1)).code()).isEqualTo("provider_protocol");
        assertThat(((Done) cut.getLast()).finishReason()).isEqualTo(FinishReason.ERROR);
    }

    @Test
    void aServerErrorStatusBecomesAnErrorEvent() throws Exception {
        remote.on(
                "/v1/chat/completions",
                json(503, "{\"error\":{\"message\":\"Loading model\",\"type\":\"unavailable\"}}"));
        loop = new LoopHarness(dir, provider(Map.of()));

        List<ChatEvent> events = loop.turn("hi", "m", ChatOptions.DEFAULT);

        assertThat(((ErrorEvent) events.get(0)).code()).isEqualTo("provider_error");
        assertThat(((ErrorEvent) events.get(0)).message()).contains("HTTP 503: Loading model");
        assertThat(((Done) events.getLast()).finishReason()).isEqualTo(FinishReason.ERROR);
    }

    @Test
    void aServerThatDiesMidStreamEndsTheTurnWithAnError() throws Exception {
        remote.on("/v1/chat/completions", FakeRemote.dies(SSE, delta("{\"content\":\"Half\"}")));
        loop = new LoopHarness(dir, provider(Map.of()));

        List<ChatEvent> events = loop.turn("hi", "m", ChatOptions.DEFAULT);

        assertThat(events).extracting(ChatEvent::type).containsExactly("token", "error", "done");
        assertThat(((ErrorEvent) events.get(1)).code()).isEqualTo("provider_disconnected");
        assertThat(((Done) events.getLast()).finishReason()).isEqualTo(FinishReason.ERROR);
    }

    @Test
    void modelsAreListedWithTheKey() {
        remote.on(
                "/v1/models",
                json(
                        200,
                        "{\"object\":\"list\",\"data\":[{\"id\":\"qwen2.5-7b-instruct\","
                                + "\"object\":\"model\",\"owned_by\":\"vllm\"}]}"));
        Config args = Config.just(
                ConfigSources.create(Map.of("base_url", remote.baseUrl() + "/v1", "api_key_env", "LOCAL_KEY")));
        try (OpenAiProvider provider = new OpenAiProvider(args, name -> "sk-local-123")) {
            assertThat(provider.models()).extracting(ModelInfo::name).containsExactly("qwen2.5-7b-instruct");
            assertThat(provider.model("qwen2.5-7b-instruct")).isPresent();
        }
        assertThat(remote.requests("/v1/models").getFirst().header("Authorization"))
                .isEqualTo("Bearer sk-local-123");
    }

    @Test
    void aMissingKeyVariableOrBaseUrlIsAClearConfigError() {
        Config noKey = Config.just(
                ConfigSources.create(Map.of("base_url", "http://127.0.0.1:1/v1", "api_key_env", "NOT_SET_ANYWHERE")));
        assertThatThrownBy(() -> new OpenAiProvider(noKey, name -> null))
                .hasMessage("args.api_key_env: the environment variable NOT_SET_ANYWHERE is not set");
        assertThatThrownBy(() -> new OpenAiProvider(Config.empty())).hasMessageStartingWith("args.base_url: missing");
        Config ftp = Config.just(ConfigSources.create(Map.of("base_url", "ftp://host/v1")));
        assertThatThrownBy(() -> new OpenAiProvider(ftp)).hasMessageContaining("must be an http or https URL");
    }
}
