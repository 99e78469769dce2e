package dev.tether.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.server.Http;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another MCP server's tools in chat: the scripted model calls server-everything's {@code echo} (installed by npm
 * in tether-mcp/src/test/mcp-servers) through Tether's MCP client, under each server's {@code approval} setting;
 * {@code GET /tools} lists the tools with their source and a server that cannot start with its reason.
 */
class McpServersChatIT {

    private static final String SCRIPT = """
            models: [scripted]
            rules:
              - { on: user, match: "^echo", chunks: ["<<function_call>> {\\"name\\": \\"everything__echo\\", \\"arguments\\": {\\"message\\": \\"from chat\\"}}"] }
              - { on: user, match: "^progress", chunks: ["<<function_call>> {\\"name\\": \\"everything__trigger-long-running-operation\\", \\"arguments\\": {\\"duration\\": 1, \\"steps\\": 3}}"] }
              - { on: user, match: "^ask", chunks: ["<<function_call>> {\\"name\\": \\"asking__echo\\", \\"arguments\\": {\\"message\\": \\"asked\\"}}"] }
              - { on: tool, match: ".*", chunks: ["Done."] }
              - { on: user, match: ".*", chunks: ["ok"] }
            """;

    @TempDir
    static Path dir;

    static Started tether;

    @BeforeAll
    static void start() throws IOException {
        Path everything = Path.of("../tether-mcp/src/test/mcp-servers/node_modules/@modelcontextprotocol/"
                        + "server-everything/dist/index.js")
                .toAbsolutePath()
                .normalize();
        assertThat(everything)
                .as("run npm ci --prefix tether-mcp/src/test/mcp-servers")
                .isRegularFile();
        Path script = Files.writeString(dir.resolve("script.yml"), SCRIPT);
        tether = Started.start(
                dir, """
                host: 127.0.0.1
                port: 0
                data_dir: "%s"
                providers:
                  model: { impl: scripted, args: { script: "%s" } }
                  session_store: { url: "jdbc:sqlite:%s" }
                tools:
                  enabled: [get_current_time]
                mcp:
                  servers:
                    - { name: everything, command: node, args: ["%s", stdio], approval: allow }
                    - { name: asking, command: node, args: ["%s", stdio] }
                    - { name: broken, command: /no/such/server }
                """.formatted(dir, script, dir.resolve("tether.db"), everything, everything), System::getenv);
    }

    @AfterAll
    static void stop() {
        if (tether != null) {
            tether.close();
        }
    }

