package dev.tether.mcp;

import dev.tether.tool.ToolRegistry;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.modelcontextprotocol.server.McpSyncServer;

/**
 * Tether's tools over MCP on a Helidon web server: Streamable HTTP at {@code /mcp} and the legacy HTTP+SSE
 * transport at {@code /sse} + {@code /message}, both serving the registry that chat uses.
 */
public final class McpHttpService implements HttpService, AutoCloseable {

    private final HelidonStreamableTransport streamable;
    private final HelidonSseTransport sse;
    private final McpSyncServer streamableServer;
    private final McpSyncServer sseServer;

    public McpHttpService(ToolRegistry registry, McpHttpSettings settings) {
        McpServerFactory factory = new McpServerFactory(registry, settings.allowNetworkAfterPrivateData());
        RequestGuard guard = new RequestGuard(settings);
        this.streamable = new HelidonStreamableTransport(factory.mapper(), guard, settings, factory.outgoing());
        this.sse = new HelidonSseTransport(factory.mapper(), guard, settings);
        this.streamableServer = factory.streamable(streamable);
        this.sseServer = factory.sessions(sse, true);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/mcp", streamable::post)
                .get("/mcp", streamable::get)
                .delete("/mcp", streamable::delete)
                .any("/mcp", (req, res) -> {
                    res.header(HeaderNames.ALLOW, "GET, POST, DELETE");
                    HttpReplies.refuse(res, Status.METHOD_NOT_ALLOWED_405, "Method not allowed on /mcp");
                })
                .get("/sse", sse::connect)
                .post("/message", sse::message);
    }

    @Override
    public void afterStop() {
        close();
    }

    /** Ends every session and stream. */
    @Override
    public void close() {
        streamableServer.closeGracefully();
        sseServer.closeGracefully();
    }
}
