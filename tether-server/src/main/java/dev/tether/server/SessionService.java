package dev.tether.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.ContextStrategy;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import dev.tether.engine.llamacpp.SessionCacheFiles;
import dev.tether.engine.session.Session;
import dev.tether.engine.session.SessionStore;
import dev.tether.engine.session.SessionUpdate;
import dev.tether.engine.session.StoredMessage;
import dev.tether.engine.session.Summary;
import dev.tether.server.http.ApiError;
import dev.tether.server.http.Fields;
import dev.tether.server.http.Json;
import dev.tether.server.http.Routes;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * {@code /sessions}: create, list (or search with {@code ?q=}), read, rename, delete conversations, read their
 * messages (the active path of the message tree) and switch branches.
 */
final class SessionService implements HttpService {

    static final int MAX_PAGE = 1000;

    private final SessionStore store;
    /** The sessions' saved KV caches: shown with a session, deleted with it. */
    private final SessionCacheFiles caches;

    private final long maxBodyBytes;
    private final int maxTitleChars;
    private final int maxSystemPromptChars;
    private final ToolCallLabels labels;
    /** Whether a model name is served now: a session's model can only be set to one. */
    private final Predicate<String> servedModel;

    SessionService(
            SessionStore store,
            SessionCacheFiles caches,
            long maxBodyBytes,
            int maxTitleChars,
            int maxSystemPromptChars,
            ToolCallLabels labels,
            Predicate<String> servedModel) {
        this.labels = labels;
        this.servedModel = servedModel;
        this.caches = caches;
        this.store = store;
        this.maxBodyBytes = maxBodyBytes;
        this.maxTitleChars = maxTitleChars;
        this.maxSystemPromptChars = maxSystemPromptChars;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules)
                .post("/sessions", this::create)
                .get("/sessions", this::list)
                .delete("/sessions", this::deleteAll)
                .get("/sessions/{id}", this::get)
                .patch("/sessions/{id}", this::update)
                .delete("/sessions/{id}", this::delete)
                .get("/sessions/{id}/messages", this::messages)
                .post("/sessions/{id}/branch", this::branch)
                .patch("/sessions/{id}/summaries/{summary_id}", this::editSummary)
                .otherMethodsNotAllowed();
    }

    private void create(ServerRequest req, ServerResponse res) {
        ObjectNode body = Json.readObject(req, maxBodyBytes);
        String title = title(body).orElse("");
        String systemPrompt = systemPrompt(body).filter(s -> !s.isEmpty()).orElse(null);
        Optional<ContextStrategy> strategy = contextStrategy(body);
        Session session = store.create(title, systemPrompt);
        if (strategy.isPresent()) {
            session = store.update(session.id(), new SessionUpdate(null, null, null, strategy.get(), false))
                    .orElse(session);
        }
        Json.send(res, Status.CREATED_201, MessageJson.session(session));
    }

    private void list(ServerRequest req, ServerResponse res) {
        int limit = queryInt(req, "limit", 100, 1, MAX_PAGE);
        int offset = queryInt(req, "offset", 0, 0, Integer.MAX_VALUE);
        String query = req.query().first("q").asOptional().orElse("").strip();
        ArrayNode out = Json.MAPPER.createArrayNode();
        if (query.isEmpty()) {
            store.list(limit, offset).forEach(s -> out.add(MessageJson.session(s)));
        } else {
            store.searchHits(query, limit, offset).forEach(hit -> out.add(MessageJson.searchHit(hit)));
        }
        Json.ok(res, out);
    }

    private void get(ServerRequest req, ServerResponse res) {
        UUID id = sessionId(req);
        ObjectNode session = MessageJson.session(store.find(id).orElseThrow(() -> unknown(id)));
        OptionalLong saved = caches.size(id.toString());
        session.putObject("kv_cache").put("saved", saved.isPresent()).put("bytes", saved.orElse(0));
        Json.ok(res, session);
    }

    private void update(ServerRequest req, ServerResponse res) {
        UUID id = sessionId(req);
        ObjectNode body = Json.readObject(req, maxBodyBytes);
        boolean clearStrategy =
                body.has("context_strategy") && body.get("context_strategy").isNull();
        SessionUpdate update = new SessionUpdate(
                title(body).orElse(null),
                systemPrompt(body).orElse(null),
                model(body).orElse(null),
                clearStrategy ? null : contextStrategy(body).orElse(null),
                clearStrategy);
        Json.ok(res, MessageJson.session(store.update(id, update).orElseThrow(() -> unknown(id))));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        UUID id = sessionId(req);
        if (!store.delete(id)) {
            throw unknown(id);
        }
        caches.delete(id.toString());
        res.status(Status.NO_CONTENT_204).send();
    }

    private void deleteAll(ServerRequest req, ServerResponse res) {
        int deleted = store.deleteAll();
        caches.deleteAll();
        Json.ok(res, Json.object().put("deleted_count", deleted));
    }

    private void messages(ServerRequest req, ServerResponse res) {
        UUID id = sessionId(req);
        if (store.find(id).isEmpty()) {
            throw unknown(id);
        }
        Json.ok(res, activePath(id));
    }

    /** Shows another branch: the newest leaf under {@code message_id} becomes active; answers the new active path. */
    private void branch(ServerRequest req, ServerResponse res) {
        UUID id = sessionId(req);
        ObjectNode body = Json.readObject(req, maxBodyBytes);
        long messageId = Fields.longValue(body, "message_id")
                .orElseThrow(() -> ApiError.badRequest("missing_field", "message_id is required"));
        if (store.find(id).isEmpty()) {
            throw unknown(id);
        }
        if (!store.activate(id, messageId)) {
            throw new EngineException(ErrorCode.MESSAGE_NOT_FOUND, "this session has no message " + messageId);
        }
        Json.ok(res, activePath(id));
    }

    /**
     * The active path, each message with its parent and, where it has siblings, its place among them; the
     * compaction note in use follows the last message it covers.
     */
    private ArrayNode activePath(UUID id) {
        SessionStore.ConversationView view = store.view(id);
        Map<Long, List<Long>> branches = view.branches();
        List<StoredMessage> history = view.history();
        Optional<Summary> note = Summary.current(history, view.summaries());
        ArrayNode out = Json.MAPPER.createArrayNode();
        ToolCallLabels.Conversation calls = labels.conversation();
        for (StoredMessage m : history) {
            ObjectNode node = MessageJson.message(m, branches.getOrDefault(m.parentId(), List.of()));
            calls.label(m.message(), node);
            out.add(node);
            if (note.isPresent() && note.get().throughMessageId() == m.id()) {
                out.add(MessageJson.summary(note.get()));
            }
        }
        return out;
    }

    /** {@code PATCH /sessions/{id}/summaries/{summary_id}}: the note's new text, which the next turn uses. */
    private void editSummary(ServerRequest req, ServerResponse res) {
        UUID id = sessionId(req);
        long summaryId = summaryId(req.path().pathParameters().get("summary_id"));
        ObjectNode body = Json.readObject(req, maxBodyBytes);
        String content = Fields.string(body, "content")
                .map(String::strip)
                .filter(c -> !c.isEmpty())
                .map(c -> limited(c, "content", maxSystemPromptChars, "limits.max_system_prompt_chars"))
                .orElseThrow(() -> ApiError.badRequest("invalid_field", "content must be a non-empty string"));
        if (store.find(id).isEmpty()) {
            throw unknown(id);
        }
        Summary edited = store.editSummary(id, summaryId, content)
                .orElseThrow(() ->
                        ApiError.notFound("summary_not_found", "session " + id + " holds no summary " + summaryId));
        Json.ok(res, MessageJson.summary(edited));
    }

    private static long summaryId(String text) {
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiError.badRequest("invalid_summary_id", "summary_id is not a positive integer: " + text);
    }

    private Optional<ContextStrategy> contextStrategy(ObjectNode body) {
        return Fields.string(body, "context_strategy")
                .map(s -> ContextStrategy.fromWire(s)
                        .orElseThrow(() -> ApiError.badRequest(
                                "invalid_field", "context_strategy must be trim or summarize (or null)")));
    }

    private Optional<String> title(ObjectNode body) {
        return Fields.string(body, "title").map(t -> limited(t, "title", maxTitleChars, "limits.max_title_chars"));
    }

    private Optional<String> systemPrompt(ObjectNode body) {
        return Fields.string(body, "system_prompt")
                .map(p -> limited(p, "system_prompt", maxSystemPromptChars, "limits.max_system_prompt_chars"));
    }

    private java.util.Optional<String> model(ObjectNode body) {
        java.util.Optional<String> model = Fields.string(body, "model");
        if (model.isPresent() && !servedModel.test(model.get())) {
            throw new EngineException(ErrorCode.MODEL_NOT_FOUND, "no chat model named " + model.get() + " is served");
        }
        return model;
    }

    private static String limited(String value, String field, int max, String key) {
        if (value.length() > max) {
            throw ApiError.badRequest("field_too_long", field + " is longer than " + key + " (" + max + ")");
        }
        return value;
    }

    private static UUID sessionId(ServerRequest req) {
        return Fields.uuid(req.path().pathParameters().get("id"), "session_id");
    }

    private static EngineException unknown(UUID id) {
        return new EngineException(ErrorCode.SESSION_NOT_FOUND, "unknown session: " + id);
    }

    static int queryInt(ServerRequest req, String name, int fallback, int min, int max) {
        var value = req.query().first(name).asOptional();
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.get().strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiError.badRequest("invalid_query", name + " must be an integer from " + min + " to " + max);
    }
}
