package dev.tether.mcp.client;

import dev.tether.tool.ToolsConfig;
import dev.tether.tool.external.ExternalToolSource;
import dev.tether.tool.external.ExternalToolSources;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** The configured, enabled MCP servers as tool sources (found by the tool registry through ServiceLoader). */
public final class McpToolSources implements ExternalToolSources {

    /**
     * The command line a stdio server is started with, around its own. Identity for now: the integrator points this
     * at the child watchdog ({@code ChildProcesses}) so a server never outlives Tether.
     */
    static final UnaryOperator<List<String>> WATCHDOG = command -> command;

    @Override
    public List<ExternalToolSource> open(ToolsConfig config, Function<String, String> environment) {
        ToolsConfig.External external = config.external();
        var settings = new McpServerConnection.Settings(Duration.ofSeconds(external.startTimeoutSec()),
                config.timeout(), external.maxResultChars(), config.dataDir().resolve("logs"), environment,
                new StdioLauncher(WATCHDOG));
        return McpServersConfig.read(external).stream().filter(McpServerConfig::enabled)
                .<ExternalToolSource>map(server -> new McpServerConnection(server, settings)).toList();
    }
}
