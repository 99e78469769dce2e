package dev.tether.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;

/** Once {@link McpHttpService} is closing, both transports refuse new requests with 503 before anything else. */
class ClosingTransportsTest {

    @Test
    void aClosedServiceRefusesEveryTransportWith503() {
        McpHttpService service = new McpHttpService(TestTools.registry(), McpHttpSettings.defaults());
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .routing(routing -> routing.register(service))
                .build()
                .start();
        try {
            String host = "\r\nHost: localhost:" + server.port() + "\r\nConnection: close";
            String post = "POST /mcp HTTP/1.1" + host + "\r\nAccept: " + McpHttp.ACCEPT_BOTH
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + McpHttp.INITIALIZE.length()
                    + "\r\n\r\n" + McpHttp.INITIALIZE;
            String sse = "GET /sse HTTP/1.1" + host + "\r\nAccept: text/event-stream";
            String message = "POST /message?sessionId=none HTTP/1.1" + host + "\r\nContent-Length: 0";

            assertThat(McpHttp.rawStatus(server.port(), message)).isEqualTo(404);
            service.close();

            assertThat(McpHttp.rawStatus(server.port(), post.stripTrailing())).isEqualTo(503);
            assertThat(McpHttp.rawStatus(server.port(), sse)).isEqualTo(503);
            assertThat(McpHttp.rawStatus(server.port(), message)).isEqualTo(503);
        } finally {
            server.stop();
        }
    }
}
