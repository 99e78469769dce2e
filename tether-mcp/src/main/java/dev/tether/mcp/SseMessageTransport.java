package dev.tether.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.logging.Logger;
import reactor.core.publisher.Mono;

/** JSON-RPC messages as {@code message} events on one SSE stream: a GET listening stream or a legacy session. */
final class SseMessageTransport implements McpStreamableServerTransport {

    private static final Logger LOG = Logger.getLogger(SseMessageTransport.class.getName());

    private final SseStream sse;
    private final McpJsonMapper mapper;

    SseMessageTransport(SseStream sse, McpJsonMapper mapper) {
        this.sse = sse;
        this.mapper = mapper;
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return sendMessage(message, null);
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
        return Mono.fromRunnable(() -> {
            if (!sse.send("message", messageId, write(mapper, message))) {
                LOG.fine(() -> "SSE stream gone; dropped " + message);
            }
        });
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return mapper.convertValue(data, typeRef);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(sse::end);
    }

    @Override
    public void close() {
        sse.end();
    }

    static String write(McpJsonMapper mapper, Object message) {
        try {
            return mapper.writeValueAsString(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
