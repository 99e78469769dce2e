package dev.tether.mcp.client;

import dev.tether.tool.ToolsConfig;
import dev.tether.tool.external.ExternalToolSource;
import dev.tether.tool.external.ExternalToolSources;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/** The configured, enabled MCP servers as tool sources (found by the tool registry through ServiceLoader). */
public final class McpToolSources implements ExternalToolSources {

    @Override
    public List<ExternalToolSource> open(ToolsConfig config, Function<String, String> environment) {
        ToolsConfig.External external = config.external();
        var settings = new McpServerConnection.Settings(
                Duration.ofSeconds(external.startTimeoutSec()),
                config.timeout(),
                external.maxResultChars(),
                config.dataDir().resolve("logs"),
                environment,
                new StdioLauncher(StdioLauncher.WATCHDOG));
        return McpServersConfig.read(external).stream()
                .filter(McpServerConfig::enabled)
                .<ExternalToolSource>map(server -> new McpServerConnection(server, settings))
                .toList();
    }
}
