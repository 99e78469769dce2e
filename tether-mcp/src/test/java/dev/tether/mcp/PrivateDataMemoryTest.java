package dev.tether.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.tool.ToolRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an MCP client has read cannot be reset by the client (issue 24, item 5): over real HTTP, a client reads
 * {@code diary} (private data) in one session and then calls {@code post} (a network tool) from a fresh session,
 * after deleting its session, after flooding the server with {@code initialize} calls until its session is
 * evicted, and over the legacy SSE transport. Each time the call is refused and {@code post} sends nothing.
 */
class PrivateDataMemoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String READ_DIARY = """
            {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"diary","arguments":{}}}""";
    private static final String POST_SECRET = """
            {"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"post","arguments":{"text":"4711"}}}""";

    private final PostTool post = new PostTool();
    private TestServer server;
    private McpHttp http;

    @BeforeEach
    void start() {
        ToolRegistry tools = ToolRegistry.builder()
                .add("diary", new DiaryTool())
                .add("post", post)
                .build();
        server = new TestServer(tools, McpHttpSettings.defaults());
        http = new McpHttp(server.uri("/mcp"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aNewSessionStillCannotSendWhatAnEarlierOneRead() {
        String first = http.initialize();
        assertThat(http.inSession(http.initialize(), POST_SECRET)).satisfies(reply -> assertNotRefused(reply));
        assertThat(text(http.inSession(first, READ_DIARY))).contains("4711");

        assertRefused(http.inSession(http.initialize(), POST_SECRET));
        assertThat(http.send(java.net.http.HttpRequest.newBuilder(server.uri("/mcp"))
                                .DELETE()
                                .header("Mcp-Session-Id", first))
                        .statusCode())
                .isEqualTo(200);
        assertRefused(http.inSession(http.initialize(), POST_SECRET));
        assertThat(post.sent).as("only the call before the diary was read").hasSize(1);
    }

    @Test
    void evictingTheSessionThatReadByAFloodOfInitializeCallsForgetsNothing() {
        String victim = http.initialize();
        assertThat(text(http.inSession(victim, READ_DIARY))).contains("4711");
        for (int i = 0; i < McpHttpSettings.DEFAULT_MAX_SESSIONS + 20; i++) {
            http.initialize();
        }
        assertThat(http.inSession(victim, McpHttp.LIST_TOOLS).statusCode())
                .as("the victim was evicted")
                .isEqualTo(404);

        assertRefused(http.inSession(http.initialize(), POST_SECRET));
        assertThat(post.sent).isEmpty();
    }

    @Test
    void theLegacySseTransportKnowsWhatAStreamableSessionRead() throws IOException {
        assertThat(text(http.inSession(http.initialize(), READ_DIARY))).contains("4711");

        List<String> status = new ArrayList<>();
        try (Socket stream = McpHttp.raw(
                server.port(),
                "GET /sse HTTP/1.1\r\nHost: localhost:" + server.port() + "\r\nAccept: text/event-stream",
                status)) {
            assertThat(status.getFirst()).contains(" 200 ");
            stream.setSoTimeout(30_000); // a reply that never comes fails the test instead of hanging it
            InputStream in = stream.getInputStream();
            String endpoint = "";
            while (!endpoint.startsWith("data: ")) {
                endpoint = McpHttp.readLine(in);
            }
            String path = endpoint.substring("data: ".length());
            for (String message : List.of(McpHttp.INITIALIZE, McpHttp.INITIALIZED, POST_SECRET)) {
                assertThat(McpHttp.rawStatus(
                                server.port(),
                                "POST " + path + " HTTP/1.1\r\nHost: localhost:"
                                        + server.port() + "\r\nContent-Type: application/json\r\nConnection: close\r\n"
                                        + "Content-Length: "
                                        + message.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                                        + "\r\n\r\n" + message))
                        .isBetween(200, 202);
            }
            JsonNode reply = awaitReply(in, 4);
            assertThat(reply.at("/result/isError").asBoolean()).isTrue();
            assertThat(reply.at("/result/content/0/text").asText()).contains("needs the user's approval");
        }
        assertThat(post.sent).isEmpty();
    }

    private static void assertRefused(HttpResponse<String> reply) {
        JsonNode result = result(reply);
        assertThat(result.path("isError").asBoolean()).as(reply.body()).isTrue();
        assertThat(result.at("/content/0/text").asText())
                .contains("an MCP client of this server has read private " + "data (from diary)")
                .contains("needs the user's approval");
    }

    private static void assertNotRefused(HttpResponse<String> reply) {
        assertThat(result(reply).path("isError").asBoolean()).as(reply.body()).isFalse();
    }

    private static String text(HttpResponse<String> reply) {
        return result(reply).at("/content/0/text").asText();
    }

    /** The JSON-RPC result of a reply sent as JSON or as an SSE stream. */
    private static JsonNode result(HttpResponse<String> reply) {
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        String body = reply.body().strip();
        if (!body.startsWith("{")) {
            body = body.lines()
                    .filter(l -> l.startsWith("data:") && l.contains("\"result\""))
                    .reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("no result in " + reply.body()))
                    .substring(5)
                    .strip();
        }
        try {
            return JSON.readTree(body).path("result");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The reply with {@code id} on a legacy SSE stream. */
    private static JsonNode awaitReply(InputStream in, int id) throws IOException {
        while (true) {
            String line = McpHttp.readLine(in);
            if (line.startsWith("data:")) {
                JsonNode message = JSON.readTree(line.substring(5).strip());
                if (message.path("id").asInt(-1) == id) {
                    return message;
                }
            }
        }
    }
}
