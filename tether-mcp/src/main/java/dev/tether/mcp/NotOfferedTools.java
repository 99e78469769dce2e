package dev.tether.mcp;

import dev.tether.tool.ToolRegistry;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse.JSONRPCError;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Says why a tool cannot be called. The SDK answers {@code tools/call} for a name it does not list with error
 * {@code -32602} and always the same message, "Unknown tool: invalid_tool_name" (the spec's example), the name only
 * in {@code data} ("Tool not found: NAME"); a client shows just that. This keeps the error and its code but puts the registry's sentence in
 * the message: disabled and how to enable it, unavailable and what is missing, or unknown with the nearest name.
 */
final class NotOfferedTools {

    private static final int INVALID_PARAMS = -32602;
    private static final String SDK_DATA = "Tool not found: ";

    private final ToolRegistry registry;

    NotOfferedTools(ToolRegistry registry) {
        this.registry = registry;
    }

    /** {@code message}, with the SDK's unknown-tool error explained; anything else as it is. */
    McpSchema.JSONRPCMessage explain(McpSchema.JSONRPCMessage message) {
        if (message instanceof McpSchema.JSONRPCResponse response
                && response.error() != null
                && response.error().code() == INVALID_PARAMS
                && response.error().data() instanceof String data
                && data.startsWith(SDK_DATA)) {
            String name = data.substring(SDK_DATA.length());
            return new McpSchema.JSONRPCResponse(
                    response.jsonrpc(),
                    response.id(),
                    null,
                    new JSONRPCError(INVALID_PARAMS, registry.whyNotOffered(name), data));
        }
        return message;
    }

    /** {@code provider}, whose sessions send their messages through {@link #explain}. */
    McpServerTransportProvider around(McpServerTransportProvider provider) {
        return new McpServerTransportProvider() {
            @Override
            public void setSessionFactory(McpServerSession.Factory factory) {
                provider.setSessionFactory(transport -> factory.create(around(transport)));
            }

            @Override
            public Mono<Void> notifyClients(String method, Object params) {
                return provider.notifyClients(method, params);
            }

            @Override
            public Mono<Void> notifyClient(String sessionId, String method, Object params) {
                return provider.notifyClient(sessionId, method, params);
            }

            @Override
            public void close() {
                provider.close();
            }

            @Override
            public Mono<Void> closeGracefully() {
                return provider.closeGracefully();
            }

            @Override
            public List<String> protocolVersions() {
                return provider.protocolVersions();
            }
        };
    }

    private McpServerTransport around(McpServerTransport transport) {
        return new McpServerTransport() {
            @Override
            public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
                return transport.sendMessage(explain(message));
            }

            @Override
            public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
                return transport.unmarshalFrom(data, typeRef);
            }

            @Override
            public void close() {
                transport.close();
            }

            @Override
            public Mono<Void> closeGracefully() {
                return transport.closeGracefully();
            }

            @Override
            public List<String> protocolVersions() {
                return transport.protocolVersions();
            }
        };
    }
}
