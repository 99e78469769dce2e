package dev.tether.server.llamaserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.engine.Engine;
import dev.tether.engine.config.TetherConfig;
import dev.tether.server.Http;
import dev.tether.server.TetherServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A random-weight qwen3 GGUF (real Qwen3 tokenizer and chat template) served end to end by the whole server on
 * the real llama-server that {@code scripts/llama-server.sh} builds: real HTTP on a free port, a real SQLite file.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "finds llama-server's process through /proc")
class LlamaServerEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TURN_TIMEOUT = Duration.ofMinutes(3);
    /**
     * Room for a forced call from a random model: the schema lets it put whitespace between every JSON token, and
     * 48 tokens ran out before the call was complete for 2 of 30 seeds (160: none of those 30).
     */
    private static final int FORCED_TOKENS = 160;

    @TempDir
    Path dir;

    private QwenSetup setup;
    private Engine engine;
    private TetherServer server;
    private Http http;

    @BeforeEach
    void start() throws IOException {
        setup = QwenSetup.in(dir);
        engine = Engine.start(TetherConfig.load(Optional.of(setup.config()), Map.of(), k -> null), k -> null);
        server = new TetherServer(engine).start();
        http = new Http(server.url());
    }

    @AfterEach
    void stop() {
        try {
            server.stop();
        } finally {
            engine.close();
        }
    }

    @Test
    void streamsAnAnswerTokenByToken() {
        List<JsonNode> events = chat(newSession(), "Say hello.", Map.of("max_tokens", 24));

        assertThat(types(events)).as(events.toString()).doesNotContain("error");
        assertThat(types(events).stream()
                        .filter(t -> t.equals("token") || t.equals("think"))
                        .count())
                .as("streamed text events")
                .isGreaterThan(1);
        JsonNode done = last(events);
        assertThat(done.at("/data/finish_reason").asText()).isIn("stop", "length");
        assertThat(done.at("/data/usage/completion_tokens").asInt()).isPositive();
        assertThat(done.at("/data/usage/prompt_tokens").asInt()).isPositive();
    }

    @Test
    void aNamedToolChoiceYieldsACallThatRunsAndIsFedBackAndStored() {
        String session = newSession();
        List<JsonNode> events =
                chat(session, "Hello.", Map.of("max_tokens", FORCED_TOKENS, "tool_choice", "get_current_time"));

        assertForcedCallRan(events);
        List<JsonNode> stored = List.copyOf(
                toList(http.get("/sessions/" + session + "/messages").json()));
        assertThat(stored)
                .extracting(m -> m.get("role").asText())
                .containsExactly("user", "assistant", "tool", "assistant");
        JsonNode call = stored.get(1).at("/tool_calls/0");
        assertThat(
                        call.at("/name").isMissingNode()
                                ? call.at("/function/name").asText()
                                : call.at("/name").asText())
                .isEqualTo("get_current_time");
        assertThat(stored.get(2).get("tool_call_id").asText())
                .isEqualTo(callOf(events).at("/data/id").asText());
        assertThat(stored.get(3).has("tool_calls")
                        && !stored.get(3).get("tool_calls").isEmpty())
                .isFalse();
        assertThat(stored.get(3).path("content").asText()).isEqualTo(visibleText(events));
    }

    @Test
    void toolChoiceRequiredYieldsACallThatRuns() {
        List<JsonNode> events =
                chat(newSession(), "Hello.", Map.of("max_tokens", FORCED_TOKENS, "tool_choice", "required"));

        assertForcedCallRan(events);
    }

    @Test
    void modelInfoNamesTheEngineItsVersionAndDevices() {
        chat(newSession(), "Hi.", Map.of("max_tokens", 4));

        JsonNode info = http.get("/models/" + QwenSetup.NAME).json();
        assertThat(info.get("loaded").asBoolean()).as(info.toString()).isTrue();
        assertThat(info.get("state").asText()).as(info.toString()).isEqualTo("ready");
        assertThat(info.path("engine").asText()).as(info.toString()).isEqualTo("llama-server");
        assertThat(EngineInfo.version(info)).as(info.toString()).isNotBlank();
        assertThat(EngineInfo.devices(info)).as(info.toString()).isNotEmpty();
    }

    @Test
    void unloadEndsTheChild() throws InterruptedException {
        chat(newSession(), "Hi.", Map.of("max_tokens", 4));
        long pid = LlamaChildren.theOne(setup.model());

        JsonNode unloaded = http.post("/models/unload", "{\"model_name\":\"" + QwenSetup.NAME + "\"}")
                .json();

        assertThat(unloaded.get("was_loaded").asBoolean()).isTrue();
        LlamaChildren.assertExits(pid, "POST /models/unload");
        JsonNode after = http.get("/models/" + QwenSetup.NAME).json();
        assertThat(after.get("loaded").asBoolean()).isFalse();
        assertThat(after.get("state").asText()).isEqualTo("absent");
    }

    @Test
    void aKilledChildIsAnEngineCrashedErrorAndTheNextRequestRecovers() throws Exception {
        chat(newSession(), "Hi.", Map.of("max_tokens", 4));
        long pid = LlamaChildren.theOne(setup.model());
        List<JsonNode> events = new ArrayList<>();

        HttpResponse<InputStream> response =
                http.stream(body(newSession(), "Write a long story.", Map.of("max_tokens", 2000)));
        try (BufferedReader lines = Http.reader(response.body())) {
            String line = lines.readLine();
            events.add(JSON.readTree(line));
            LlamaChildren.kill(pid); // after the stream's first event: mid-stream
            while ((line = lines.readLine()) != null) {
                events.add(JSON.readTree(line));
            }
        }

        assertThat(events)
                .filteredOn(e -> e.get("type").asText().equals("error"))
                .extracting(e -> e.at("/data/code").asText())
                .containsExactly("engine_crashed");
        assertThat(last(events).at("/data/finish_reason").asText()).isEqualTo("error");
        List<JsonNode> next = chat(newSession(), "Hi again.", Map.of("max_tokens", 8));
        assertThat(types(next)).doesNotContain("error");
        assertThat(last(next).at("/data/finish_reason").asText()).isIn("stop", "length");
        assertThat(LlamaChildren.theOne(setup.model())).as("a new llama-server").isNotEqualTo(pid);
    }

    private void assertForcedCallRan(List<JsonNode> events) {
        assertThat(types(events)).as(events.toString()).doesNotContain("error");
        JsonNode call = callOf(events);
        assertThat(call.at("/data/name").asText()).isEqualTo("get_current_time");
        assertThat(call.at("/data/arguments").isObject()).as(call.toString()).isTrue();
        List<JsonNode> results = events.stream()
                .filter(e -> e.get("type").asText().equals("tool_result"))
                .toList();
        assertThat(results).hasSize(1);
        assertThat(results.get(0).at("/data/id").asText())
                .isEqualTo(call.at("/data/id").asText());
        assertThat(results.get(0).at("/data/tool_name").asText()).isEqualTo("get_current_time");
        assertThat(types(events).indexOf("tool_result"))
                .as("the answer after the result")
                .isLessThan(types(events).size() - 1);
        assertThat(last(events).at("/data/finish_reason").asText()).isIn("stop", "length");
    }

    private static JsonNode callOf(List<JsonNode> events) {
        List<JsonNode> calls = events.stream()
                .filter(e -> e.get("type").asText().equals("tool_call"))
                .toList();
        assertThat(calls).as("tool_call events in " + events).hasSize(1);
        return calls.get(0);
    }

    private static String visibleText(List<JsonNode> events) {
        StringBuilder text = new StringBuilder();
        boolean afterResult = false;
        for (JsonNode e : events) {
            String type = e.get("type").asText();
            afterResult |= type.equals("tool_result");
            if (afterResult && type.equals("token")) {
                text.append(e.at("/data/text").asText());
            }
        }
        return text.toString();
    }

    private String newSession() {
        return http.post("/sessions", "{}").json().get("session_id").asText();
    }

    private List<JsonNode> chat(String session, String prompt, Map<String, Object> options) {
        // a whole turn at once: its first event (a forced call) may take a while on a busy machine
        Http.Response response = http.send(HttpRequest.newBuilder(URI.create(http.base + "/chat/stream"))
                .timeout(TURN_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(session, prompt, options)))
                .build());
        String text = response.body();
        assertThat(response.status()).as(text).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                events.add(readTree(line));
            }
        }
        assertThat(last(events).get("type").asText())
                .as("the last event of " + events)
                .isEqualTo("done");
        return events;
    }

    private static String body(String session, String prompt, Map<String, Object> options) {
        return JSON.createObjectNode()
                .put("session_id", session)
                .put("prompt", prompt)
                .put("model_name", QwenSetup.NAME)
                .set("options", JSON.valueToTree(options))
                .toString();
    }

    private static JsonNode readTree(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.get("type").asText()).toList();
    }

    private static JsonNode last(List<JsonNode> events) {
        return events.get(events.size() - 1);
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list;
    }
}
