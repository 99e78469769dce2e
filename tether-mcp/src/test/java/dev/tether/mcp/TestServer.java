package dev.tether.mcp;

import dev.tether.tool.ToolRegistry;
import io.helidon.webserver.WebServer;
import java.net.URI;

/** A real Helidon server on a free loopback port with {@link McpHttpService} routed at the root. */
final class TestServer implements AutoCloseable {

    private final ToolRegistry registry;
    private final WebServer server;

    TestServer(McpHttpSettings settings) {
        this(TestTools.registry(), settings);
    }

    TestServer(ToolRegistry registry, McpHttpSettings settings) {
        this.registry = registry;
        McpHttpService service = new McpHttpService(registry, settings);
        this.server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .routing(routing -> routing.register(service))
                .build()
                .start();
    }

    TestServer() {
        this(McpHttpSettings.defaults());
    }

    int port() {
        return server.port();
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port() + path);
    }

    @Override
    public void close() {
        server.stop();
        registry.close();
    }
}
