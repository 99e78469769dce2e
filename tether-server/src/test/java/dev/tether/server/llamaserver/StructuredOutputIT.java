package dev.tether.server.llamaserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.tether.engine.Engine;
import dev.tether.engine.config.TetherConfig;
import dev.tether.server.Http;
import dev.tether.server.TetherServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
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
 * Structured output on the real llama-server with the random-weight qwen3 model: whatever the random weights
 * pick, llama-server's schema-constrained sampling makes the answer parse and match the schema, for two schemas
 * with nested objects, enums and a bounded array, through the OpenAI API and through {@code /chat/stream}.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "as LlamaServerEndToEndIT")
class StructuredOutputIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every string and array bounded, so a random model's answer ends well within the token budget. */
    private static final String WEATHER = """
            {"type": "object", "additionalProperties": false, "required": ["place", "sky", "wind"],
             "properties": {
               "place": {"type": "object", "additionalProperties": false, "required": ["city", "country"],
                         "properties": {"city": {"type": "string", "maxLength": 12},
                                        "country": {"enum": ["NO", "FR", "JP"]}}},
               "sky": {"enum": ["sunny", "cloudy", "rain"]},
               "wind": {"type": "object", "additionalProperties": false, "required": ["strong", "direction"],
                        "properties": {"strong": {"type": "boolean"},
                                       "direction": {"enum": ["N", "E", "S", "W"]}}}}}""";

    private static final String ORDER = """
            {"type": "object", "additionalProperties": false, "required": ["status", "items"],
             "properties": {
               "status": {"enum": ["open", "shipped", "cancelled"]},
               "items": {"type": "array", "minItems": 1, "maxItems": 3,
                         "items": {"type": "object", "additionalProperties": false, "required": ["sku", "size"],
                                   "properties": {"sku": {"enum": ["A1", "B2", "C3"]},
                                                  "size": {"enum": ["S", "M", "L"]}}}}}}""";
    private static final int MAX_TOKENS = 400;
    private static final Duration TURN_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    private Engine engine;
    private TetherServer server;
    private Http http;

    @BeforeEach
    void start() throws IOException {
        QwenSetup setup = QwenSetup.in(dir);
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
    void chatCompletionsAnswerParsesAndMatchesEitherSchema() throws IOException {
        for (String schema : List.of(WEATHER, ORDER)) {
            for (int seed : new int[] {1}) {
                ObjectNode body = JSON.createObjectNode()
                        .put("model", QwenSetup.NAME)
                        .put("max_tokens", MAX_TOKENS)
                        .put("seed", seed);
                body.putArray("messages").addObject().put("role", "user").put("content", "Report.");
                body.putObject("response_format")
                        .put("type", "json_schema")
                        .putObject("json_schema")
                        .put("name", "report")
                        .set("schema", JSON.readTree(schema));
                Http.Response response =
                        http.send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/chat/completions"))
                                .timeout(TURN_TIMEOUT)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                .build());

                assertThat(response.status()).as(response.body()).isEqualTo(200);
                assertThat(response.json().at("/choices/0/finish_reason").asText())
                        .as(response.body())
                        .isEqualTo("stop");
                assertMatches(
                        schema, response.json().at("/choices/0/message/content").asText());
            }
        }
    }

    @Test
    void chatStreamAnswerParsesAndMatchesTheSchemaAndIsStored() throws IOException {
        String session = http.post("/sessions", "{}").json().get("session_id").asText();
        String body =
                "{\"session_id\": \"" + session + "\", \"prompt\": \"Report.\", \"model_name\": \"" + QwenSetup.NAME
                        + "\", \"options\": {\"max_tokens\": " + MAX_TOKENS + ", \"seed\": 3, \"response_format\": "
                        + "{\"type\": \"json_schema\", \"json_schema\": {\"schema\": " + ORDER + "}}}}";
        List<JsonNode> events = http.chat(body);

        assertThat(events)
                .as(events.toString())
                .extracting(e -> e.get("type").asText())
                .doesNotContain("error");
        assertThat(events.getLast().at("/data/finish_reason").asText()).isEqualTo("stop");
        StringBuilder text = new StringBuilder();
        events.stream()
                .filter(e -> e.get("type").asText().equals("token"))
                .forEach(e -> text.append(e.at("/data/text").asText()));
        assertMatches(ORDER, text.toString());
        JsonNode stored = http.get("/sessions/" + session + "/messages").json();
        assertThat(stored.get(stored.size() - 1).get("content").asText()).isEqualTo(text.toString());
    }

    private static void assertMatches(String schema, String answer) throws IOException {
        JsonNode value = JSON.readTree(answer);
        Schema compiled = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(JSON.readTree(schema));
        assertThat(compiled.validate(value)).as(answer).isEmpty();
    }
}