    @Test
    void theModelCallsAnMcpServersToolAndGetsItsAnswer() {
        List<JsonNode> events = tether.http().chat(tether.newSession(), "echo something");
        JsonNode result = toolResult(events, "everything__echo");
        assertThat(result.has("error")).as(result.toString()).isFalse();
        assertThat(result.path("result").asText()).isEqualTo("Echo: from chat");
        assertThat(events.getLast().path("data").path("finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void aServersProgressReportsStreamAsToolProgressEventsBeforeTheResult() {
        List<JsonNode> events = tether.http().chat(tether.newSession(), "progress please");
        List<String> types = events.stream().map(e -> e.path("type").asText()).toList();
        int call = types.indexOf("tool_call");
        int result = types.indexOf("tool_result");
        String id = events.get(call).path("data").path("id").asText();
        List<JsonNode> progress = events.subList(call, result).stream()
                .filter(e -> e.path("type").asText().equals("tool_progress"))
                .map(e -> e.path("data"))
                .toList();
        assertThat(progress).extracting(p -> p.path("progress").asInt()).containsExactly(1, 2, 3);
        assertThat(progress).allSatisfy(p -> {
            assertThat(p.path("id").asText()).isEqualTo(id);
            assertThat(p.path("tool_name").asText()).isEqualTo("everything__trigger-long-running-operation");
            assertThat(p.path("total").asInt()).isEqualTo(3);
        });
        assertThat(types.lastIndexOf("tool_progress")).isLessThan(result);
        assertThat(events.get(result).path("data").path("result").asText()).contains("Steps: 3");
    }

    @Test
    void aServerThatAsksIsRefusedForAClientThatCannotAnswerAndRunsAfterTheUserApproves() throws IOException {
        List<JsonNode> refused = tether.http().chat(tether.newSession(), "ask it");
        assertThat(toolResult(refused, "asking__echo").path("error").asText())
                .contains("needs the user's approval")
                .contains("mcp.servers[1].approval");

        String session = tether.newSession();
        List<JsonNode> events = interactiveTurn(session, "once");
        assertThat(events).anyMatch(e -> e.path("type").asText().equals("tool_approval"));
        assertThat(toolResult(events, "asking__echo").path("result").asText()).isEqualTo("Echo: asked");
        // allowed once: the next call asks again
        assertThat(interactiveTurn(session, "once"))
                .anyMatch(e -> e.path("type").asText().equals("tool_approval"));
    }

    @Test
    void allowedInThisChatTheToolRunsWithoutAskingAgainThereButAsksInAnotherChat() throws IOException {
        String session = tether.newSession();
        assertThat(interactiveTurn(session, "chat"))
                .anyMatch(e -> e.path("type").asText().equals("tool_approval"));
        List<JsonNode> again = interactiveTurn(session, "once");
        assertThat(again).noneMatch(e -> e.path("type").asText().equals("tool_approval"));
        assertThat(toolResult(again, "asking__echo").path("result").asText()).isEqualTo("Echo: asked");
        assertThat(interactiveTurn(tether.newSession(), "once"))
                .anyMatch(e -> e.path("type").asText().equals("tool_approval"));
        Http.Response bad = tether.http()
                .post("/sessions/" + session + "/approvals/call_x", "{\"approve\":true,\"scope\":\"forever\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("error").path("message").asText()).contains("scope must be once or chat");
    }

    /** A turn "ask it" from a client that approves every question with {@code scope}; all its events. */
    private static List<JsonNode> interactiveTurn(String session, String scope) throws IOException {
        String body = Faults.JSON
                .createObjectNode()
                .put("session_id", session)
                .put("prompt", "ask it")
                .put("interactive_approval", true)
                .toString();
        var response = tether.http().stream(body);
        List<JsonNode> events = new ArrayList<>();
        try (BufferedReader lines = Http.reader(response.body())) {
            for (String line; (line = lines.readLine()) != null; ) {
                JsonNode event = Faults.parse(line);
                events.add(event);
                if (event.path("type").asText().equals("tool_approval")) {
                    assertThat(event.path("data").path("reason").asText()).contains("third-party code from mcp:asking");
                    Http.Response answer = tether.http()
                            .post(
                                    "/sessions/" + session + "/approvals/"
                                            + event.path("data").path("id").asText(),
                                    "{\"approve\":true,\"scope\":\"" + scope + "\"}");
                    assertThat(answer.status()).isEqualTo(200);
                }
            }
        }
        return events;
    }

    @Test
    void toolsListsMcpToolsWithTheirSourceAndAServerThatCannotStartWithItsReason() {
        JsonNode tools = tether.http().get("/tools").json();
        JsonNode echo = find(tools, "everything__echo");
        assertThat(echo.path("source").asText()).isEqualTo("mcp:everything");
        assertThat(echo.path("state").asText()).isEqualTo("running");
        assertThat(echo.path("parameters").path("properties").has("message")).isTrue();
        assertThat(find(tools, "get_current_time").has("source")).isFalse();
        JsonNode broken = find(tools, "broken__*");
        assertThat(broken.path("available").asBoolean()).isFalse();
        assertThat(broken.path("source").asText()).isEqualTo("mcp:broken");
        assertThat(broken.path("state").asText()).isEqualTo("failed");
        assertThat(broken.path("reason").asText()).contains("/no/such/server");
    }

    private static JsonNode find(JsonNode tools, String name) {
        for (JsonNode tool : tools) {
            if (tool.path("name").asText().equals(name)) {
                return tool;
            }
        }
        throw new AssertionError("no " + name + " in " + tools);
    }

    private static JsonNode toolResult(List<JsonNode> events, String tool) {
        return events.stream()
                .filter(e -> e.path("type").asText().equals("tool_result")
                        && e.path("data").path("tool_name").asText().equals(tool))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + tool + " result in " + events))
                .path("data");
    }
}
