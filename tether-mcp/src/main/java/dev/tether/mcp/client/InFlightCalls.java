package dev.tether.mcp.client;

import dev.tether.tool.ToolProgress;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpTransport;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code tools/call} requests in flight on one client, each known by the progress token Tether sends in its
 * {@code _meta}: where its progress reports go, and its JSON-RPC id, which {@link RecordingTransport} learns as the
 * request goes out (the SDK's client does not return it), so that a Stop can send {@code notifications/cancelled}.
 */
final class InFlightCalls {

    private static final Logger LOG = Logger.getLogger(InFlightCalls.class.getName());
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(5);

    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong();
    private volatile McpTransport transport;

    /** One call: progress goes to {@code progress} until it is closed. */
    private static final class Call {
        private final ToolProgress progress;
        private volatile Object requestId;
        private boolean closed;

        Call(ToolProgress progress) {
            this.progress = progress;
        }
    }

    /** Where cancel notifications are sent: the client's transport. */
    void sendVia(McpTransport transport) {
        this.transport = transport;
    }

    /** A new call; its token goes in the request's {@code _meta.progressToken}. */
    String open(ToolProgress progress) {
        String token = "tether-" + next.incrementAndGet();
        calls.put(token, new Call(progress));
        return token;
    }

    /** The request carrying {@code token} went out with {@code requestId}. */
    void sent(String token, Object requestId) {
        Call call = calls.get(token);
        if (call != null) {
            call.requestId = requestId;
        }
    }

    /** Passes a server's progress report to its call, unless the call has ended. */
    void progress(McpSchema.ProgressNotification report) {
        Call call = calls.get(String.valueOf(report.progressToken()));
        if (call == null) {
            return;
        }
        synchronized (call) { // so that no report reaches the caller after close() has returned
            if (!call.closed && report.progress() != null) {
                call.progress.report(report.progress(), report.total(), report.message());
            }
        }
    }

    /** Tells the server to stop the call, if its request went out; false if there is nothing to tell. */
    boolean cancel(String token, String reason) {
        Call call = calls.get(token);
        McpTransport to = transport;
        if (call == null || call.requestId == null || to == null) {
            return false;
        }
        var notice = new McpSchema.JSONRPCNotification(
                McpSchema.JSONRPC_VERSION,
                "notifications/cancelled",
                Map.of("requestId", call.requestId, "reason", reason));
        to.sendMessage(notice)
                .timeout(SEND_TIMEOUT)
                .subscribe(done -> {}, e -> LOG.log(Level.FINE, "sending notifications/cancelled failed", e));
        return true;
    }

    /** The call has ended: no progress report reaches its caller from now on. */
    void close(String token) {
        Call call = calls.remove(token);
        if (call != null) {
            synchronized (call) {
                call.closed = true;
            }
        }
    }
}
