package dev.tether.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.tool.Param;
import dev.tether.tool.ToolInfo;
import dev.tether.tool.ToolRegistry;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Sessions and streams over time: listening streams, clients that vanish, idle expiry, the API key. */
class SessionLifecycleTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @Test
    void oneListeningStreamPerSessionAndADeadClientFreesIt() throws IOException {
        var settings = McpHttpSettings.defaults().withKeepAlive(Duration.ofMillis(50));
        try (TestServer server = new TestServer(settings)) {
            String session = new McpHttp(server.uri("/mcp")).initialize();
            String get = "GET /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                    + "\r\nAccept: text/event-stream\r\nMcp-Session-Id: " + session;
            List<String> status = new ArrayList<>();
            Socket listener = McpHttp.raw(server.port(), get, status);
            assertThat(status.getFirst()).contains(" 200 ");
            assertThat(McpHttp.rawStatus(server.port(), get + "\r\nConnection: close"))
                    .isEqualTo(409);

            listener.close(); // the client vanishes without a word; the next keep-alive write notices
            awaitTrue(() -> McpHttp.rawStatus(server.port(), get + "\r\nConnection: close") == 200);
        }
    }

    @Test
    void aLegacySseSessionEndsWithItsStream() throws IOException {
        var settings = McpHttpSettings.defaults().withKeepAlive(Duration.ofMillis(50));
        try (TestServer server = new TestServer(settings)) {
            List<String> status = new ArrayList<>();
            Socket stream = McpHttp.raw(
                    server.port(),
                    "GET /sse HTTP/1.1\r\nHost: localhost:" + server.port() + "\r\nAccept: text/event-stream",
                    status);
            assertThat(status.getFirst()).contains(" 200 ");
            String endpoint = "";
            while (!endpoint.startsWith("data: ")) {
                endpoint = McpHttp.readLine(stream.getInputStream());
            }
            assertThat(endpoint).startsWith("data: /message?sessionId=");
            String post = "POST " + endpoint.substring(6) + " HTTP/1.1\r\nHost: localhost:" + server.port()
                    + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                    + McpHttp.INITIALIZED.length() + "\r\n\r\n" + McpHttp.INITIALIZED;
            assertThat(McpHttp.rawStatus(server.port(), post.stripTrailing())).isEqualTo(202);

            stream.close();
            awaitTrue(() -> McpHttp.rawStatus(server.port(), post.stripTrailing()) == 404);
        }
    }

    /** Test tool that takes a while. */
    @ToolInfo(name = "slow", description = "Answers after a pause.")
    public static final class SlowTool {
        public String run(@Param(description = "pause in ms") int millis) throws InterruptedException {
            Thread.sleep(millis);
            return "done";
        }
    }

    @Test
    void aClientThatLeavesDuringACallDoesNotHurtTheServer() throws IOException {
        ToolRegistry registry = ToolRegistry.builder().add(null, new SlowTool()).build();
        try (TestServer server = new TestServer(registry, McpHttpSettings.defaults())) {
            McpHttp http = new McpHttp(server.uri("/mcp"));
            String session = http.initialize();
            String call = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\","
                    + "\"params\":{\"name\":\"slow\",\"arguments\":{\"millis\":300}}}";
            String post = "POST /mcp HTTP/1.1\r\nHost: localhost:" + server.port()
                    + "\r\nContent-Type: application/json\r\nAccept: " + McpHttp.ACCEPT_BOTH
                    + "\r\nMcp-Session-Id: " + session + "\r\nContent-Length: " + call.length() + "\r\n\r\n" + call;
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.getOutputStream().write(post.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
            } // gone before the answer

            HttpResponse<String> after = http.inSession(session, call);
            assertThat(after.statusCode()).isEqualTo(200);
            assertThat(after.body()).contains("\"text\":\"done\"");
        }
    }

    @Test
    void anIdleSessionExpiresAndABusyOneDoesNot() {
        var settings = McpHttpSettings.defaults().withSessionIdleTimeout(Duration.ofMillis(1500));
        try (TestServer server = new TestServer(settings)) {
            McpHttp http = new McpHttp(server.uri("/mcp"));
            String idle = http.initialize();
            String busy = http.initialize();
            // one session in use for two idle timeouts (long enough that a loaded machine's pause does not expire it)
            long end = System.nanoTime() + Duration.ofMillis(3000).toNanos();
            while (System.nanoTime() < end) {
                assertThat(http.inSession(busy, McpHttp.LIST_TOOLS).statusCode())
                        .isEqualTo(200);
            }
            awaitTrue(() -> http.inSession(idle, McpHttp.LIST_TOOLS).statusCode() == 404);
            assertThat(http.inSession(busy, McpHttp.LIST_TOOLS).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theApiKeyIsRequiredWhenSet() {
        try (TestServer server = new TestServer(McpHttpSettings.defaults().withApiKey("s3cret"))) {
            McpHttp http = new McpHttp(server.uri("/mcp"));
            HttpResponse<String> none = http.post(McpHttp.INITIALIZE);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(http.post(McpHttp.INITIALIZE, "Accept", McpHttp.ACCEPT_BOTH, "Authorization", "Bearer wrong")
                            .statusCode())
                    .isEqualTo(401);
            assertThat(http.post(McpHttp.INITIALIZE, "Accept", McpHttp.ACCEPT_BOTH, "Authorization", "Bearer s3cret")
                            .statusCode())
                    .isEqualTo(200);
            HttpResponse<String> sse =
                    http.send(HttpRequest.newBuilder(server.uri("/sse")).GET());
            assertThat(sse.statusCode()).isEqualTo(401);
        }
    }

    private static void awaitTrue(BooleanSupplier condition) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime())
                    .as("condition not met within " + DEADLINE)
                    .isLessThan(end);
            sleepBriefly();
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
