package dev.tether.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.tool.ToolRegistry;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Builds an MCP server that serves a {@link ToolRegistry}'s tools on a given transport. */
final class McpServerFactory {

    static final String SERVER_NAME = "tether";
    static final String INSTRUCTIONS = "Tether's tools: the same tools its chat model can call, run on this machine.";

    private final NotOfferedTools notOffered;
    private final ObjectMapper json = new ObjectMapper();
    private final McpJsonMapper mapper = new JacksonMcpJsonMapper(json);
    private final ToolAdapter tools;

    McpServerFactory(ToolRegistry registry) {
        this(registry, false);
    }

    McpServerFactory(ToolRegistry registry, boolean allowNetworkAfterPrivateData) {
        // one adapter for every server built here: what a client read is known across sessions and transports
        this.tools = new ToolAdapter(registry, json, allowNetworkAfterPrivateData);
        this.notOffered = new NotOfferedTools(registry);
    }

    McpJsonMapper mapper() {
        return mapper;
    }

    /** What every answer passes through before it is sent (a transport that makes its own replies applies it). */
    UnaryOperator<McpSchema.JSONRPCMessage> outgoing() {
        return notOffered::explain;
    }

    /**
     * A server for a transport whose handlers block on their own (virtual) threads, so tools run right there
     * instead of hopping to a Reactor scheduler.
     */
    McpSyncServer streamable(McpStreamableServerTransportProvider transport) {
        return configure(McpServer.sync(transport), true);
    }

    McpSyncServer sessions(McpServerTransportProvider transport, boolean callerRunsTools) {
        return configure(McpServer.sync(notOffered.around(transport)), callerRunsTools);
    }

    private McpSyncServer configure(McpServer.SyncSpecification<?> spec, boolean callerRunsTools) {
        return spec.serverInfo(SERVER_NAME, version())
                .instructions(INSTRUCTIONS)
                .jsonMapper(mapper)
                .capabilities(ServerCapabilities.builder().tools(false).build())
                // the registry validates arguments itself, with the same messages chat gets
                .validateToolInputs(false)
                .immediateExecution(callerRunsTools)
                .tools(tools.specifications())
                .build();
    }

    private static String version() {
        return Optional.ofNullable(McpServerFactory.class.getPackage().getImplementationVersion())
                .orElse("0.1.0");
    }
}
