package dev.tether.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.webserver.WebServer;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SSE side of Streamable HTTP, with a server whose tool talks back to the client while it runs (Tether's own
 * tools never do): a POST turns into an SSE stream when something precedes the answer, and the GET listening
 * stream carries what the server sends on its own.
 */
class StreamingReplyTest {

    private final McpJsonMapper mapper = new JacksonMcpJsonMapper(new ObjectMapper());
    private HelidonStreamableTransport transport;
    private McpSyncServer mcp;
    private WebServer server;
    private McpHttp http;

    @BeforeEach
    void start() {
        McpHttpSettings settings = McpHttpSettings.defaults();
        transport =
                new HelidonStreamableTransport(mapper, new RequestGuard(settings), settings, UnaryOperator.identity());
        SyncToolSpecification progress = SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder("slow", Map.of("type", "object"))
                        .description("reports progress")
                        .build())
                .callHandler((exchange, request) -> {
                    exchange.progressNotification(
                            new McpSchema.ProgressNotification(request.progressToken(), 0.5, 1.0, "half way"));
                    return McpSchema.CallToolResult.builder()
                            .addTextContent("done")
                            .build();
                })
                .build();
        mcp = McpServer.sync(transport)
                .serverInfo("test", "1")
                .jsonMapper(mapper)
                .immediateExecution(true)
                .capabilities(
                        McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(progress)
                .build();
        server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .routing(r -> r.post("/mcp", transport::post).get("/mcp", transport::get))
                .build()
                .start();
        http = new McpHttp(URI.create("http://127.0.0.1:" + server.port() + "/mcp"));
    }

    @AfterEach
    void stop() {
        server.stop();
        mcp.closeGracefully();
    }

    @Test
    void aReplyWithNotificationsBeforeTheAnswerIsAnSseStream() {
        String session = http.initialize();
        HttpResponse<String> reply = http.inSession(session, """
                {"jsonrpc":"2.0","id":7,"method":"tools/call",\
                "params":{"name":"slow","arguments":{},"_meta":{"progressToken":"p1"}}}""");
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        String body = reply.body();
        assertThat(body).contains("event: message");
        assertThat(body.indexOf("notifications/progress")).isPositive().isLessThan(body.indexOf("\"id\":7"));
        assertThat(body).contains("\"text\":\"done\"");
    }

    @Test
    void theListeningStreamCarriesServerInitiatedMessages() throws Exception {
        String session = http.initialize();
        HttpResponse<Stream<String>> stream = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/mcp"))
                                .GET()
                                .header("Accept", "text/event-stream")
                                .header("Mcp-Session-Id", session)
                                .build(),
                        HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValue("text/event-stream");

        Iterator<String> lines = stream.body().iterator();
        CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith("data:")) {
                    return line;
                }
            }
            return "";
        });
        transport
                .notifyClients(McpSchema.METHOD_NOTIFICATION_TOOLS_LIST_CHANGED, null)
                .block();
        assertThat(received.get(10, TimeUnit.SECONDS)).contains("notifications/tools/list_changed");
        stream.body().close();
    }
}
