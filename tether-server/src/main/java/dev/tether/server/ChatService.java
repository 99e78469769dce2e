package dev.tether.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import dev.tether.engine.loop.HistoryEdit;
import dev.tether.engine.loop.Orchestrator;
import dev.tether.engine.loop.Turn;
import dev.tether.engine.loop.TurnRequest;
import dev.tether.engine.session.Session;
import dev.tether.engine.session.SessionStore;
import dev.tether.server.http.ApiError;
import dev.tether.server.http.EventStream;
import dev.tether.server.http.Fields;
import dev.tether.server.http.Json;
import dev.tether.server.http.Routes;
import dev.tether.server.http.StreamEvent;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code POST /chat/stream}: checks the request and reserves the session (so 4xx/503 come before any byte of the
 * stream), then runs the turn on this request's virtual thread, writing each event as it happens. A request
 * without {@code session_id} starts a new session, named in a first {@code session} event.
 */
final class ChatService implements HttpService {

    private static final int TITLE_CHARS = 60;

    private final Orchestrator orchestrator;
    private final SessionStore store;
    private final Metrics metrics;
    private final long maxBodyBytes;
    private final ToolCallLabels labels;

    ChatService(
            Orchestrator orchestrator, SessionStore store, Metrics metrics, long maxBodyBytes, ToolCallLabels labels) {
        this.labels = labels;
        this.orchestrator = orchestrator;
        this.store = store;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules).post("/chat/stream", this::stream).otherMethodsNotAllowed();
    }

    private void stream(ServerRequest req, ServerResponse res) {
        ObjectNode body = Json.readObject(req, maxBodyBytes);
        Optional<Session> created = body.hasNonNull("session_id") ? Optional.empty() : Optional.of(newSession(body));
        Turn begun;
        try {
            begun = orchestrator.begin(turnRequest(body, created.map(Session::id)));
        } catch (RuntimeException e) {
            created.ifPresent(s -> store.delete(s.id())); // a refused first turn leaves no empty session behind
            throw e;
        }
        try (Turn turn = begun;
                EventStream stream = EventStream.open(req, res)) {
            // the headers go now, while the model reads the prompt, so the first event arrives alone
            created.ifPresentOrElse(s -> stream.send(sessionEvent(s)), stream::start);
            // the model the turn runs on: named, else the chat's, else the default
            var timer = metrics.turnTimer(turn.model());
            ToolCallLabels.Conversation calls = labels.conversation();
            turn.run(event -> {
                StreamEvent out = EventJson.of(event);
                calls.label(event, out.data());
                stream.send(out);
                metrics.chatEvent(event);
                timer.accept(event);
            });
        }
    }

    /** A session for a request that names none, titled after the prompt; an empty prompt is refused first. */
    private Session newSession(ObjectNode body) {
        if (body.has("regenerate") || body.has("edit")) {
            throw ApiError.badRequest("missing_field", "regenerate and edit need the session_id they apply to");
        }
        String prompt = Fields.string(body, "prompt").orElse("");
        if (prompt.isBlank()) {
            throw new EngineException(ErrorCode.EMPTY_PROMPT, "prompt must not be empty");
        }
        String line = prompt.strip().lines().findFirst().orElse("");
        return store.create(line.length() > TITLE_CHARS ? line.substring(0, TITLE_CHARS - 1) + "…" : line, null);
    }

    /** The first event of a stream that created its session: {@code {"type":"session","data":{"session_id"}}}. */
    static StreamEvent sessionEvent(Session session) {
        return new StreamEvent(
                "session",
                Json.object()
                        .put("session_id", session.id().toString())
                        .put("title", session.title())
                        .put("created", true));
    }

    /**
     * The body: {@code {"session_id", "prompt"}} (no session_id: {@code created}, made for this turn), or
     * {@code {"session_id", "regenerate": true}} to answer the newest user message again, or
     * {@code {"session_id", "edit": {"message_id", "prompt"}}} to replace a user message; the last two replace the
     * stored history from that message on. {@code model_name}, {@code options} and {@code interactive_approval} go
     * with all.
     */
    static TurnRequest turnRequest(ObjectNode body, Optional<UUID> created) {
        UUID session = created.isPresent()
                ? created.get()
                : Fields.uuid(Fields.requiredString(body, "session_id"), "session_id");
        String model =
                Fields.string(body, "model_name").filter(s -> !s.isBlank()).orElse(null);
        ChatOptions options = ChatOptionsJson.read(body);
        boolean interactive = Fields.bool(body, "interactive_approval").orElse(false);
        boolean regenerate = Fields.bool(body, "regenerate").orElse(false);
        var edit = Fields.object(body, "edit");
        if ((regenerate || edit.isPresent()) && body.hasNonNull("prompt") || regenerate && edit.isPresent()) {
            throw ApiError.badRequest(
                    "invalid_request", "send one of prompt, regenerate: true or edit: {message_id, prompt}");
        }
        if (regenerate) {
            return new TurnRequest(session, "", model, options, new HistoryEdit.Regenerate(), interactive);
        }
        if (edit.isPresent()) {
            long messageId = Fields.longValue(edit.get(), "message_id")
                    .orElseThrow(() -> ApiError.badRequest("missing_field", "edit.message_id is required"));
            String prompt = Fields.string(edit.get(), "prompt").orElse("");
            return new TurnRequest(session, prompt, model, options, new HistoryEdit.Edit(messageId), interactive);
        }
        return new TurnRequest(
                session, Fields.string(body, "prompt").orElse(""), model, options, HistoryEdit.APPEND, interactive);
    }
}
