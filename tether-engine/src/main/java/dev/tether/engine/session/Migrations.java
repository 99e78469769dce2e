package dev.tether.engine.session;

import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import io.helidon.dbclient.jdbc.JdbcConnectionPool;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The schema, as numbered steps applied in order at start-up; SQLite's {@code user_version} records the last one
 * applied. Append steps, never edit old ones.
 */
final class Migrations {

    private static final List<List<String>> STEPS = List.of(
            List.of(
                    """
                    CREATE TABLE sessions (
                        id            TEXT PRIMARY KEY,
                        title         TEXT NOT NULL DEFAULT '',
                        system_prompt TEXT,
                        created_at    INTEGER NOT NULL,
                        updated_at    INTEGER NOT NULL,
                        message_count INTEGER NOT NULL DEFAULT 0
                    )""",
                    """
                    CREATE TABLE messages (
                        id            INTEGER PRIMARY KEY AUTOINCREMENT,
                        session_id    TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                        role          TEXT NOT NULL,
                        content       TEXT NOT NULL,
                        tool_calls    TEXT,
                        tool_call_id  TEXT,
                        name          TEXT,
                        finish_reason TEXT,
                        created_at    INTEGER NOT NULL
                    )""",
                    "CREATE INDEX messages_by_session ON messages(session_id, id)",
                    "CREATE INDEX sessions_by_update ON sessions(updated_at DESC, created_at DESC)"),
            // full-text search over titles and the user's and assistant's words (tool output stays out)
            List.of(
                    """
                    CREATE VIRTUAL TABLE messages_fts USING fts5(content, content='messages', content_rowid='id',
                        tokenize='unicode61 remove_diacritics 2')""",
                    """
                    CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages
                    WHEN new.role IN ('user', 'assistant') BEGIN
                        INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
                    END""",
                    """
                    CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
                    WHEN old.role IN ('user', 'assistant') BEGIN
                        INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
                    END""",
                    """
                    CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages
                    WHEN old.role IN ('user', 'assistant') BEGIN
                        INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
                        INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
                    END""",
                    "INSERT INTO messages_fts(rowid, content) "
                            + "SELECT id, content FROM messages WHERE role IN ('user', 'assistant')",
                    """
                    CREATE VIRTUAL TABLE sessions_fts USING fts5(session_id UNINDEXED, title,
                        tokenize='unicode61 remove_diacritics 2')""",
                    """
                    CREATE TRIGGER sessions_fts_insert AFTER INSERT ON sessions BEGIN
                        INSERT INTO sessions_fts(session_id, title) VALUES (new.id, new.title);
                    END""",
                    """
                    CREATE TRIGGER sessions_fts_delete AFTER DELETE ON sessions BEGIN
                        DELETE FROM sessions_fts WHERE session_id = old.id;
                    END""",
                    """
                    CREATE TRIGGER sessions_fts_title AFTER UPDATE OF title ON sessions BEGIN
                        UPDATE sessions_fts SET title = new.title WHERE session_id = old.id;
                    END""",
                    "INSERT INTO sessions_fts(session_id, title) SELECT id, title FROM sessions"),
            // the Responses API: each response is a point in a session (its first message_count messages)
            List.of("""
                    CREATE TABLE responses (
                        id            TEXT PRIMARY KEY,
                        session_id    TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                        message_count INTEGER NOT NULL,
                        body          TEXT NOT NULL,
                        created_at    INTEGER NOT NULL
                    )""", "CREATE INDEX responses_by_session ON responses(session_id)"),
            // an assistant message's reasoning, shown after a reload; never sent back to a model
            List.of(
                    "ALTER TABLE messages ADD COLUMN reasoning TEXT",
                    "ALTER TABLE messages ADD COLUMN reasoning_ms INTEGER"),
            // versions: messages form a tree (an edit or a regenerate adds a sibling branch and keeps the old one);
            // a session shows the path from the root to its active leaf; a response remembers the leaf it ended at.
            // An existing session is one straight branch: each message's parent is the one before it.
            List.of(
                    "ALTER TABLE messages ADD COLUMN parent_id INTEGER",
                    "ALTER TABLE sessions ADD COLUMN active_leaf INTEGER",
                    "ALTER TABLE responses ADD COLUMN leaf_id INTEGER",
                    """
                    UPDATE messages SET parent_id = (SELECT MAX(p.id) FROM messages p
                        WHERE p.session_id = messages.session_id AND p.id < messages.id)""",
                    "UPDATE sessions SET active_leaf = (SELECT MAX(id) FROM messages WHERE session_id = sessions.id)",
                    // a response's leaf is its session's message_count-th message: numbered once, not counted per
                    // response (that was cubic in a long session's length)
                    """
                    CREATE TEMP TABLE numbered AS SELECT id, session_id,
                        ROW_NUMBER() OVER (PARTITION BY session_id ORDER BY id) AS n FROM messages""",
                    "CREATE INDEX temp.numbered_at ON numbered(session_id, n)",
                    """
                    UPDATE responses SET leaf_id = (SELECT id FROM numbered
                        WHERE numbered.session_id = responses.session_id AND numbered.n = responses.message_count)""",
                    "DROP TABLE temp.numbered",
                    "CREATE INDEX messages_by_parent ON messages(parent_id)"),
            // issue #25: the model a chat uses and the one that wrote each answer; a failed answer's error
            List.of(
                    "ALTER TABLE sessions ADD COLUMN model TEXT",
                    "ALTER TABLE messages ADD COLUMN model TEXT",
                    "ALTER TABLE messages ADD COLUMN error_code TEXT",
                    "ALTER TABLE messages ADD COLUMN error_message TEXT"),
            // compaction (#27): a session's own context strategy, and the notes standing for its oldest messages
            List.of(
                    "ALTER TABLE sessions ADD COLUMN context_strategy TEXT",
                    """
                    CREATE TABLE summaries (
                        id                 INTEGER PRIMARY KEY AUTOINCREMENT,
                        session_id         TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                        through_message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
                        messages           INTEGER NOT NULL,
                        tokens             INTEGER NOT NULL,
                        content            TEXT NOT NULL,
                        created_at         INTEGER NOT NULL,
                        edited_at          INTEGER
                    )""",
                    "CREATE INDEX summaries_by_session ON summaries(session_id, through_message_id)",
                    "CREATE INDEX summaries_by_message ON summaries(through_message_id)"));

    private Migrations() {}

    /** The schema version this code writes. */
    static int latest() {
        return STEPS.size();
    }

    static void apply(JdbcConnectionPool pool) {
        apply(pool, latest());
    }

    /** Brings the schema up to version {@code target} (tests build an older database with it). */
    static void apply(JdbcConnectionPool pool, int target) {
        try (Connection c = pool.connection();
                Statement s = c.createStatement()) {
            int version = version(s);
            if (version > latest()) {
                throw new EngineException(
                        ErrorCode.STORE_ERROR,
                        "the database has schema version " + version + ", newer than this Tether understands ("
                                + latest() + "); upgrade Tether");
            }
            if (version >= target) {
                return;
            }
            c.setAutoCommit(false);
            for (int step = version; step < target; step++) {
                for (String sql : STEPS.get(step)) {
                    s.execute(sql);
                }
            }
            s.execute("PRAGMA user_version = " + target);
            c.commit();
        } catch (SQLException e) {
            throw new EngineException(ErrorCode.STORE_ERROR, "cannot migrate the session store: " + e.getMessage());
        }
    }

    private static int version(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
