package dev.tether.mcp;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * The legacy HTTP+SSE transport (protocol 2024-11-05) on Helidon SE: {@code GET /sse} opens a session's stream and
 * names, in an {@code endpoint} event, the {@code /message?sessionId=…} URL the client POSTs its messages to; every
 * answer travels on the stream. The session lives as long as its stream.
 */
final class HelidonSseTransport implements McpServerTransportProvider {

    private final McpJsonMapper mapper;
    private final RequestGuard guard;
    private final McpHttpSettings settings;
    private final Map<String, McpServerSession> sessions = new ConcurrentHashMap<>();
    private volatile McpServerSession.Factory factory;
    private volatile boolean closing;

    HelidonSseTransport(McpJsonMapper mapper, RequestGuard guard, McpHttpSettings settings) {
        this.mapper = mapper;
        this.guard = guard;
        this.settings = settings;
    }

    @Override
    public void setSessionFactory(McpServerSession.Factory sessionFactory) {
        this.factory = sessionFactory;
    }

    void connect(ServerRequest req, ServerResponse res) {
        if (!guard.admit(req, res, closing)) {
            return;
        }
        if (sessions.size() >= settings.maxSessions()) {
            // a legacy session lives as long as its stream, so none is idle enough to replace
            HttpReplies.error(
                    res,
                    Status.SERVICE_UNAVAILABLE_503,
                    HttpReplies.TRANSPORT_ERROR,
                    "Too many MCP sessions: " + settings.maxSessions() + " streams are open (mcp.http.max_sessions)");
            return;
        }
        String id = UUID.randomUUID().toString();
        SseStream sse = new SseStream(res);
        McpServerSession session = factory.create(new SseMessageTransport(sse, mapper));
        sessions.put(id, session);
        try {
            if (sse.send("endpoint", null, messagePath(req) + "?sessionId=" + id)) {
                sse.awaitEnd(settings.keepAlive());
            }
        } finally {
            sse.finish();
            sessions.remove(id);
            session.close();
        }
    }

    void message(ServerRequest req, ServerResponse res) {
        if (!guard.admit(req, res, closing)) {
            return;
        }
        Optional<String> id = req.query().first("sessionId").asOptional();
        if (id.isEmpty()) {
            HttpReplies.refuse(res, Status.BAD_REQUEST_400, "Bad Request: the sessionId query parameter is required");
            return;
        }
        McpServerSession session = sessions.get(id.get());
        if (session == null) {
            HttpReplies.refuse(res, Status.NOT_FOUND_404, "Session not found: " + id.get());
            return;
        }
        Optional<McpSchema.JSONRPCMessage> parsed = guard.message(req, res, mapper);
        if (parsed.isEmpty()) {
            return;
        }
        HttpReplies.acceptOnceHandled(res, session.handle(parsed.get()));
    }

    /** {@code /message} beside wherever {@code /sse} is mounted. */
    private static String messagePath(ServerRequest req) {
        String path = req.path().path();
        return path.substring(0, path.lastIndexOf('/')) + "/message";
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        return Broadcast.toAll(sessions.values(), method, params);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(() -> {
            closing = true;
            sessions.values().forEach(McpServerSession::close);
            sessions.clear();
        });
    }
}
