package dev.tether.mcp;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import reactor.core.publisher.Mono;

/**
 * MCP Streamable HTTP on Helidon SE: {@code POST} carries one JSON-RPC message (answered with JSON or an SSE
 * stream), {@code GET} opens the session's listening stream, {@code DELETE} ends the session. Each handler runs on
 * its own virtual thread and blocks until its reply is complete.
 */
final class HelidonStreamableTransport implements McpStreamableServerTransportProvider {

    private static final Logger LOG = Logger.getLogger(HelidonStreamableTransport.class.getName());
    private static final HeaderName SESSION_ID = HeaderNames.create(HttpHeaders.MCP_SESSION_ID);
    private static final HeaderName PROTOCOL_VERSION = HeaderNames.create(HttpHeaders.PROTOCOL_VERSION);
    private static final TypeRef<McpSchema.InitializeRequest> INITIALIZE = new TypeRef<>() {};
    private static final int INVALID_PARAMS = -32602;

    private final McpJsonMapper mapper;
    private final RequestGuard guard;
    private final McpHttpSettings settings;
    private final StreamableSessions sessions;
    private final UnaryOperator<McpSchema.JSONRPCMessage> outgoing;
    private volatile McpStreamableServerSession.Factory factory;
    private volatile boolean closing;

    /** {@code outgoing}: what each answer to a POSTed request passes through before it is sent. */
    HelidonStreamableTransport(
            McpJsonMapper mapper,
            RequestGuard guard,
            McpHttpSettings settings,
            UnaryOperator<McpSchema.JSONRPCMessage> outgoing) {
        this.mapper = mapper;
        this.outgoing = outgoing;
        this.guard = guard;
        this.settings = settings;
        this.sessions = new StreamableSessions(settings.sessionIdleTimeout(), settings.maxSessions());
    }

    @Override
    public void setSessionFactory(McpStreamableServerSession.Factory sessionFactory) {
        this.factory = sessionFactory;
    }

    void post(ServerRequest req, ServerResponse res) {
        if (!admit(req, res)) {
            return;
        }
        if (!accepts(req, "application/json") || !accepts(req, "text/event-stream")) {
            HttpReplies.refuse(
                    res,
                    Status.NOT_ACCEPTABLE_406,
                    "Not Acceptable: the client must accept both application/json and text/event-stream");
            return;
        }
        Optional<McpSchema.JSONRPCMessage> parsed = guard.message(req, res, mapper);
        if (parsed.isEmpty()) {
            return;
        }
        if (parsed.get() instanceof McpSchema.JSONRPCRequest request
                && McpSchema.METHOD_INITIALIZE.equals(request.method())) {
            initialize(request, res);
            return;
        }
        Optional<StreamableSessions.Entry> entry = session(req, res);
        if (entry.isPresent()) {
            entry.get().enter();
            try {
                dispatch(entry.get().session(), parsed.get(), res);
            } finally {
                entry.get().exit();
            }
        }
    }

    void get(ServerRequest req, ServerResponse res) {
        if (!admit(req, res)) {
            return;
        }
        if (!accepts(req, "text/event-stream")) {
            HttpReplies.refuse(
                    res, Status.NOT_ACCEPTABLE_406, "Not Acceptable: the client must accept text/event-stream");
            return;
        }
        Optional<StreamableSessions.Entry> entry = session(req, res);
        if (entry.isEmpty()) {
            return;
        }
        McpStreamableServerSession session = entry.get().session();
        if (session.hasListeningStream()) {
            HttpReplies.refuse(res, Status.CONFLICT_409, "This session already has a listening stream");
            return;
        }
        SseStream sse = new SseStream(res);
        res.header(SESSION_ID, session.getId());
        var stream = session.listeningStream(new SseMessageTransport(sse, mapper));
        entry.get().enter();
        try {
            if (sse.start("listening")) {
                sse.awaitEnd(settings.keepAlive());
            }
        } finally {
            sse.finish();
            stream.close();
            entry.get().exit();
        }
    }

    void delete(ServerRequest req, ServerResponse res) {
        if (!admit(req, res)) {
            return;
        }
        Optional<StreamableSessions.Entry> entry = session(req, res);
        if (entry.isPresent()) {
            sessions.remove(entry.get().session().getId());
            entry.get().session().delete().block();
            res.status(Status.OK_200).send();
        }
    }

