package dev.tether.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.logging.Logger;
import reactor.core.publisher.Mono;

/** JSON-RPC messages as {@code message} events on one SSE stream: a GET listening stream or a legacy session. */
final class SseMessageTransport extends JsonRpcTransport {

    private static final Logger LOG = Logger.getLogger(SseMessageTransport.class.getName());

    private final SseStream sse;

    SseMessageTransport(SseStream sse, McpJsonMapper mapper) {
        super(mapper);
        this.sse = sse;
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
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(sse::end);
    }

    @Override
    public void close() {
        sse.end();
    }
}
