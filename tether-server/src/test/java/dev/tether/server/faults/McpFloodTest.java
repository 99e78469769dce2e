package dev.tether.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flood of MCP {@code initialize} calls with a huge, hostile {@code clientInfo}, against the real server in its
 * own JVM with its own logging: live sessions stay under {@code mcp.http.max_sessions} (the longest idle one makes
 * room; when all are busy a clear JSON-RPC error comes back), the log stays small, and a newline in the client's
 * name cannot forge a log line.
 */
class McpFloodTest {

    private static final String FORGED = "2026-12-02 12:00:00 SEVERE dev.tether.server.Main: forged by a client";
    private static final int MAX_SESSIONS = 3;

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void sessionsAreCappedAndClientTextCannotFloodOrForgeTheLog() throws Exception {
        Path config = Files.writeString(dir.resolve("tether.yml"), """
                host: 127.0.0.1
                providers:
                  model: { impl: scripted, args: { script: "%s" } }
                  session_store: { url: "jdbc:sqlite:%s" }
                mcp: { http: { max_sessions: %d } }
                """.formatted(
                        Files.writeString(
                                dir.resolve("script.yml"),
                                "models: [scripted]\nrules: [{on: user, match: '.*', chunks: [ok]}]\n"),
                        dir.resolve("tether.db"),
                        MAX_SESSIONS));
        try (ServerProcess server = ServerProcess.start(config, dir.resolve("stderr.txt"))) {
            URI mcp = URI.create(server.url + "/mcp");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                HttpResponse<String> reply = initialize(mcp);
                assertThat(reply.statusCode())
                        .as("initialize %d: %s", i, reply.body())
                        .isEqualTo(200);
                ids.add(reply.headers().firstValue("Mcp-Session-Id").orElseThrow());
            }
            assertThat(ping(mcp, ids.getFirst()))
                    .as("the oldest idle session made room")
                    .isEqualTo(404);
            assertThat(ping(mcp, ids.getLast())).isEqualTo(200);

            List<InputStream> streams = new ArrayList<>();
            for (String id : ids.subList(ids.size() - MAX_SESSIONS, ids.size())) {
                streams.add(listen(mcp, id));
            }
            HttpResponse<String> full = initialize(mcp);
            assertThat(full.statusCode()).isEqualTo(503);
            JsonNode error = Faults.parse(full.body()).path("error");
            assertThat(error.path("code").asInt()).isEqualTo(-32000);
            assertThat(error.path("message").asText()).contains("mcp.http.max_sessions");
            for (InputStream stream : streams) {
                stream.close();
            }

            String log = server.stderr();
            assertThat(log.length())
                    .as("40 initializes of 60 kB each wrote this much log")
                    .isLessThan(20_000);
            assertThat(log.lines()).noneMatch(line -> line.startsWith(FORGED));
        }
    }

    private HttpResponse<String> initialize(URI mcp) throws IOException, InterruptedException {
        ObjectNode body = Faults.JSON
                .createObjectNode()
                .put("jsonrpc", "2.0")
                .put("id", 1)
                .put("method", "initialize");
        ObjectNode params = body.putObject("params").put("protocolVersion", "2025-06-18");
        params.putObject("capabilities");
        params.putObject("clientInfo")
                .put("name", "evil\n" + FORGED + "\n" + "x".repeat(60_000))
                .put("version", "1\r\n" + FORGED);
        return client.send(post(mcp, body.toString(), Optional.empty()), HttpResponse.BodyHandlers.ofString());
    }

    private int ping(URI mcp, String session) throws IOException, InterruptedException {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}";
        return client.send(post(mcp, body, Optional.of(session)), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** Opens the session's listening stream (which makes it busy) and returns once the server answered. */
    private InputStream listen(URI mcp, String session) throws IOException, InterruptedException {
        HttpRequest get = HttpRequest.newBuilder(mcp)
                .header("Accept", "text/event-stream")
                .header("Mcp-Session-Id", session)
                .header("Mcp-Protocol-Version", "2025-06-18")
                .GET()
                .build();
        HttpResponse<InputStream> reply = client.send(get, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(reply.statusCode()).isEqualTo(200);
        return reply.body();
    }

    private static HttpRequest post(URI mcp, String body, Optional<String> session) {
        HttpRequest.Builder b = HttpRequest.newBuilder(mcp)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("Mcp-Protocol-Version", "2025-06-18");
        session.ifPresent(id -> b.header("Mcp-Session-Id", id));
        return b.POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
