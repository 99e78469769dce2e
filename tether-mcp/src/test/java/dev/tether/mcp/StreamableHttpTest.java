package dev.tether.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /mcp} and {@code /sse} at the HTTP level: status codes, headers and refusals, over a real socket. */
class StreamableHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;
    private static McpHttp http;

    @BeforeAll
    static void start() {
        server = new TestServer(McpHttpSettings.defaults().withMaxBodyBytes(2048));
        http = new McpHttp(server.uri("/mcp"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void initializeAnswersWithJsonAndASessionId() throws Exception {
        HttpResponse<String> init = http.post(McpHttp.INITIALIZE);
        assertThat(init.statusCode()).isEqualTo(200);
        assertThat(init.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(init.headers().firstValue("Mcp-Session-Id"))
                .hasValueSatisfying(id -> assertThat(id).isNotBlank());
        JsonNode body = JSON.readTree(init.body());
        assertThat(body.path("id").asInt()).isEqualTo(1);
        assertThat(body.at("/result/protocolVersion").asText()).isEqualTo("2025-06-18");
        assertThat(body.at("/result/serverInfo/name").asText()).isEqualTo("tether");
    }

    @Test
    void aRequestInASessionIsAnsweredAndANotificationAccepted() throws Exception {
        String session = http.initialize();
        HttpResponse<String> tools = http.inSession(session, McpHttp.LIST_TOOLS);
        assertThat(tools.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(tools.body()).at("/result/tools").size()).isEqualTo(4);
        HttpResponse<String> note = http.inSession(session, McpHttp.INITIALIZED);
        assertThat(note.statusCode()).isEqualTo(202);
        assertThat(note.body()).isEmpty();
    }

    @Test
    void missingOrUnknownSessionIsRefused() {
        assertThat(http.post(McpHttp.LIST_TOOLS).statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = http.inSession("no-such-session", McpHttp.LIST_TOOLS);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("Session not found");
    }

    @Test
    void deleteEndsTheSession() {
        String session = http.initialize();
        HttpResponse<String> deleted =
                http.send(HttpRequest.newBuilder(server.uri("/mcp")).DELETE().header("Mcp-Session-Id", session));
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(http.inSession(session, McpHttp.LIST_TOOLS).statusCode()).isEqualTo(404);
    }

    @Test
    void malformedJsonIsAParseError() throws Exception {
        HttpResponse<String> bad = http.post("{\"jsonrpc\":\"2.0\",\"id\":1,");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).at("/error/code").asInt()).isEqualTo(-32700);
    }

    @Test
    void initializeWithParamsOfTheWrongShapeIsInvalidParams() throws Exception {
        HttpResponse<String> bad = http.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":[1]}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).at("/error/code").asInt()).isEqualTo(-32602);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413() {
        String big =
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(4096) + "\"}}";
        HttpResponse<String> refused = http.post(big);
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.body()).contains("server.max_body_bytes");
    }

    @Test
    void aClientThatDoesNotAcceptBothTypesIsRefused() {
        assertThat(http.post(McpHttp.INITIALIZE, "Accept", "application/json").statusCode())
                .isEqualTo(406);
    }

    @Test
    void anUnsupportedProtocolVersionIsRefused() {
        String session = http.initialize();
        HttpResponse<String> refused = http.post(
                McpHttp.LIST_TOOLS,
                "Accept",
                McpHttp.ACCEPT_BOTH,
                "Mcp-Session-Id",
                session,
                "MCP-Protocol-Version",
                "1999-01-01");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("Unsupported MCP-Protocol-Version");
    }

    @Test
    void foreignOriginsAreRefusedAndLoopbackOnesAllowed() {
        assertThat(http.post(McpHttp.INITIALIZE, "Accept", McpHttp.ACCEPT_BOTH, "Origin", "http://evil.example.com")
                        .statusCode())
                .isEqualTo(403);
        assertThat(http.post(McpHttp.INITIALIZE, "Accept", McpHttp.ACCEPT_BOTH, "Origin", "http://localhost:5173")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void foreignHostHeadersAreRefusedAgainstDnsRebinding() {
        String request = "POST /mcp HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n"
                + "Accept: " + McpHttp.ACCEPT_BOTH + "\r\nContent-Length: " + McpHttp.INITIALIZE.length()
                + "\r\nConnection: close\r\n\r\n" + McpHttp.INITIALIZE;
        int port = server.port();
        assertThat(McpHttp.rawStatus(
                        port, request.formatted("evil.example.com:" + port).stripTrailing()))
                .isEqualTo(421);
        assertThat(McpHttp.rawStatus(
                        port, request.formatted("127.0.0.1:" + port).stripTrailing()))
                .isEqualTo(200);
    }

    @Test
    void otherMethodsOnMcpAreNotAllowed() {
        HttpResponse<String> put =
                http.send(HttpRequest.newBuilder(server.uri("/mcp")).PUT(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).hasValue("GET, POST, DELETE");
    }

    @Test
    void legacyMessagesNeedAKnownSession() {
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(server.uri("/message"))
                .POST(HttpRequest.BodyPublishers.ofString(McpHttp.LIST_TOOLS)));
        assertThat(missing.statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(server.uri("/message?sessionId=nope"))
                .POST(HttpRequest.BodyPublishers.ofString(McpHttp.LIST_TOOLS)));
        assertThat(unknown.statusCode()).isEqualTo(404);
    }
}
