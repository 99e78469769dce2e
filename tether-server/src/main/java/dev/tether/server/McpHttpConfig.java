package dev.tether.server;

import dev.tether.engine.config.TetherConfig;
import dev.tether.mcp.McpHttpSettings;
import dev.tether.tool.approval.ApprovalMode;
import java.time.Duration;

/** The MCP HTTP endpoints' settings from Tether's configuration: the server's key, body limit, origins and host. */
final class McpHttpConfig {

    private McpHttpConfig() {}

    /** With the default session idle timeout. */
    static McpHttpSettings from(TetherConfig config) {
        return from(config, McpHttpSettings.DEFAULT_SESSION_IDLE_TIMEOUT);
    }

    static McpHttpSettings from(TetherConfig config, Duration sessionIdleTimeout) {
        TetherConfig.ServerSettings server = config.server();
        return McpHttpSettings.forServer(
                        server.host(),
                        server.corsAllowedOrigins(),
                        server.apiKey(),
                        server.maxBodyBytes(),
                        sessionIdleTimeout)
                .withAllowedHosts(server.allowedHosts())
                .withMaxSessions(config.mcpMaxSessions())
                .withNetworkAfterPrivateData(config.toolApproval().mode() == ApprovalMode.ALLOW);
    }
}
