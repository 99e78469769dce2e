package dev.tether.engine.remote;

import static dev.tether.engine.remote.FakeRemote.json;
import static dev.tether.engine.remote.FakeRemote.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.chat.ChatEvent;
import dev.tether.engine.chat.ChatEvent.Done;
import dev.tether.engine.chat.ChatEvent.ErrorEvent;
import dev.tether.engine.chat.ChatEvent.Think;
import dev.tether.engine.chat.ChatEvent.ToolCallEvent;
import dev.tether.engine.chat.ChatEvent.ToolResultEvent;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.engine.chat.ToolChoice;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.GenerationResult;
import dev.tether.engine.model.ModelEvent;
import dev.tether.engine.model.ModelInfo;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OllamaProviderTest {

    private static final String NDJSON = "application/x-ndjson";
    private static final String DONE = "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},"
            + "\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":26,\"prompt_eval_duration\":130000000,"
            + "\"eval_count\":9,\"eval_duration\":450000000}\n";

    @TempDir
    Path dir;

    private final FakeRemote remote;
    private LoopHarness loop;

    OllamaProviderTest() throws Exception {
        remote = new FakeRemote();
    }

    @AfterEach
    void close() {
        if (loop != null) {
            loop.close();
        }
        remote.close();
    }

    private OllamaProvider provider(Map<String, String> extra) {
        Map<String, String> args = new HashMap<>(Map.of("base_url", remote.baseUrl(), "read_timeout_ms", "2000"));
        args.putAll(extra);
        return new OllamaProvider(Config.just(ConfigSources.create(args)));
    }

    private static String content(String text) {
        return "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"" + text
                + "\"},\"done\":false}\n";
    }

    @Test
    void aNativeToolCallRunsThroughTheToolLoopAndTheHistoryGoesBackInOllamasFormat() throws Exception {
        String call = "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":"
                + "[{\"function\":{\"name\":\"add\",\"arguments\":{\"a\":2,\"b\":3}}}]},\"done\":false}\n";
        int half = call.length() / 2;
        remote.on(
                "/api/chat",
                stream(
                        NDJSON,
                        "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"thinking\":"
                                + "\"They want a sum.\"},\"done\":false}\n",
                        content("Let me add. "),
                        // one NDJSON line split across two writes
                        call.substring(0, half),
                        call.substring(half),
                        DONE),
                stream(NDJSON, content("The sum "), content("is 5."), DONE));
        loop = new LoopHarness(dir, provider(Map.of("keep_alive", "10m", "models.0", "qwen3")));

        List<ChatEvent> events = loop.turn(
                "add 2 and 3", "qwen3", new ChatOptions(64, 0.2, 0.9, 7L, List.of("END"), null, ToolChoice.AUTO));

        assertThat(events)
                .extracting(ChatEvent::type)
                .containsExactly("think", "token", "tool_call", "tool_result", "token", "token", "done");
        assertThat(((Think) events.get(0)).text()).isEqualTo("They want a sum.");
        ToolCallEvent toolCall = (ToolCallEvent) events.get(2);
        assertThat(toolCall.name()).isEqualTo("add");
        assertThat(toolCall.arguments().get("b").asInt()).isEqualTo(3);
        assertThat(((ToolResultEvent) events.get(3)).result().get("sum").asInt())
                .isEqualTo(5);
        Done done = (Done) events.getLast();
        assertThat(done.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(done.usage().promptTokens()).isEqualTo(52);
        assertThat(done.usage().completionTokens()).isEqualTo(18);
        assertThat(done.usage().generationMs()).isEqualTo(900);

        List<Message> stored = loop.stored();
        assertThat(stored)
                .extracting(Message::role)
                .containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT);
        assertThat(stored.get(1).toolCalls())
                .singleElement()
                .extracting(c -> c.name())
                .isEqualTo("add");
        assertThat(stored.get(3).content()).isEqualTo("The sum is 5.");

        List<FakeRemote.Request> requests = remote.requests("/api/chat");
        assertThat(requests).hasSize(2);
        JsonNode first = requests.get(0).json();
        assertThat(first.get("model").asText()).isEqualTo("qwen3");
        assertThat(first.get("stream").asBoolean()).isTrue();
        assertThat(first.get("keep_alive").asText()).isEqualTo("10m");
        assertThat(first.at("/options/num_predict").asInt()).isEqualTo(64);
        assertThat(first.at("/options/temperature").asDouble()).isEqualTo(0.2);
        assertThat(first.at("/options/top_p").asDouble()).isEqualTo(0.9);
        assertThat(first.at("/options/seed").asLong()).isEqualTo(7);
        assertThat(first.at("/options/stop/0").asText()).isEqualTo("END");
        assertThat(first.at("/tools/0/type").asText()).isEqualTo("function");
        assertThat(first.at("/tools/0/function/name").asText()).isEqualTo("add");
        assertThat(first.at("/tools/0/function/parameters/properties/a/type").asText())
                .isEqualTo("integer");
        assertThat(first.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(first.at("/messages/0/content").asText())
                .as("native tools are not described in the prompt")
                .doesNotContain("<<function_call>>");
        assertThat(first.at("/messages/1/content").asText()).isEqualTo("add 2 and 3");

        JsonNode second = requests.get(1).json().get("messages");
        assertThat(second).hasSize(4);
        assertThat(second.at("/2/role").asText()).isEqualTo("assistant");
        assertThat(second.at("/2/content").asText()).isEqualTo("Let me add. ");
        assertThat(second.at("/2/tool_calls/0/function/name").asText()).isEqualTo("add");
        assertThat(second.at("/2/tool_calls/0/function/arguments/a").asInt()).isEqualTo(2);
        assertThat(second.at("/3/role").asText()).isEqualTo("tool");
        assertThat(second.at("/3/tool_name").asText()).isEqualTo("add");
        assertThat(second.at("/3/content").asText()).contains("\"sum\":5");
    }

    @Test
    void severalToolCallsInOneAnswerAreRunInOrder() throws Exception {
        remote.on(
                "/api/chat",
                stream(
                        NDJSON,
                        "{\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
                                + "{\"function\":{\"name\":\"add\",\"arguments\":{\"a\":1,\"b\":1}}},"
                                + "{\"function\":{\"name\":\"add\",\"arguments\":{\"a\":2,\"b\":2}}}]},\"done\":false}\n",
                        DONE),
                stream(NDJSON, content("2 and 4."), DONE));
        loop = new LoopHarness(dir, provider(Map.of("models.0", "qwen3")));

        List<ChatEvent> events = loop.turn("sums", "qwen3", ChatOptions.DEFAULT);

        assertThat(events)
                .extracting(ChatEvent::type)
                .containsExactly("tool_call", "tool_call", "tool_result", "tool_result", "token", "done");
        assertThat(events)
                .filteredOn(e -> e instanceof ToolResultEvent)
                .extracting(e -> ((ToolResultEvent) e).result().get("sum").asInt())
                .containsExactly(2, 4);
    }

    @Test
    void modelsAreListedFromApiTags() {
        remote.on("/api/tags", json(200, """
                {"models":[{"name":"qwen3:8b","model":"qwen3:8b","size":5200000000,
                  "details":{"family":"qwen3","parameter_size":"8.2B","quantization_level":"Q4_K_M"}},
                 {"name":"llama3.2:latest","size":2000000000,"details":{}}]}"""));
        try (OllamaProvider provider = provider(Map.of())) {
            assertThat(provider.models()).extracting(ModelInfo::name).containsExactly("qwen3:8b", "llama3.2:latest");
            assertThat(provider.models().getFirst().details())
                    .containsEntry("quantization_level", "Q4_K_M")
                    .containsEntry("size_bytes", 5200000000L);
            assertThat(provider.models().getFirst().provider()).isEqualTo("ollama");
            assertThat(remote.requests("/api/tags"))
                    .as("the listing is reused within models_ttl_ms")
                    .hasSize(1);
        }
    }

    @Test
    void anUnreachableServerListsNoModelsAndFailsATurnWithAnError() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        OllamaProvider provider = new OllamaProvider(
                Config.just(ConfigSources.create(Map.of("base_url", "http://127.0.0.1:" + closedPort))));
        assertThat(provider.models()).isEmpty();
        List<ModelEvent> chunks = new ArrayList<>();
        try (provider) {
            var thrown = catchThrowableOfType(
                    EngineException.class, () -> provider.generate(request("qwen3", new Cancellation()), chunks::add));
            assertThat(thrown.code()).isEqualTo("provider_unreachable");
            assertThat(thrown.getMessage()).contains("127.0.0.1:" + closedPort);
        }
        assertThat(chunks).isEmpty();
    }

    @Test
    void anHttpErrorBecomesAnErrorEventWithOllamasMessage() throws Exception {
        remote.on("/api/chat", json(400, "{\"error\":\"registry.ollama.ai/library/gemma:2b does not support tools\"}"));
        loop = new LoopHarness(dir, provider(Map.of("models.0", "gemma:2b")));

        List<ChatEvent> events = loop.turn("hi", "gemma:2b", ChatOptions.DEFAULT);

        assertThat(events).extracting(ChatEvent::type).containsExactly("error", "done");
        ErrorEvent error = (ErrorEvent) events.get(0);
        assertThat(error.code()).isEqualTo("provider_rejected");
        assertThat(error.message()).contains("HTTP 400").contains("does not support tools");
        assertThat(((Done) events.get(1)).finishReason()).isEqualTo(FinishReason.ERROR);
    }

    @Test
    void aServerThatDiesMidStreamEndsTheTurnWithAnErrorAndKeepsWhatCame() throws Exception {
        remote.on("/api/chat", FakeRemote.dies(NDJSON, content("Half an ")));
        loop = new LoopHarness(dir, provider(Map.of("models.0", "qwen3")));

        List<ChatEvent> events = loop.turn("hi", "qwen3", ChatOptions.DEFAULT);

        assertThat(events).extracting(ChatEvent::type).containsExactly("token", "error", "done");
        assertThat(((ErrorEvent) events.get(1)).code()).isEqualTo("provider_disconnected");
        assertThat(((Done) events.get(2)).finishReason()).isEqualTo(FinishReason.ERROR);
        assertThat(loop.stored().get(1).content()).isEqualTo("Half an ");
        assertThat(loop.stored().get(1).finishReason()).isEqualTo(FinishReason.ERROR);
    }

    @Test
    void aStreamThatEndsWithoutDoneIsAnError() throws Exception {
        remote.on("/api/chat", stream(NDJSON, content("Cut")));
        loop = new LoopHarness(dir, provider(Map.of("models.0", "qwen3")));

        List<ChatEvent> events = loop.turn("hi", "qwen3", ChatOptions.DEFAULT);

        assertThat(events).extracting(ChatEvent::type).containsExactly("token", "error", "done");
        assertThat(((ErrorEvent) events.get(1)).code()).isEqualTo("provider_protocol");
        assertThat(((ErrorEvent) events.get(1)).message()).contains("ended the stream before the answer was done");
    }

    @Test
    void aMalformedLineAndAnInStreamErrorAreReported() throws Exception {
        remote.on(
                "/api/chat",
                stream(NDJSON, content("a"), "not json\n"),
                stream(NDJSON, "{\"error\":\"out of memory\"}\n"));
        loop = new LoopHarness(dir, provider(Map.of("models.0", "qwen3")));

        List<ChatEvent> malformed = loop.turn("hi", "qwen3", ChatOptions.DEFAULT);
        List<ChatEvent> failed = loop.turn("hi", "qwen3", ChatOptions.DEFAULT);

        assertThat(((ErrorEvent) malformed.get(1)).code()).isEqualTo("provider_protocol");
        assertThat(((ErrorEvent) failed.get(0)).code()).isEqualTo("provider_error");
        assertThat(((ErrorEvent) failed.get(0)).message()).contains("out of memory");
    }

    @Test
    void aSilentServerTimesOutInsteadOfHanging() throws Exception {
        remote.on("/api/chat", remote.stall(NDJSON, content("Thinking")));
        loop = new LoopHarness(dir, provider(Map.of("models.0", "qwen3", "read_timeout_ms", "300")));

        long start = System.nanoTime();
        List<ChatEvent> events = loop.turn("hi", "qwen3", ChatOptions.DEFAULT);

        assertThat(events).extracting(ChatEvent::type).containsExactly("token", "error", "done");
        assertThat(((ErrorEvent) events.get(1)).code()).isEqualTo("provider_timeout");
        assertThat(((ErrorEvent) events.get(1)).message()).contains("300 ms");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
    }

    @Test
    void cancellingStopsAStreamPromptly() throws Exception {
        remote.on("/api/chat", remote.stall(NDJSON, content("Thinking")));
        Cancellation cancel = new Cancellation();
        try (OllamaProvider provider = provider(Map.of("read_timeout_ms", "60000"))) {
            List<ModelEvent> chunks = new CopyOnWriteArrayList<>();
            CompletableFuture<GenerationResult> result =
                    CompletableFuture.supplyAsync(() -> provider.generate(request("qwen3", cancel), chunks::add));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (chunks.isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            cancel.cancel();

            assertThat(result.get(10, TimeUnit.SECONDS).finishReason()).isEqualTo(FinishReason.CANCELLED);
            assertThat(chunks).containsExactly(new ModelEvent.Text("Thinking"));
        }
    }

    @Test
    void unloadAsksOllamaToDropTheModel() {
        remote.on("/api/generate", json(200, "{\"model\":\"qwen3\",\"done\":true,\"done_reason\":\"unload\"}"));
        try (OllamaProvider provider = provider(Map.of())) {
            assertThat(provider.unload("qwen3")).isTrue();
        }
        JsonNode body = remote.requests("/api/generate").getFirst().json();
        assertThat(body.get("model").asText()).isEqualTo("qwen3");
        assertThat(body.get("keep_alive").asInt()).isZero();
    }

    @Test
    void withAPromptedToolFormatTheToolsAreTaughtInThePromptAndCallsReadFromTheText() throws Exception {
        remote.on(
                "/api/chat",
                stream(
                        NDJSON,
                        "{\"message\":{\"role\":\"assistant\",\"content\":\"\",\"thinking\":\"hm\"},\"done\":false}\n",
                        content("<<function_call>> {\\\"name\\\": \\\"add\\\", "),
                        content("\\\"arguments\\\": {\\\"a\\\": 1, \\\"b\\\": 2}}"),
                        DONE),
                stream(NDJSON, content("3."), DONE));
        loop = new LoopHarness(dir, provider(Map.of("models.0", "gemma:2b", "tool_format", "seed", "think", "true")));

        List<ChatEvent> events = loop.turn("add", "gemma:2b", ChatOptions.DEFAULT);

        assertThat(events)
                .extracting(ChatEvent::type)
                .containsExactly("think", "tool_call", "tool_result", "token", "done");
        assertThat(((ToolResultEvent) events.get(2)).result().get("sum").asInt())
                .isEqualTo(3);
        JsonNode first = remote.requests("/api/chat").getFirst().json();
        assertThat(first.has("tools"))
                .as("no native tools for a model without tool support")
                .isFalse();
        assertThat(first.get("think").asBoolean()).isTrue();
        assertThat(first.at("/messages/0/content").asText())
                .contains("<<function_call>>")
                .contains("add");
    }

    @Test
    void anUnknownToolFormatIsAConfigError() {
        var thrown =
                catchThrowableOfType(IllegalArgumentException.class, () -> provider(Map.of("tool_format", "yaml")));
        assertThat(thrown).hasMessageStartingWith("args.tool_format: native, or unknown tool format 'yaml'");
    }

    static GenerationRequest request(String model, Cancellation cancel) {
        return new GenerationRequest(
                model, List.of(Message.system("s"), Message.user("hi")), List.of(), ChatOptions.DEFAULT, cancel, null);
    }
}
