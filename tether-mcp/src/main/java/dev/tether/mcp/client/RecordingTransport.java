package dev.tether.mcp.client;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * A client transport that passes everything through and tells {@link InFlightCalls} the JSON-RPC id of each
 * outgoing {@code tools/call} that carries one of Tether's progress tokens.
 */
final class RecordingTransport implements McpClientTransport {

    private final McpClientTransport delegate;
    private final InFlightCalls calls;

    RecordingTransport(McpClientTransport delegate, InFlightCalls calls) {
        this.delegate = delegate;
        this.calls = calls;
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        if (message instanceof McpSchema.JSONRPCRequest request
                && McpSchema.METHOD_TOOLS_CALL.equals(request.method())
                && progressToken(request.params()) instanceof Object token) {
            calls.sent(String.valueOf(token), request.id());
        }
        return delegate.sendMessage(message);
    }

    private static Object progressToken(Object params) {
        Map<String, Object> meta = switch (params) {
            case McpSchema.CallToolRequest call -> call.meta();
            case Map<?, ?> map when map.get("_meta") instanceof Map<?, ?> m -> castMeta(m);
            default -> null;
        };
        return meta == null ? null : meta.get("progressToken");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMeta(Map<?, ?> meta) {
        return (Map<String, Object>) meta;
    }

    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        return delegate.connect(handler);
    }

    @Override
    public void setExceptionHandler(Consumer<Throwable> handler) {
        delegate.setExceptionHandler(handler);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return delegate.closeGracefully();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
        return delegate.unmarshalFrom(data, type);
    }

    @Override
    public List<String> protocolVersions() {
        return delegate.protocolVersions();
    }
}
