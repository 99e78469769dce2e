package dev.tether.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MCP Inspector's CLI mode (@modelcontextprotocol/inspector 1.0.3) against every transport. */
class InspectorCliIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;
    private static TestServer keyed;

    @BeforeAll
    static void start() {
        server = new TestServer();
        keyed = new TestServer(McpHttpSettings.defaults().withApiKey("s3cret"));
    }

    @AfterAll
    static void stop() {
        server.close();
        keyed.close();
    }

    @Test
    void listsToolsOverStreamableHttp() throws Exception {
        JsonNode listed = inspect(server.uri("/mcp").toString(), "--transport", "http", "--method", "tools/list");
        assertThat(listed.path("tools").findValuesAsText("name"))
                .containsExactly("get_current_time", "echo", "always_fails", "count_to");
        assertThat(listed.at("/tools/0/inputSchema/properties/format/enum").toString())
                .isEqualTo("[\"iso\",\"rfc2822\",\"human\"]");
    }

    @Test
    void callsAToolOverStreamableHttp() throws Exception {
        JsonNode result = inspect(
                server.uri("/mcp").toString(),
                "--transport",
                "http",
                "--method",
                "tools/call",
                "--tool-name",
                "echo",
                "--tool-arg",
                "text=hello",
                "--tool-arg",
                "times=2");
        assertThat(result.path("structuredContent").toString()).isEqualTo("{\"text\":\"hellohello\",\"times\":2}");
    }

    @Test
    void callsAToolOverLegacySse() throws Exception {
        JsonNode result = inspect(
                server.uri("/sse").toString(),
                "--transport",
                "sse",
                "--method",
                "tools/call",
                "--tool-name",
                "count_to",
                "--tool-arg",
                "n=4");
        assertThat(result.path("structuredContent").toString()).isEqualTo("{\"result\":[1,2,3,4]}");
    }

    @Test
    void reportsAFailingToolAsAnErrorResult() throws Exception {
        JsonNode result = inspect(
                server.uri("/mcp").toString(),
                "--transport",
                "http",
                "--method",
                "tools/call",
                "--tool-name",
                "always_fails");
        assertThat(result.path("isError").asBoolean()).isTrue();
        assertThat(result.at("/content/0/text").asText()).isEqualTo("the service behind this tool is down");
    }

    @Test
    void sendsTheApiKeyHeaderAndIsRefusedWithoutIt() throws Exception {
        String url = keyed.uri("/mcp").toString();
        JsonNode listed = inspect(
                url, "--transport", "http", "--header", "Authorization: Bearer s3cret", "--method", "tools/list");
        assertThat(listed.path("tools").size()).isEqualTo(4);

        ExternalProcess.Result refused = ExternalProcess.node(
                Duration.ofSeconds(60),
                Map.of(),
                "node_modules/.bin/mcp-inspector",
                "--cli",
                url,
                "--transport",
                "http",
                "--method",
                "tools/list");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stdout() + refused.stderr()).contains("Missing or wrong API key");
    }

    /** The launcher as a desktop assistant's {@code mcpServers} entry starts it, over stdio. */
    @Test
    void callsAToolOverStdioFromADesktopStyleConfig(@TempDir Path dir) throws Exception {
        List<String> command = ExternalProcess.mcpMain(TestTools.config(dir));
        ObjectNode entry = JSON.createObjectNode().put("command", command.getFirst());
        command.subList(1, command.size()).forEach(entry.putArray("args")::add);
        ObjectNode config = JSON.createObjectNode();
        config.putObject("mcpServers").set("tether", entry);
        Path mcpJson = Files.writeString(dir.resolve("mcp.json"), config.toString());

        JsonNode result = inspect(
                null,
                "--config",
                mcpJson.toString(),
                "--server",
                "tether",
                "--method",
                "tools/call",
                "--tool-name",
                "get_current_time",
                "--tool-arg",
                "timezone=UTC");
        assertThat(result.at("/structuredContent/timezone").asText()).isEqualTo("UTC");
    }

    private static JsonNode inspect(String target, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("node_modules/.bin/mcp-inspector", "--cli"));
        if (target != null) {
            command.add(target);
        }
        command.addAll(List.of(args));
        ExternalProcess.Result result =
                ExternalProcess.node(Duration.ofSeconds(60), Map.of(), command.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        return JSON.readTree(result.stdout());
    }
}
