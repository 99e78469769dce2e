package dev.tether.engine.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import io.helidon.dbclient.jdbc.JdbcConnectionPool;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/**
 * Closes turns that a crash ({@code kill -9}, power loss) cut off between a tool call and its result: at start-up each
 * unanswered call gets an error result, so every stored history stays well-formed for the next turn and for clients.
 */
final class InterruptedTurns {

    static final String RESULT = "{\"error\":\"interrupted: the server stopped before this tool ran\"}";

    private static final ObjectMapper JSON = new ObjectMapper();
    // only a session's newest assistant message can be unanswered: a later turn starts after every result is stored
    private static final String NEWEST_CALLS = "SELECT m.id, m.session_id, m.tool_calls FROM messages m JOIN "
            + "(SELECT MAX(id) AS id FROM messages WHERE role = 'assistant' GROUP BY session_id) newest "
            + "ON m.id = newest.id WHERE m.tool_calls IS NOT NULL";

    private InterruptedTurns() {}

    /** Answers every unanswered call; returns how many results were added. */
    static int close(JdbcConnectionPool pool) {
        try (Connection c = pool.connection()) {
            c.setAutoCommit(false);
            int added = 0;
            try (PreparedStatement calls = c.prepareStatement(NEWEST_CALLS);
                    ResultSet rs = calls.executeQuery()) {
                while (rs.next()) {
                    added += answer(c, rs.getLong(1), rs.getString(2), JSON.readTree(rs.getString(3)));
                }
            }
            c.commit();
            return added;
        } catch (SQLException | IOException e) {
            throw new EngineException(ErrorCode.STORE_ERROR, "cannot close interrupted turns: " + e.getMessage());
        }
    }

    private static int answer(Connection c, long assistantId, String session, JsonNode calls) throws SQLException {
        Set<String> answered = new HashSet<>();
        try (PreparedStatement q = c.prepareStatement(
                "SELECT tool_call_id FROM messages WHERE session_id = ? AND role = 'tool' AND id > ?")) {
            q.setString(1, session);
            q.setLong(2, assistantId);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    answered.add(rs.getString(1));
                }
            }
        }
        int added = 0;
        long micros = SqliteSessionStore.Time.now();
        // the results go on the turn's own branch: after the call's message and the results already stored
        long tail = assistantId;
        try (PreparedStatement q =
                c.prepareStatement("SELECT MAX(id) FROM messages WHERE session_id = ? AND role = 'tool' AND id > ?")) {
            q.setString(1, session);
            q.setLong(2, assistantId);
            try (ResultSet rs = q.executeQuery()) {
                tail = rs.next() && rs.getLong(1) > 0 ? rs.getLong(1) : tail;
            }
        }
        for (JsonNode call : calls) {
            if (answered.contains(call.path("id").asText())) {
                continue;
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO messages(session_id, parent_id, role, "
                            + "content, tool_call_id, name, created_at) VALUES (?, ?, 'tool', ?, ?, ?, ?)");
                    PreparedStatement leaf =
                            c.prepareStatement("UPDATE sessions SET active_leaf = last_insert_rowid(), "
                                    + "message_count = message_count + 1 WHERE id = ? AND active_leaf = ?")) {
                insert.setString(1, session);
                insert.setLong(2, tail);
                insert.setString(3, RESULT);
                insert.setString(4, call.path("id").asText());
                insert.setString(5, call.path("name").asText());
                insert.setLong(6, micros);
                insert.executeUpdate();
                leaf.setString(1, session);
                leaf.setLong(2, tail);
                leaf.executeUpdate();
            }
            try (PreparedStatement q = c.prepareStatement("SELECT last_insert_rowid()");
                    ResultSet rs = q.executeQuery()) {
                tail = rs.next() ? rs.getLong(1) : tail;
            }
            added++;
        }
        return added;
    }
}