    private void initialize(McpSchema.JSONRPCRequest request, ServerResponse res) {
        McpSchema.InitializeRequest params;
        try {
            params = mapper.convertValue(request.params(), INITIALIZE);
        } catch (RuntimeException e) {
            HttpReplies.error(
                    res, Status.BAD_REQUEST_400, INVALID_PARAMS, "Invalid initialize params: " + e.getMessage());
            return;
        }
        if (!sessions.makeRoom()) {
            HttpReplies.error(
                    res,
                    Status.SERVICE_UNAVAILABLE_503,
                    HttpReplies.TRANSPORT_ERROR,
                    "Too many MCP sessions: all " + sessions.max() + " are busy (mcp.http.max_sessions); "
                            + "try again when one ends");
            return;
        }
        McpStreamableServerSession.McpStreamableServerSessionInit init = factory.startSession(params);
        try {
            McpSchema.InitializeResult result = init.initResult().block();
            sessions.add(init.session());
            res.header(SESSION_ID, init.session().getId());
            HttpReplies.json(
                    res,
                    Status.OK_200,
                    JsonRpcTransport.write(mapper, new McpSchema.JSONRPCResponse("2.0", request.id(), result, null)));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "MCP initialize failed", e);
            init.session().close();
            HttpReplies.error(
                    res,
                    Status.INTERNAL_SERVER_ERROR_500,
                    HttpReplies.INTERNAL_ERROR,
                    "Initialize failed: " + e.getMessage());
        }
    }

    private void dispatch(McpStreamableServerSession session, McpSchema.JSONRPCMessage message, ServerResponse res) {
        switch (message) {
            case McpSchema.JSONRPCRequest request -> {
                PostReply reply = new PostReply(res, request.id(), mapper, outgoing);
                try {
                    session.responseStream(request, reply).block();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "MCP request " + request.method() + " failed", e);
                } finally {
                    reply.finish();
                }
            }
            case McpSchema.JSONRPCNotification notification ->
                HttpReplies.acceptOnceHandled(res, session.accept(notification));
            case McpSchema.JSONRPCResponse response -> HttpReplies.acceptOnceHandled(res, session.accept(response));
            default ->
                HttpReplies.error(
                        res,
                        Status.BAD_REQUEST_400,
                        HttpReplies.INVALID_REQUEST,
                        "Invalid Request: not a JSON-RPC request, notification or response");
        }
    }

    private boolean admit(ServerRequest req, ServerResponse res) {
        if (!guard.admit(req, res, closing)) {
            return false;
        }
        Optional<String> version = req.headers().first(PROTOCOL_VERSION);
        if (version.isPresent() && !protocolVersions().contains(version.get())) {
            HttpReplies.refuse(
                    res,
                    Status.BAD_REQUEST_400,
                    "Unsupported MCP-Protocol-Version " + version.get() + "; supported: "
                            + String.join(", ", protocolVersions()));
            return false;
        }
        return true;
    }

    /** The session named by {@code Mcp-Session-Id}, or empty after answering 400 (none given) or 404 (unknown). */
    private Optional<StreamableSessions.Entry> session(ServerRequest req, ServerResponse res) {
        Optional<String> id = req.headers().first(SESSION_ID).filter(s -> !s.isBlank());
        if (id.isEmpty()) {
            HttpReplies.refuse(res, Status.BAD_REQUEST_400, "Bad Request: Mcp-Session-Id header is required");
            return Optional.empty();
        }
        Optional<StreamableSessions.Entry> entry = sessions.find(id.get());
        if (entry.isEmpty()) {
            HttpReplies.refuse(res, Status.NOT_FOUND_404, "Session not found: " + id.get());
        }
        return entry;
    }

    private static boolean accepts(ServerRequest req, String type) {
        return req.headers().values(HeaderNames.ACCEPT).stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(v -> v.split(";")[0].strip())
                .anyMatch(v -> v.equals(type) || v.equals("*/*") || v.equals(type.split("/")[0] + "/*"));
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        return Broadcast.toAll(sessions.all(), method, params);
    }

    @Override
    public Mono<Void> notifyClient(String sessionId, String method, Object params) {
        return sessions.find(sessionId)
                .map(e -> e.session().sendNotification(method, params))
                .orElse(Mono.empty());
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(() -> {
            closing = true;
            sessions.closeAll();
        });
    }
}
