package dev.tether.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official TypeScript SDK client (@modelcontextprotocol/sdk 1.32.2) against every transport. */
class NodeSdkClientIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void streamableHttpClientListsAndCallsEveryTool() throws Exception {
        JsonNode report = tour("http", server.uri("/mcp").toString());
        assertThat(report.path("sessionId").asText()).isNotBlank();
        assertTour(report);
    }

    @Test
    void legacySseClientListsAndCallsEveryTool() throws Exception {
        assertTour(tour("sse", server.uri("/sse").toString()));
    }

    @Test
    void stdioClientListsAndCallsEveryTool(@TempDir Path dir) throws Exception {
        List<String> args = new ArrayList<>(List.of("client.mjs", "tour", "stdio"));
        args.addAll(ExternalProcess.mcpMain(TestTools.config(dir)));
        assertTour(run(args.toArray(String[]::new)));
    }

    @Test
    void clientsSendTheApiKeyOnEveryTransport() throws Exception {
        try (TestServer keyed = new TestServer(McpHttpSettings.defaults().withApiKey("s3cret"))) {
            for (String kind : List.of("http", "sse")) {
                String url = keyed.uri(kind.equals("http") ? "/mcp" : "/sse").toString();
                ExternalProcess.Result ok = ExternalProcess.node(
                        LIMIT, Map.of("TETHER_API_KEY", "s3cret"), "client.mjs", "tour", kind, url);
                assertThat(ok.exitCode()).as(ok.stderr()).isZero();
                assertTour(JSON.readTree(ok.stdout()));
                ExternalProcess.Result refused =
                        ExternalProcess.node(LIMIT, Map.of("TETHER_API_KEY", "wrong"), "client.mjs", "tour", kind, url);
                assertThat(refused.exitCode()).isNotZero();
                assertThat(refused.stderr()).containsAnyOf("Missing or wrong API key", "401");
            }
        }
    }

    @Test
    void callingAToolThatIsNotOfferedSaysWhyOnEveryTransport(@TempDir Path dir) throws Exception {
        String names = "--names=read_file,web_search,get_curent_time";
        try (TestServer offering =
                new TestServer(TestTools.fromConfig(dir, TestTools.NOT_OFFERED_YAML), McpHttpSettings.defaults())) {
            assertExplained(
                    run("client.mjs", "notoffered", "http", offering.uri("/mcp").toString(), names));
            assertExplained(
                    run("client.mjs", "notoffered", "sse", offering.uri("/sse").toString(), names));
        }
        List<String> stdio = new ArrayList<>(List.of("client.mjs", "notoffered", "stdio", names));
        stdio.addAll(ExternalProcess.mcpMain(
                java.nio.file.Files.writeString(dir.resolve("stdio.yml"), TestTools.NOT_OFFERED_YAML)));
        assertExplained(run(stdio.toArray(String[]::new)));
    }

    private static void assertExplained(JsonNode report) {
        assertThat(report.path("tools").toString()).isEqualTo("[\"get_current_time\"]");
        JsonNode disabled = report.at("/calls/read_file");
        assertThat(disabled.path("code").asInt()).isEqualTo(-32602);
        assertThat(disabled.path("message").asText())
                .contains("tool read_file is disabled: add read_file to"
                        + " tools.enabled in the configuration file; its settings go in the tools.registry entry named"
                        + " 'files'");
        JsonNode unavailable = report.at("/calls/web_search");
        assertThat(unavailable.path("code").asInt()).isEqualTo(-32602);
        assertThat(unavailable.path("message").asText())
                .contains("tool web_search is unavailable: ")
                .contains("TETHER_TEST_UNSET_KEY");
        JsonNode misspelt = report.at("/calls/get_curent_time");
        assertThat(misspelt.path("code").asInt()).isEqualTo(-32602);
        assertThat(misspelt.path("message").asText())
                .contains("unknown tool: get_curent_time; did you mean"
                        + " get_current_time?; the tools offered are get_current_time");
    }

    @Test
    void fiftyConcurrentSessionsLoseNoResponse() throws Exception {
        JsonNode report =
                run("client.mjs", "concurrent", "http", server.uri("/mcp").toString(), "50", "10");
        assertThat(report.path("calls").asInt()).isEqualTo(500);
        assertThat(report.path("correct").asInt()).isEqualTo(500);
    }

    private static JsonNode tour(String kind, String url) throws Exception {
        return run("client.mjs", "tour", kind, url);
    }

    private static JsonNode run(String... args) throws Exception {
        ExternalProcess.Result result = ExternalProcess.node(LIMIT, Map.of(), args);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return JSON.readTree(result.stdout());
    }

    private static void assertTour(JsonNode report) {
        assertThat(report.at("/server/name").asText()).isEqualTo("tether");
        assertThat(report.at("/capabilities/tools").isObject()).isTrue();
        assertThat(report.path("tools").findValuesAsText("name"))
                .containsExactly("get_current_time", "echo", "always_fails", "count_to");

        JsonNode echoTool = report.path("tools").get(1);
        assertThat(echoTool.path("description").asText()).startsWith("Repeats a text");
        assertThat(echoTool.at("/inputSchema/properties/style/enum").toString()).isEqualTo("[\"plain\",\"upper\"]");
        assertThat(echoTool.at("/inputSchema/required").toString()).isEqualTo("[\"text\"]");
        assertThat(echoTool.at("/annotations/readOnlyHint").asBoolean()).isTrue();
        JsonNode failing = report.path("tools").get(2).path("annotations");
        assertThat(failing.path("destructiveHint").asBoolean()).isTrue();
        assertThat(failing.path("openWorldHint").asBoolean()).isTrue();

        JsonNode time = report.at("/calls/get_current_time/ok");
        assertThat(time.path("isError").asBoolean()).isFalse();
        assertThat(time.at("/structuredContent/timezone").asText()).isEqualTo("UTC");
        assertThat(time.at("/content/0/type").asText()).isEqualTo("text");
        assertThat(time.at("/content/0/text").asText()).contains("\"timezone\":\"UTC\"");

        JsonNode echo = report.at("/calls/echo/ok");
        assertThat(echo.path("structuredContent").toString()).isEqualTo("{\"text\":\"HIHI\",\"times\":2}");

        JsonNode count = report.at("/calls/count_to/ok");
        assertThat(count.path("structuredContent").toString()).isEqualTo("{\"result\":[1,2,3]}");
        assertThat(count.at("/content/0/text").asText()).isEqualTo("[1,2,3]");

        JsonNode failed = report.at("/calls/always_fails/ok");
        assertThat(failed.path("isError").asBoolean()).isTrue();
        assertThat(failed.at("/content/0/text").asText()).isEqualTo("the service behind this tool is down");

        JsonNode bad = report.at("/badArguments/ok");
        assertThat(bad.path("isError").asBoolean()).isTrue();
        assertThat(bad.at("/content/0/text").asText()).contains("times");

        assertThat(report.at("/unknownTool/code").asInt()).isEqualTo(-32602);
        assertThat(report.at("/unknownTool/message").asText())
                .isEqualTo("MCP error -32602: unknown tool:"
                        + " no_such_tool; the tools offered are get_current_time, echo, always_fails, count_to");
        assertThat(report.at("/unknownMethod/code").asInt()).isEqualTo(-32601);
        assertThat(report.at("/ping/ok").isObject()).isTrue();
    }
}
