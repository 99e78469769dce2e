package dev.tether.server;

import static dev.tether.server.ChatStreamTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.engine.Engine;
import dev.tether.engine.config.TetherConfig;
import dev.tether.engine.llamacpp.GgufWriter;
import dev.tether.engine.llamacpp.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /models/{name}/template} over a real socket, on the llama.cpp provider's embedded engine, where Tether
 * renders the template itself (no model is loaded for it). Pinned to it: with a llama-server found (an installed
 * engine, the scripts/llama-server.sh cache) llama-server would render instead.
 */
class TemplateEndpointTest {

    private static final String CONVERSATION = """
            {"messages": [
              {"role": "system", "content": "You are terse."},
              {"role": "user", "content": "Weather in Zürich?"},
              {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function",
                "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"Zürich\\"}"}}]},
              {"role": "tool", "tool_call_id": "call_1", "content": "{\\"temp_c\\": 3}"}
            ],
            "tools": [{"type": "function", "function": {"name": "get_weather", "description": "Current weather",
              "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}]%s}""";

    private static final String CHATML = "{% for message in messages %}<|im_start|>{{ message.role }}\n"
            + "{{ message.content }}<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n"
            + "{% endif %}";

    /** Templates from a red team: minutes of CPU, gigabytes of strings, a stack overflow (each a 500 or worse). */
    private static final Map<String, String> HOSTILE = Map.of(
            "hostile-steps",
            "{% for i in range(99999) %}{% set x = range(99999)|list %}{% endfor %}",
            "hostile-center",
            "{{ 'a'|center(2000000000) }}",
            "hostile-doubling",
            "{% set ns = namespace(s='ab') %}{% for i in range(64) %}{% set ns.s = ns.s + ns.s %}" + "{% endfor %}",
            "hostile-nesting",
            "{{ " + "(".repeat(20_000) + "1" + ")".repeat(20_000) + " }}");

    @TempDir
    static Path dir;

    static Engine engine;
    static TetherServer server;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        Path dist = Files.createDirectories(dir.resolve("dist"));
        Files.copy(TestModels.tiny(), dist.resolve("tether-tiny.gguf"));
        HOSTILE.forEach((name, template) -> {
            try {
                GgufWriter.write(
                        GgufWriter.Spec.tiny().withChatTemplate(template + CHATML), dist.resolve(name + ".gguf"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Path config = dir.resolve("tether.yml");
        Files.writeString(config, """
                host: 127.0.0.1
                port: 0
                providers:
                  model: { impl: llamacpp, args: { engine: embedded, dist_root: "%s" } }
                  session_store: { url: "jdbc:sqlite:%s" }
                """.formatted(path(dist), path(dir.resolve("tether.db"))));
        engine = Engine.start(TetherConfig.load(Optional.of(config), Map.of(), name -> null), name -> null);
        server = new TetherServer(engine).start();
        http = new Http("http://127.0.0.1:" + server.port());
    }

    private static String path(Path path) {
        return path.toAbsolutePath().toString().replace("\\", "/");
    }

    @AfterAll
    static void stop() {
        server.stop();
        engine.close();
    }

    @Test
    void showsThePromptWithToolsCallsAndResultsEndingWithTheAssistantHeader() {
        Http.Response response = http.post("/models/tether-tiny/template", CONVERSATION.formatted(""));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        String prompt = response.json().get("prompt").asText();
        // the tiny model's own template lists the tools and writes a tool turn, but not the call itself
        assertThat(prompt)
                .startsWith("<|im_start|>system\nYou are terse.\n\n# Tools\n\n<tools>\n"
                        + "{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"description\": "
                        + "\"Current weather\", \"parameters\": {\"type\": \"object\", \"properties\": "
                        + "{\"city\": {\"type\": \"string\"}}}}}\n</tools>\n")
                .endsWith("<|im_start|>user\nWeather in Zürich?<|im_end|>\n<|im_start|>assistant\n<|im_end|>\n"
                        + "<|im_start|>tool\n{\"temp_c\": 3}<|im_end|>\n<|im_start|>assistant\n");
        assertThat(http.post("/api/v1/models/tether-tiny/template", CONVERSATION.formatted(""))
                        .json())
                .isEqualTo(response.json());
    }

    @Test
    void withoutTheGenerationPromptTheLastTurnIsTheLastMessage() {
        String prompt = http.post(
                        "/models/tether-tiny/template", CONVERSATION.formatted(", \"add_generation_prompt\": false"))
                .json()
                .get("prompt")
                .asText();

        assertThat(prompt).endsWith("<|im_start|>tool\n{\"temp_c\": 3}<|im_end|>\n");
    }

    @Test
    void aHostileTemplateIsARenderErrorAndTheBuiltInFormatAnswers() {
        for (String model : HOSTILE.keySet()) {
            Http.Response response = http.post("/models/" + model + "/template", CONVERSATION.formatted(""));

            assertThat(response.status()).as(model + ": " + response.body()).isEqualTo(200);
            assertThat(response.json().get("prompt").asText())
                    .as(model)
                    .contains("<|im_start|>user\nWeather in Zürich?<|im_end|>")
                    .endsWith("<|im_start|>assistant\n");
            assertThat(http.get("/healthz").status()).isEqualTo(200);
        }
    }

    @Test
    void badInputGetsAClearJsonError() {
        assertError(http.post("/models/nope/template", CONVERSATION.formatted("")), 404, "model_not_found");
        assertError(http.post("/models/tether-tiny/template", "{\"messages\": []}"), 400, "missing_messages");
        assertError(
                http.post("/models/tether-tiny/template", "{\"messages\": [{\"role\": \"wizard\"}]}"),
                400,
                "invalid_field");
        assertError(
                http.post("/models/tether-tiny/template", CONVERSATION.formatted(", \"add_generation_prompt\": 1")),
                400,
                "invalid_field");
        assertError(
                http.post("/models/tether-tiny/template", "{\"messages\": [{\"role\": \"tool\", \"content\": \"x\"}]}"),
                400,
                "invalid_field");
        assertError(http.post("/models/tether-tiny/template", "not json"), 400, "invalid_json");
        assertThat(http.get("/models/tether-tiny/template").status()).isEqualTo(405);
    }
}
