package dev.tether.engine.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.ContextStrategy;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.engine.chat.ToolCall;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Sessions and messages in one SQLite file (WAL: readers never wait for the writer), through Helidon DbClient:
 * {@code writer} has the one writer connection and is used only under {@code writeLock}, each write one transaction,
 * durable when the method returns; {@code reader} has a few read connections.
 */
public final class SqliteSessionStore implements SessionStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int READERS = 4;
    /** {@code path}: the messages from the root to message {@code ?} of session {@code ?}. */
    private static final String PATH = "WITH RECURSIVE path(id, parent_id) AS ("
            + "SELECT id, parent_id FROM messages WHERE id = ? AND session_id = ? "
            + "UNION ALL SELECT m.id, m.parent_id FROM messages m JOIN path ON m.id = path.parent_id) ";

    private static final String SESSION_COLUMNS =
            "id, title, system_prompt, created_at, updated_at, message_count, model, context_strategy";
    private static final String MARKS = "char(" + (int) SearchHit.OPEN + "), char(" + (int) SearchHit.CLOSE + ")";
    /**
     * Sessions matching by title or message, each with its marked title and its best message's id and marked snippet
     * ({@code id:snippet}, one lookup for both).
     */
    private static final String SEARCH = "SELECT " + SESSION_COLUMNS + ", "
            + "(SELECT highlight(sessions_fts, 1, " + MARKS + ") FROM sessions_fts "
            + "WHERE sessions_fts MATCH ? AND session_id = sessions.id) AS title_marked, "
            + "(SELECT m.id || ':' || snippet(messages_fts, 0, " + MARKS + ", '…', 8) FROM messages_fts "
            + "JOIN messages m ON m.id = messages_fts.rowid "
            + "WHERE messages_fts MATCH ? AND m.session_id = sessions.id ORDER BY messages_fts.rank, m.id DESC "
            + "LIMIT 1) AS snippet_marked "
            + "FROM sessions "
            + "WHERE id IN (SELECT session_id FROM sessions_fts WHERE sessions_fts MATCH ?) "
            + "OR id IN (SELECT m.session_id FROM messages_fts f JOIN messages m ON m.id = f.rowid "
            + "WHERE messages_fts MATCH ?) "
            + "ORDER BY updated_at DESC, created_at DESC, rowid DESC LIMIT ? OFFSET ?";

    private static final String SUMMARY_COLUMNS =
            "id, through_message_id, messages, tokens, content, created_at, edited_at";

    private final SqliteConnections connections;
    private final DbClient writer;
    private final DbClient reader;
    private final ReentrantLock writeLock = new ReentrantLock(true);

    private SqliteSessionStore(SqliteConnections connections) {
        this.connections = connections;
        this.writer =
                JdbcClientBuilder.create().connectionPool(connections.writer()).build();
        this.reader =
                JdbcClientBuilder.create().connectionPool(connections.readers()).build();
    }

    /** Opens (creating if needed) the database at a {@code jdbc:sqlite:} URL and brings its schema up to date. */
    public static SqliteSessionStore open(String url) {
        if (!url.startsWith("jdbc:sqlite:")) {
            throw new EngineException(ErrorCode.STORE_ERROR, "session store url must start with jdbc:sqlite:");
        }
        createParentDirectory(url);
        SqliteConnections connections;
        try {
            connections = new SqliteConnections(url, READERS);
        } catch (RuntimeException e) {
            throw new EngineException(ErrorCode.STORE_ERROR, "cannot open the session store: " + e.getMessage());
        }
        SqliteSessionStore store = new SqliteSessionStore(connections);
        try {
            Migrations.apply(connections.writer());
            InterruptedTurns.close(connections.writer());
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    private static void createParentDirectory(String url) {
        String file = url.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        file = query >= 0 ? file.substring(0, query) : file;
        if (file.isEmpty() || file.equals(":memory:") || file.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new EngineException(ErrorCode.STORE_ERROR, "cannot create " + parent + ": " + e.getMessage());
        }
    }

    @Override
    public Session create(String title, String systemPrompt) {
        UUID id = UUID.randomUUID();
        long now = Time.now();
        write(() -> writer.execute()
                .insert(
                        "INSERT INTO sessions(id, title, system_prompt, created_at, updated_at, message_count) "
                                + "VALUES (?, ?, ?, ?, ?, 0)",
                        id.toString(),
                        title == null ? "" : title,
                        blankToNull(systemPrompt),
                        now,
                        now));
        return new Session(id, title, blankToNull(systemPrompt), Time.instant(now), Time.instant(now), 0);
    }

    @Override
    public Optional<Session> find(UUID id) {
        return read(() -> reader.execute()
                .get("SELECT " + SESSION_COLUMNS + " FROM sessions WHERE id = ?", id.toString())
                .map(SqliteSessionStore::session));
    }

    @Override
    public void saveResponse(StoredResponse response) {
        write(() -> writer.execute()
                .insert(
                        "INSERT INTO responses(id, session_id, message_count, body, created_at, leaf_id) "
                                + "VALUES (?, ?, ?, ?, ?, ?)",
                        response.id(),
                        response.sessionId().toString(),
                        response.messageCount(),
                        response.body(),
                        Time.now(),
                        response.leafId() == ROOT ? null : response.leafId()));
    }

    @Override
    public Optional<StoredResponse> response(String id) {
        return read(() -> reader.execute()
                .get("SELECT id, session_id, message_count, body, leaf_id FROM responses WHERE id = ?", id)
                .map(row -> new StoredResponse(
                        string(row, "id"),
                        UUID.fromString(string(row, "session_id")),
                        (int) number(row, "message_count"),
                        string(row, "body"),
                        number(row, "leaf_id"))));
    }

    @Override
    public List<Session> list(int limit, int offset) {
        return read(() -> {
            try (Stream<DbRow> rows = reader.execute()
                    .query(
                            "SELECT " + SESSION_COLUMNS
                                    + " FROM sessions ORDER BY updated_at DESC, created_at DESC, rowid DESC LIMIT ? OFFSET ?",
                            limit,
                            offset)) {
                return rows.map(SqliteSessionStore::session).toList();
            }
        });
    }

    @Override
    public Optional<Session> update(UUID id, SessionUpdate update) {
        long changed = write(() -> writer.execute()
                .update(
                        "UPDATE sessions SET title = COALESCE(?, title), "
                                + "system_prompt = CASE WHEN ? IS NULL THEN system_prompt WHEN ? = '' THEN NULL ELSE ? END, "
                                + "model = COALESCE(?, model), "
                                + "context_strategy = CASE WHEN ? THEN NULL ELSE COALESCE(?, context_strategy) END, "
                                + "updated_at = ? WHERE id = ?",
                        update.title(),
                        update.systemPrompt(),
                        update.systemPrompt(),
                        update.systemPrompt(),
                        blankToNull(update.model()),
                        update.clearContextStrategy(),
                        update.contextStrategy() == null
                                ? null
                                : update.contextStrategy().wireName(),
                        Time.now(),
                        id.toString()));
        return changed == 0 ? Optional.empty() : find(id);
    }

    @Override
    public boolean delete(UUID id) {
        return write(() -> writer.execute().delete("DELETE FROM sessions WHERE id = ?", id.toString())) > 0;
    }

    @Override
    public int deleteAll() {
        return (int) (long) write(() -> writer.execute().delete("DELETE FROM sessions"));
    }

    @Override
    public long append(UUID sessionId, Message message) {
        return write(() -> inTransaction(tx -> {
            long parent = tx.get("SELECT active_leaf FROM sessions WHERE id = ?", sessionId.toString())
                    .map(row -> number(row, "active_leaf"))
                    .orElseThrow(() -> unknownSession(sessionId));
            touch(tx, sessionId, message);
            long id = insert(tx, sessionId, parent, message);
            // the new message continues the active path: one more on it
            tx.update(
                    "UPDATE sessions SET active_leaf = ?, message_count = message_count + 1 WHERE id = ?",
                    id,
                    sessionId.toString());
            return id;
        }));
    }

    @Override
    public long appendAfter(UUID sessionId, long parentId, Message message) {
        return write(() -> inTransaction(tx -> {
            touch(tx, sessionId, message);
            if (parentId != ROOT && !holds(tx, sessionId, parentId)) {
                throw new EngineException(ErrorCode.MESSAGE_NOT_FOUND, "this session has no message " + parentId);
            }
            long id = insert(tx, sessionId, parentId, message);
            makeActive(tx, sessionId, id);
            return id;
        }));
    }

    @Override
    public boolean activate(UUID sessionId, long messageId) {
        return write(() -> inTransaction(tx -> {
                    // a child is always newer than its parent, so the newest message below is a leaf
                    long leaf = tx.get(
                                    "WITH RECURSIVE below(id) AS (SELECT id FROM messages WHERE id = ? AND session_id = ? "
                                            + "UNION ALL SELECT m.id FROM messages m JOIN below ON m.parent_id = below.id) "
                                            + "SELECT MAX(id) AS id FROM below",
                                    messageId,
                                    sessionId.toString())
                            .map(row -> number(row, "id"))
                            .orElse(ROOT);
                    if (leaf != ROOT) {
                        makeActive(tx, sessionId, leaf);
                    }
                    return leaf;
                }))
                != ROOT;
    }

    /**
     * Marks the session written at the message's time; the model that wrote an answer becomes the session's model.
     * Throws NOT_FOUND for an unknown session.
     */
    private static void touch(DbTransaction tx, UUID sessionId, Message message) {
        long touched = tx.update(
                "UPDATE sessions SET updated_at = MAX(updated_at, ?), model = COALESCE(?, model) WHERE id = ?",
                Time.of(message.createdAt()),
                message.model(),
                sessionId.toString());
        if (touched == 0) {
            throw unknownSession(sessionId);
        }
    }

    /** Inserts one message under {@code parentId}; returns the new id. */
    private static long insert(DbTransaction tx, UUID sessionId, long parentId, Message message) {
        long now = Time.of(message.createdAt());
        tx.insert(
                "INSERT INTO messages(session_id, parent_id, role, content, tool_calls, tool_call_id, name, "
                        + "finish_reason, created_at, reasoning, reasoning_ms, model, error_code, error_message) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                sessionId.toString(),
                parentId == ROOT ? null : parentId,
                message.role().wireName(),
                message.content(),
                toolCallsJson(message.toolCalls()),
                message.toolCallId(),
                message.name(),
                message.finishReason() == null ? null : message.finishReason().wireName(),
                now,
                blankToNull(message.reasoning()),
                message.reasoning().isEmpty() ? null : message.reasoningMs(),
                message.model(),
                message.error() == null ? null : message.error().code(),
                message.error() == null ? null : message.error().message());
        return lastInsertId(tx);
    }

    /** The id of the row {@code tx} inserted last (the transaction holds the writer's one connection). */
    private static long lastInsertId(DbTransaction tx) {
        return tx.get("SELECT last_insert_rowid() AS id")
                .map(row -> number(row, "id"))
                .orElseThrow();
    }

    /** {@code leafId} becomes the active leaf; the session's message count is the length of the path to it. */
    private static void makeActive(DbTransaction tx, UUID sessionId, long leafId) {
        tx.update(
                "UPDATE sessions SET active_leaf = ?, message_count = (" + PATH + "SELECT COUNT(*) FROM path) "
                        + "WHERE id = ?",
                leafId,
                leafId,
                sessionId.toString(),
                sessionId.toString());
    }

    private static boolean holds(DbTransaction tx, UUID sessionId, long messageId) {
        return tx.get("SELECT id FROM messages WHERE session_id = ? AND id = ?", sessionId.toString(), messageId)
                .isPresent();
    }

    @Override
    public List<Message> messages(UUID sessionId) {
        return history(sessionId).stream().map(StoredMessage::message).toList();
    }

    @Override
    public List<StoredMessage> history(UUID sessionId) {
        return read(() -> history(reader.execute(), sessionId));
    }

    @Override
    public List<StoredMessage> path(UUID sessionId, long messageId) {
        return read(() -> path(reader.execute(), sessionId, messageId));
    }

    @Override
    public Map<Long, List<Long>> branches(UUID sessionId) {
        return read(() -> branches(reader.execute(), sessionId));
    }

    @Override
    public ConversationView view(UUID sessionId) {
        return read(() -> {
            // one read transaction: a turn storing a message meanwhile shows in all three parts or in none
            DbTransaction tx = reader.transaction();
            try {
                ConversationView view =
                        new ConversationView(history(tx, sessionId), branches(tx, sessionId), summaries(tx, sessionId));
                tx.commit();
                return view;
            } catch (RuntimeException e) {
                tx.rollback();
                throw e;
            }
        });
    }

    private static List<StoredMessage> history(DbExecute db, UUID sessionId) {
        return db.get("SELECT active_leaf FROM sessions WHERE id = ?", sessionId.toString())
                .map(row -> number(row, "active_leaf"))
                .filter(leaf -> leaf != ROOT)
                .map(leaf -> path(db, sessionId, leaf))
                .orElse(List.of());
    }

    private static List<StoredMessage> path(DbExecute db, UUID sessionId, long messageId) {
        // along a path each message is newer than its parent, so id order is the path's order
        try (Stream<DbRow> rows = db.query(
                "SELECT id, parent_id, role, content, tool_calls, tool_call_id, name, finish_reason, "
                        + "created_at, reasoning, reasoning_ms, " + ModelAndError.COLUMNS
                        + " FROM messages WHERE id IN (" + PATH
                        + "SELECT id FROM path) ORDER BY id",
                messageId,
                sessionId.toString())) {
            return rows.map(row -> new StoredMessage(number(row, "id"), message(row), number(row, "parent_id")))
                    .toList();
        }
    }

    private static Map<Long, List<Long>> branches(DbExecute db, UUID sessionId) {
        try (Stream<DbRow> rows = db.query(
                "SELECT id, parent_id FROM messages WHERE session_id = ? AND COALESCE(parent_id, 0) IN "
                        + "(SELECT COALESCE(parent_id, 0) FROM messages WHERE session_id = ? "
                        + "GROUP BY COALESCE(parent_id, 0) HAVING COUNT(*) > 1) ORDER BY id",
                sessionId.toString(),
                sessionId.toString())) {
            Map<Long, List<Long>> children = new LinkedHashMap<>();
            rows.forEach(row -> children.computeIfAbsent(number(row, "parent_id"), p -> new ArrayList<>())
                    .add(number(row, "id")));
            return children;
        }
    }

    @Override
    public List<Session> search(String text, int limit, int offset) {
        return searchHits(text, limit, offset).stream().map(SearchHit::session).toList();
    }

    @Override
    public List<SearchHit> searchHits(String text, int limit, int offset) {
        return SearchQuery.of(text)
                .map(query -> read(() -> {
                    try (Stream<DbRow> rows =
                            reader.execute().query(SEARCH, query, query, query, query, limit, offset)) {
                        return rows.map(row -> SearchHit.of(
                                        session(row), string(row, "title_marked"), string(row, "snippet_marked")))
                                .toList();
                    }
                }))
                .orElse(List.of());
    }

    @Override
    public Summary saveSummary(UUID sessionId, Summary.Draft draft) {
        long now = Time.now();
        long id = write(() -> inTransaction(tx -> {
            if (!holds(tx, sessionId, draft.throughMessageId())) {
                throw new EngineException(ErrorCode.MESSAGE_GONE, "message " + draft.throughMessageId() + " is gone");
            }
            tx.insert(
                    "INSERT INTO summaries(session_id, through_message_id, messages, tokens, content, created_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?)",
                    sessionId.toString(),
                    draft.throughMessageId(),
                    draft.messages(),
                    draft.tokens(),
                    draft.content(),
                    now);
            return lastInsertId(tx);
        }));
        return new Summary(
                id,
                draft.throughMessageId(),
                draft.messages(),
                draft.tokens(),
                draft.content(),
                Time.instant(now),
                null);
    }

    @Override
    public List<Summary> summaries(UUID sessionId) {
        return read(() -> summaries(reader.execute(), sessionId));
    }

    private static List<Summary> summaries(DbExecute db, UUID sessionId) {
        try (Stream<DbRow> rows = db.query(
                "SELECT " + SUMMARY_COLUMNS + " FROM summaries WHERE session_id = ? ORDER BY id",
                sessionId.toString())) {
            return rows.map(SqliteSessionStore::summary).toList();
        }
    }

    @Override
    public Optional<Summary> editSummary(UUID sessionId, long summaryId, String content) {
        long changed = write(() -> writer.execute()
                .update(
                        "UPDATE summaries SET content = ?, edited_at = ? WHERE session_id = ? AND id = ?",
                        content,
                        Time.now(),
                        sessionId.toString(),
                        summaryId));
        if (changed == 0) {
            return Optional.empty();
        }
        return read(() -> reader.execute()
                .get("SELECT " + SUMMARY_COLUMNS + " FROM summaries WHERE id = ?", summaryId)
                .map(SqliteSessionStore::summary));
    }

    @Override
    public boolean healthy() {
        try {
            return read(() -> reader.execute().get("SELECT 1 AS ok").isPresent());
        } catch (EngineException e) {
            return false;
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            writer.close();
            reader.close();
        } catch (RuntimeException ignored) {
            // the connections are closed below either way
        } finally {
            connections.close();
            writeLock.unlock();
        }
    }

    private long inTransaction(Function<DbTransaction, Long> work) {
        DbTransaction tx = writer.transaction();
        try {
            long result = work.apply(tx);
            tx.commit();
            return result;
        } catch (RuntimeException e) {
            tx.rollback();
            throw e;
        }
    }

    private static EngineException unknownSession(UUID sessionId) {
        return new EngineException(ErrorCode.SESSION_NOT_FOUND, "unknown session: " + sessionId);
    }

    private <T> T read(Supplier<T> query) {
        try {
            return query.get();
        } catch (EngineException e) {
            throw e;
        } catch (RuntimeException e) {
            throw storeError(e);
        }
    }

    private long write(Supplier<Long> statement) {
        writeLock.lock();
        try {
            return read(statement);
        } finally {
            connections.afterWrite();
            writeLock.unlock();
        }
    }

    private static EngineException storeError(RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new EngineException(ErrorCode.STORE_ERROR, "the session store failed: " + root.getMessage(), e);
    }

    private static Session session(DbRow row) {
        return new Session(
                UUID.fromString(string(row, "id")),
                string(row, "title"),
                string(row, "system_prompt"),
                Time.instant(number(row, "created_at")),
                Time.instant(number(row, "updated_at")),
                (int) number(row, "message_count"),
                string(row, "model"),
                Optional.ofNullable(string(row, "context_strategy"))
                        .flatMap(ContextStrategy::fromWire)
                        .orElse(null));
    }

    private static Summary summary(DbRow row) {
        long edited = number(row, "edited_at");
        return new Summary(
                number(row, "id"),
                number(row, "through_message_id"),
                (int) number(row, "messages"),
                (int) number(row, "tokens"),
                string(row, "content"),
                Time.instant(number(row, "created_at")),
                edited == 0 ? null : Time.instant(edited));
    }

    private static Message message(DbRow row) {
        String finish = string(row, "finish_reason");
        return new Message(
                Role.fromWire(string(row, "role")),
                string(row, "content"),
                toolCalls(string(row, "tool_calls")),
                string(row, "tool_call_id"),
                string(row, "name"),
                finish == null ? null : FinishReason.fromWire(finish),
                Time.instant(number(row, "created_at")),
                string(row, "reasoning"),
                number(row, "reasoning_ms"),
                string(row, "model"),
                ModelAndError.error(string(row, "error_code"), string(row, "error_message")));
    }

    private static String string(DbRow row, String column) {
        Object value = row.column(column).asOptional().orElse(null);
        return value == null ? null : value.toString();
    }

    private static long number(DbRow row, String column) {
        Object value = row.column(column).asOptional().orElse(null);
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static String toolCallsJson(List<ToolCall> calls) {
        if (calls.isEmpty()) {
            return null;
        }
        ArrayNode array = JSON.createArrayNode();
        for (ToolCall call : calls) {
            array.addObject().put("id", call.id()).put("name", call.name()).set("arguments", call.arguments());
        }
        return array.toString();
    }

    private static List<ToolCall> toolCalls(String json) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        try {
            List<ToolCall> calls = new ArrayList<>();
            for (JsonNode node : JSON.readTree(json)) {
                calls.add(new ToolCall(
                        node.get("id").asText(), node.get("name").asText(), (ObjectNode) node.get("arguments")));
            }
            return calls;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored tool calls are not JSON", e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Timestamps are stored as microseconds since the epoch, so ordering keeps sub-millisecond writes apart. */
    static final class Time {
        static long now() {
            return of(Instant.now());
        }

        static long of(Instant t) {
            return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
        }

        static Instant instant(long micros) {
            return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
        }
    }
}
