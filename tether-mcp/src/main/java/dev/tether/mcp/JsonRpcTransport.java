package dev.tether.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import reactor.core.publisher.Mono;

/** A transport of one stream or reply: messages are written, and their params read, with one JSON mapper. */
abstract class JsonRpcTransport implements McpStreamableServerTransport {

    final McpJsonMapper mapper;

    JsonRpcTransport(McpJsonMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public final Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return sendMessage(message, null);
    }

    @Override
    public final <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return mapper.convertValue(data, typeRef);
    }

    static String write(McpJsonMapper mapper, Object message) {
        try {
            return mapper.writeValueAsString(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
