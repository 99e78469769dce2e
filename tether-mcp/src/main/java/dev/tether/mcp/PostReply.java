package dev.tether.mcp;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import reactor.core.publisher.Mono;

/**
 * The answer to one POSTed request. When the first thing the server sends is that request's response, it goes
 * back as plain {@code application/json}; if anything comes first (a notification, a request to the client), the
 * reply becomes an SSE stream that carries those and then the response.
 */
final class PostReply extends JsonRpcTransport {

    private static final Logger LOG = Logger.getLogger(PostReply.class.getName());

    private final ServerResponse res;
    private final Object requestId;
    private final UnaryOperator<McpSchema.JSONRPCMessage> outgoing;
    private final ReentrantLock lock = new ReentrantLock();
    private SseStream sse;
    private boolean answered;

    PostReply(
            ServerResponse res,
            Object requestId,
            McpJsonMapper mapper,
            UnaryOperator<McpSchema.JSONRPCMessage> outgoing) {
        super(mapper);
        this.res = res;
        this.outgoing = outgoing;
        this.requestId = requestId;
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
        return Mono.fromRunnable(() -> deliver(outgoing.apply(message), messageId));
    }

    private void deliver(McpSchema.JSONRPCMessage message, String messageId) {
        String json = write(mapper, message);
        boolean isAnswer = message instanceof McpSchema.JSONRPCResponse r && Objects.equals(r.id(), requestId);
        lock.lock();
        try {
            if (answered) {
                return;
            }
            answered = isAnswer;
            if (sse == null && isAnswer) {
                HttpReplies.json(res, Status.OK_200, json);
            } else {
                if (sse == null) {
                    sse = new SseStream(res);
                }
                sse.send("message", messageId, json);
            }
        } catch (RuntimeException e) { // the client is gone; nobody is left to tell
            LOG.log(Level.FINE, "MCP client went away before its answer", e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.empty(); // the request thread finishes the response in finish()
    }

    @Override
    public void close() {}

    /** Called on the request thread once the session is done with the request. */
    void finish() {
        lock.lock();
        try {
            if (sse != null) {
                sse.finish();
            } else if (!answered) {
                answered = true;
                HttpReplies.error(
                        res,
                        Status.INTERNAL_SERVER_ERROR_500,
                        HttpReplies.INTERNAL_ERROR,
                        "The server produced no response to request " + requestId);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "MCP client went away before its answer", e);
        } finally {
            lock.unlock();
        }
    }
}
