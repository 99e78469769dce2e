package dev.tether.server;

import static dev.tether.server.ChatStreamTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /models}, {@code /tools}, {@code /healthz}, {@code /readyz}, {@code /metrics} and {@code GET /}. */
class ModelToolHealthTest {

    @TempDir
    static Path dir;

    static TestServer tether;
    static Http http;

    @BeforeAll
    static void start() {
        // web_search is off by default (it needs a key); enabled here to show how /tools reports a missing one
        tether = TestServer.start(
                dir,
                "scripted",
                TestServer.SCRIPT,
                "tools: { enabled: [get_current_time, weather, forecast, web_search] }");
        http = tether.http;
    }

    @AfterAll
    static void stop() {
        tether.close();
    }

    @Test
    void listsAndDescribesModels() {
        assertThat(http.get("/models").json()).extracting(JsonNode::asText).containsExactly("scripted", "other");
        JsonNode model = http.get("/models/scripted").json();
        assertThat(model.get("name").asText()).isEqualTo("scripted");
        assertThat(model.get("provider").asText()).isEqualTo("scripted");
        assertThat(model.get("loaded").asBoolean()).isTrue();
        assertError(http.get("/models/nope"), 404, "model_not_found");
    }

    @Test
    void unloadsAModel() {
        Http.Response unloaded = http.post("/models/unload", "{\"model_name\":\"scripted\"}");
        assertThat(unloaded.status()).isEqualTo(200);
        assertThat(unloaded.json().get("success").asBoolean()).isTrue();
        assertThat(unloaded.json().get("model_name").asText()).isEqualTo("scripted");
        assertError(http.post("/models/unload", "{\"model_name\":\"nope\"}"), 404, "model_not_found");
        assertError(http.post("/models/unload", "{}"), 400, "missing_field");
        assertError(http.method("PUT", "/models/unload", "{}"), 405, "method_not_allowed");
    }

    @Test
    void aProviderThatRendersNoTemplateSaysSoForTheTemplateRoute() {
        assertError(
                http.post("/models/scripted/template", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                400,
                "template_unsupported");
    }

    @Test
    void listsTheEnabledToolsWithTheirSchemas() {
        JsonNode tools = http.get("/tools").json();
        assertThat(enabled(tools)).containsExactly("get_current_time", "weather", "forecast", "web_search");
        JsonNode time = tools.get(0);
        assertThat(time.get("available").asBoolean()).isTrue();
        JsonNode search = tools.get(3);
        assertThat(search.get("available").asBoolean()).isFalse();
        assertThat(search.get("enabled").asBoolean()).isTrue();
        assertThat(search.get("reason").asText()).contains("BRAVE_API_KEY");
        assertThat(search.get("how_to_enable").asText()).contains("tools.registry entry named 'web_search'");
        assertThat(time.get("description").asText()).isNotBlank();
        assertThat(time.get("parameters").get("type").asText()).isEqualTo("object");
        assertThat(time.get("parameters").get("properties").has("timezone")).isTrue();
    }

    @Test
    void listsTheDisabledBuiltInsLastWithHowToEnableThem() {
        JsonNode tools = http.get("/tools").json();
        List<JsonNode> disabled = new ArrayList<>();
        tools.forEach(t -> {
            if (!t.get("enabled").asBoolean()) {
                disabled.add(t);
            }
        });

        assertThat(tools).hasSize(4 + disabled.size());
        assertThat(disabled)
                .extracting(t -> t.get("name").asText())
                .contains("read_file", "kb_search", "calendar_list_events", "mail_list");
        JsonNode readFile = disabled.stream()
                .filter(t -> t.get("name").asText().equals("read_file"))
                .findFirst()
                .orElseThrow();
        assertThat(readFile.get("available").asBoolean()).isFalse();
        assertThat(readFile.get("description").asText()).isNotBlank();
        assertThat(readFile.get("reason").asText()).isEqualTo("disabled: not in tools.enabled");
        assertThat(readFile.get("how_to_enable").asText())
                .startsWith("add read_file to tools.enabled")
                .contains("tools.registry entry named 'files'");
        assertThat(readFile.get("settings").asText()).isEqualTo("files");
        assertThat(readFile.get("parameters").get("type").asText()).isEqualTo("object");
    }

    @Test
    void byDefaultOnlyToolsThatWorkWithoutSetupAreEnabled(@TempDir Path own) {
        try (TestServer defaults = TestServer.start(own)) {
            JsonNode tools = defaults.http.get("/tools").json();
            assertThat(enabled(tools)).containsExactly("get_current_time", "weather", "forecast");
            assertThat(tools).anySatisfy(t -> assertThat(t.get("name").asText()).isEqualTo("web_search"));
        }
    }

    private static List<String> enabled(JsonNode tools) {
        List<String> names = new ArrayList<>();
        tools.forEach(t -> {
            if (t.get("enabled").asBoolean()) {
                names.add(t.get("name").asText());
            }
        });
        return names;
    }

    @Test
    void reportsHealthAndReadiness() {
        assertThat(http.get("/healthz").json().get("ok").asBoolean()).isTrue();
        JsonNode ready = http.get("/readyz").json();
        assertThat(ready.get("ready").asBoolean()).isTrue();
        assertThat(ready.get("store").asBoolean()).isTrue();
        assertThat(ready.get("provider").asBoolean()).isTrue();
    }

    @Test
    void countsRequestsTokensToolCallsAndErrorsInPrometheusText() {
        http.chat(tether.newSession(), "what time is it");
        http.get("/nowhere");

        Http.Response metrics = http.get("/metrics");

        assertThat(metrics.header("Content-Type")).startsWith("text/plain");
        assertThat(metrics.body())
                .contains("# TYPE tether_http_requests_total counter")
                .containsPattern("tether_http_requests_total\\{method=\"POST\",status=\"201\"} [1-9]")
                .containsPattern("tether_http_requests_total\\{method=\"GET\",status=\"404\"} [1-9]")
                .containsPattern("\ntether_http_errors_total [1-9]")
                .containsPattern("\ntether_tool_calls_total [1-9]")
                .containsPattern("\ntether_tokens_generated_total [1-9]")
                .contains("tether_chat_turns_total{finish_reason=\"stop\"}")
                .contains("\ntether_tokens_per_second ");
    }

    @Test
    void servesAPointerAtTheRootWithoutTheWebPage() {
        Http.Response root = http.get("/");
        assertThat(root.status()).isEqualTo(200);
    }
}
