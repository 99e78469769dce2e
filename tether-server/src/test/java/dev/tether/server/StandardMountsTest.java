package dev.tether.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server as Main builds it carries the OpenAI-compatible API at /v1 and MCP at /mcp and /sse. */
class StandardMountsTest {

    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",
             "capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""";

    @TempDir
    Path dir;

    @Test
    void openAiAndMcpAreServedBesideTheNativeApi() {
        try (TestServer tether = TestServer.start(dir)) {
            Http.Response completion = tether.http.post(
                    "/v1/chat/completions",
                    "{\"model\":\"scripted\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertThat(completion.status()).isEqualTo(200);
            assertThat(completion.json().at("/choices/0/message/content").asText())
                    .isEqualTo("Hello there!");

            Http.Response initialized =
                    tether.http.post("/mcp", INITIALIZE, "Accept", "application/json, text/event-stream");
            assertThat(initialized.status()).isEqualTo(200);
            assertThat(initialized.header("Mcp-Session-Id")).isNotBlank();
            assertThat(initialized.body()).contains("\"serverInfo\"");
        }
    }

    @Test
    void mcpOverHttpCanBeSwitchedOff() throws Exception {
        Path off = Files.createDirectory(dir.resolve("off"));
        try (TestServer tether =
                TestServer.start(off, "scripted", TestServer.SCRIPT, "mcp: { http: { enabled: false } }")) {
            Http.Response refused =
                    tether.http.post("/mcp", INITIALIZE, "Accept", "application/json, text/event-stream");
            assertThat(refused.status()).isEqualTo(404);
            assertThat(refused.json().at("/error/code").asText()).isEqualTo("not_found");
        }
    }
}
