package dev.tether.toolsets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.engine.Engine;
import dev.tether.engine.chat.ChatEvent;
import dev.tether.engine.chat.ChatEvent.ToolResultEvent;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.engine.config.TetherConfig;
import dev.tether.engine.loop.Turn;
import dev.tether.engine.loop.TurnRequest;
import dev.tether.engine.session.Session;
import dev.tether.tool.ToolSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data tools in a real chat: configured from YAML (anchors share the files and knowledge base args), called by
 * the scripted model with the seed protocol through the engine's tool loop, results stored in SQLite.
 */
class DataToolsChatTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private com.sun.net.httpserver.HttpServer openMeteo;
    private Engine engine;
    private Path docs;

    @BeforeEach
    void start() throws Exception {
        docs = Files.createDirectories(dir.resolve("docs")).toRealPath();
        Files.writeString(docs.resolve("plan.md"), "# Plan\nCover the roses with fleece before the first frost.\n");
        Files.writeString(Files.createDirectories(dir.resolve("outside")).resolve("secret.txt"), "TOP SECRET");
        openMeteo =
                com.sun.net.httpserver.HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        openMeteo.createContext("/v1/search", e -> answer(e, """
                {"results":[{"name":"Berlin","latitude":52.52,"longitude":13.41,"country":"Germany",
                "timezone":"Europe/Berlin"}]}"""));
        openMeteo.createContext("/v1/forecast", e -> answer(e, """
                {"timezone":"Europe/Berlin","current_units":{"temperature_2m":"°C"},
                "current":{"time":"2026-11-25T20:00","temperature_2m":3.4,"apparent_temperature":-0.6,
                "relative_humidity_2m":87,"precipitation":0.0,"weather_code":3,"wind_speed_10m":12.2,
                "wind_direction_10m":250}}"""));
        openMeteo.createContext("/res/v1/web/search", e -> answer(e, """
                {"type":"search","web":{"type":"search","results":[{"title":"Tether","url":"https://example.org/t",
                "description":"A <strong>local</strong> LLM service","type":"search_result"}]}}"""));
        openMeteo.start();
        Path script = Files.writeString(dir.resolve("script.yml"), SCRIPT);
        Path config = Files.writeString(dir.resolve("tether.yml"), config(script));
        Map<String, String> env = Map.of("TEST_BRAVE_KEY", "key-1");
        engine = Engine.start(TetherConfig.load(Optional.of(config), Map.of(), env::get), env::get);
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.tools().close();
            engine.close();
        }
        openMeteo.stop(0);
    }

    private static final String SCRIPT = """
            models: [scripted]
            rules:
              - { on: user, match: "^read plan", chunks: ["Reading. ", "<<function_call>> {\\"name\\": \\"read_file\\", ",
                  "\\"arguments\\": {\\"path\\": \\"plan.md\\"}}"] }
              - { on: user, match: "^secret", chunks: ["<<function_call>> {\\"name\\": \\"read_file\\", \\"arguments\\": {\\"path\\": \\"../outside/secret.txt\\"}}"] }
              - { on: user, match: "^list", chunks: ["<<function_call>> {\\"name\\": \\"list_files\\", \\"arguments\\": {\\"path\\": \\".\\"}}"] }
              - { on: user, match: "^find", chunks: ["<<function_call>> {\\"name\\": \\"search_files\\", \\"arguments\\": {\\"content\\": \\"fleece\\"}}"] }
              - { on: user, match: "^info", chunks: ["<<function_call>> {\\"name\\": \\"file_info\\", \\"arguments\\": {\\"path\\": \\"plan.md\\"}}"] }
              - { on: user, match: "^save", chunks: ["<<function_call>> {\\"name\\": \\"write_file\\", \\"arguments\\": {\\"path\\": \\"todo.txt\\", \\"content\\": \\"buy fleece\\"}}"] }
              - { on: user, match: "^roses", chunks: ["<<function_call>> {\\"name\\": \\"kb_search\\", \\"arguments\\": {\\"query\\": \\"roses frost\\"}}"] }
              - { on: user, match: "^status", chunks: ["<<function_call>> {\\"name\\": \\"kb_index_status\\", \\"arguments\\": {\\"refresh\\": true}}"] }
              - { on: user, match: "^weather", chunks: ["<<function_call>> {\\"name\\": \\"weather\\", \\"arguments\\": {\\"location\\": \\"Berlin\\"}}"] }
              - { on: user, match: "^forecast", chunks: ["<<function_call>> {\\"name\\": \\"forecast\\", \\"arguments\\": {\\"location\\": \\"Berlin\\", \\"days\\": 17}}"] }
              - { on: user, match: "^web", chunks: ["<<function_call>> {\\"name\\": \\"web_search\\", \\"arguments\\": {\\"query\\": \\"tether\\"}}"] }
              - { on: tool, match: ".*", chunks: ["Done."] }
            """;

    private String config(Path script) {
        String url = "http://127.0.0.1:" + openMeteo.getAddress().getPort();
        return """
                data_dir: "%s"
                providers:
                  model: { impl: scripted, args: { script: "%s" } }
                  session_store: { url: "jdbc:sqlite:%s" }
                tools:
                  registry:
                    - { name: weather, impl: dev.tether.toolsets.web.WeatherTool,
                        args: { geocoding_url: "%s/v1/search", forecast_url: "%s/v1/forecast", timeout_sec: 5 } }
                    - { name: forecast, impl: dev.tether.toolsets.web.ForecastTool,
                        args: { geocoding_url: "%s/v1/search", forecast_url: "%s/v1/forecast" } }
                    - { name: web_search, impl: dev.tether.toolsets.web.WebSearchTool,
                        args: { api_key_env: TEST_BRAVE_KEY, url: "%s/res/v1/web/search" } }
                    - { name: web_search_nokey, impl: dev.tether.toolsets.web.WebSearchTool }
                    - name: read_file
                      impl: dev.tether.toolsets.files.ReadFileTool
                      args: &files { roots: ["%s"], max_read_bytes: 65536 }
                    - { name: list_files, impl: dev.tether.toolsets.files.ListFilesTool, args: *files }
                    - { name: search_files, impl: dev.tether.toolsets.files.SearchFilesTool, args: *files }
                    - { name: file_info, impl: dev.tether.toolsets.files.FileInfoTool, args: *files }
                    - { name: write_file, impl: dev.tether.toolsets.files.WriteFileTool,
                        args: { roots: ["%s"], writable: true } }
                    - { name: write_file_readonly, impl: dev.tether.toolsets.files.WriteFileTool, args: *files }
                    - name: kb_search
                      impl: dev.tether.toolsets.kb.KbSearchTool
                      args: &kb { folders: ["%s"], index: notes, wait_sec: 30 }
                    - { name: kb_index_status, impl: dev.tether.toolsets.kb.KbIndexStatusTool, args: *kb }
                  enabled: [weather, forecast, web_search, web_search_nokey, read_file, list_files, search_files,
                            file_info, write_file, write_file_readonly, kb_search, kb_index_status]
                """.formatted(
                dir.resolve("data"), script, dir.resolve("tether.db"), url, url, url, url, url, docs, docs, docs);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private record Outcome(List<ChatEvent> events, List<Message> stored) {
        ToolResultEvent result() {
            return events.stream()
                    .filter(e -> e instanceof ToolResultEvent)
                    .map(e -> (ToolResultEvent) e)
                    .findFirst()
                    .orElseThrow();
        }

        JsonNode storedResult() throws IOException {
            Message tool = stored.stream()
                    .filter(m -> m.role() == Role.TOOL)
                    .findFirst()
                    .orElseThrow();
            return JSON.readTree(tool.content());
        }
    }

    private Outcome chat(String prompt) {
        Session session = engine.store().create("data tools", null);
        List<ChatEvent> events = new CopyOnWriteArrayList<>();
        try (Turn turn =
                engine.orchestrator().begin(new TurnRequest(session.id(), prompt, null, ChatOptions.DEFAULT))) {
            turn.run(events::add);
        }
        return new Outcome(events, engine.store().messages(session.id()));
    }

    @Test
    void everyToolIsListedAndTheUnconfiguredOnesSayWhy() {
        assertThat(engine.tools().specs())
                .extracting(ToolSpec::name)
                .containsExactly(
                        "weather",
                        "forecast",
                        "web_search",
                        "read_file",
                        "list_files",
                        "search_files",
                        "file_info",
                        "write_file",
                        "kb_search",
                        "kb_index_status");
        assertThat(engine.tools().unavailable()).containsOnlyKeys("web_search_nokey", "write_file_readonly");
        assertThat(engine.tools().unavailable().get("web_search_nokey")).contains("BRAVE_API_KEY");
        assertThat(engine.tools().unavailable().get("write_file_readonly")).contains("writable: true");
        JsonNode forecastDays = engine.tools()
                .spec("forecast")
                .orElseThrow()
                .inputSchema()
                .path("properties")
                .path("days");
        assertThat(forecastDays.path("minimum").asInt()).isEqualTo(1);
        assertThat(forecastDays.path("maximum").asInt()).isEqualTo(16);
        JsonNode weather = engine.tools().spec("weather").orElseThrow().inputSchema();
        assertThat(weather.path("properties").path("units").path("enum"))
                .extracting(JsonNode::asText)
                .containsExactly("metric", "imperial");
        assertThat(weather.path("required")).extracting(JsonNode::asText).containsExactly("location");
        JsonNode search =
                engine.tools().spec("search_files").orElseThrow().inputSchema().path("properties");
        assertThat(search.fieldNames())
                .toIterable()
                .containsExactly("path", "name", "content", "case_sensitive", "max_results");
    }

    @Test
    void readFileInChat() throws Exception {
        Outcome outcome = chat("read plan please");

        ToolResultEvent result = outcome.result();
        assertThat(result.error()).isNull();
        assertThat(result.result().path("content").asText()).contains("Cover the roses");
        assertThat(outcome.storedResult().path("path").asText())
                .isEqualTo(docs.resolve("plan.md").toString());
        assertThat(outcome.stored().getLast().content()).isEqualTo("Done.");
    }

    @Test
    void anEscapeAttemptInChatIsAnErrorResultAndLeaksNothing() throws Exception {
        Outcome outcome = chat("secret file please");

        assertThat(outcome.result().error()).startsWith("refused");
        assertThat(outcome.storedResult().path("error").asText()).startsWith("refused");
        assertThat(outcome.stored()).extracting(Message::content).noneMatch(c -> c.contains("TOP SECRET"));
    }

    @Test
    void kbSearchInChatCitesThePassage() throws Exception {
        Outcome outcome = chat("roses: how do I protect them?");

        JsonNode passage = outcome.storedResult().path("passages").path(0);
        assertThat(passage.path("path").asText())
                .isEqualTo(docs.resolve("plan.md").toString());
        assertThat(passage.path("line_start").asInt()).isEqualTo(1);
        assertThat(passage.path("line_end").asInt()).isEqualTo(2);
        assertThat(passage.path("text").asText()).contains("fleece");
    }

    @Test
    void listFilesInChat() throws Exception {
        JsonNode listing = chat("list my files").storedResult();

        assertThat(listing.path("entries"))
                .extracting(e -> e.path("path").asText())
                .containsExactly(docs.resolve("plan.md").toString());
    }

    @Test
    void searchFilesInChat() throws Exception {
        JsonNode hit = chat("find fleece").storedResult().path("files").path(0);

        assertThat(hit.path("path").asText()).isEqualTo(docs.resolve("plan.md").toString());
        assertThat(hit.path("matches").path(0).path("line").asInt()).isEqualTo(2);
    }

    @Test
    void fileInfoInChat() throws Exception {
        JsonNode info = chat("info on the plan").storedResult();

        assertThat(info.path("kind").asText()).isEqualTo("text");
        assertThat(info.path("lines").asInt()).isEqualTo(2);
    }

    @Test
    void writeFileInChat() throws Exception {
        JsonNode written = chat("save a todo").storedResult();

        assertThat(written.path("path").asText())
                .isEqualTo(docs.resolve("todo.txt").toString());
        assertThat(Files.readString(docs.resolve("todo.txt"))).isEqualTo("buy fleece");
        assertThat(chat("save it again").result().error()).contains("already exists");
        assertThat(Files.readString(docs.resolve("todo.txt"))).isEqualTo("buy fleece");
    }

    @Test
    void kbIndexStatusInChat() throws Exception {
        JsonNode status = chat("status of the knowledge base").storedResult();

        assertThat(status.path("files").asInt()).isEqualTo(1);
        assertThat(status.path("indexing").asBoolean()).isFalse();
        assertThat(status.path("index_dir").asText())
                .isEqualTo(dir.resolve("data/kb/notes").toString());
    }

    @Test
    void webSearchInChat() throws Exception {
        JsonNode result =
                chat("web search for tether").storedResult().path("results").path(0);

        assertThat(result.path("url").asText()).isEqualTo("https://example.org/t");
        assertThat(result.path("description").asText()).isEqualTo("A local LLM service");
    }

    @Test
    void weatherInChat() throws Exception {
        Outcome outcome = chat("weather in Berlin?");

        assertThat(outcome.result().error()).isNull();
        JsonNode stored = outcome.storedResult();
        assertThat(stored.path("temperature").asDouble()).isEqualTo(3.4);
        assertThat(stored.path("conditions").asText()).isEqualTo("overcast");
        assertThat(stored.path("place").path("name").asText()).isEqualTo("Berlin");
    }

    @Test
    void aForecastTooFarAheadIsRefusedBySchemaBeforeTheToolRuns() throws Exception {
        Outcome outcome = chat("forecast for 17 days");

        assertThat(outcome.result().error()).contains("days");
        assertThat(outcome.storedResult().has("error")).isTrue();
    }
}
