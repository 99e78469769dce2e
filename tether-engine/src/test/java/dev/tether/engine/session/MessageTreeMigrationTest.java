package dev.tether.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.engine.chat.Message;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database written before messages formed a tree (schema version 4, the reasoning step) opens as one straight
 * branch per session: each message's parent is the one before it, the last is the active leaf, and a kept response
 * points at the message it ended at.
 */
class MessageTreeMigrationTest {

    /** The last schema before the message tree. */
    private static final int BEFORE_TREE = 4;

    @TempDir
    Path dir;

    @Test
    void existingSessionsBecomeStraightBranchesAndKeepWorking() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("old.db");
        SqliteConnections old = new SqliteConnections(url, 1);
        Migrations.apply(old.writer(), BEFORE_TREE);
        old.close();
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            for (UUID session : List.of(a, b)) {
                s.execute("INSERT INTO sessions(id, title, created_at, updated_at, message_count) VALUES ('" + session
                        + "', 'old', 1, 1, 3)");
            }
            // interleaved, as two chats written at the same time would be
            String[][] rows = {
                {"a", "user", "a1"},
                {"b", "user", "b1"},
                {"a", "assistant", "a2"},
                {"b", "assistant", "b2"},
                {"a", "user", "a3"},
                {"b", "user", "b3"}
            };
            for (String[] row : rows) {
                s.execute("INSERT INTO messages(session_id, role, content, created_at) VALUES ('"
                        + (row[0].equals("a") ? a : b) + "', '" + row[1] + "', '" + row[2] + "', 2)");
            }
            s.execute("INSERT INTO responses(id, session_id, message_count, body, created_at) VALUES ('resp_old', '" + a
                    + "', 2, '{}', 3)");
            s.execute("INSERT INTO responses(id, session_id, message_count, body, created_at) VALUES ('resp_b', '" + b
                    + "', 3, '{}', 3)");
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                assertThat(rs.getInt(1)).isEqualTo(BEFORE_TREE);
            }
        }

        try (SqliteSessionStore store = SqliteSessionStore.open(url)) {
            List<StoredMessage> history = store.history(a);
            assertThat(history).extracting(m -> m.message().content()).containsExactly("a1", "a2", "a3");
            assertThat(history.get(0).parentId()).isEqualTo(SessionStore.ROOT);
            assertThat(history.get(1).parentId()).isEqualTo(history.get(0).id());
            assertThat(history.get(2).parentId()).isEqualTo(history.get(1).id());
            assertThat(store.messages(b)).extracting(Message::content).containsExactly("b1", "b2", "b3");
            assertThat(store.branches(a)).isEmpty();

            StoredResponse response = store.response("resp_old").orElseThrow();
            assertThat(response.leafId()).isEqualTo(history.get(1).id());
            assertThat(store.response("resp_b").orElseThrow().leafId())
                    .isEqualTo(store.history(b).getLast().id());

            // new writes continue the migrated branch, and a regenerate there keeps the old answer
            store.append(a, Message.assistant("a4", List.of(), null));
            assertThat(store.messages(a)).extracting(Message::content).containsExactly("a1", "a2", "a3", "a4");
            store.appendAfter(a, history.get(0).id(), Message.assistant("a2 again", List.of(), null));
            assertThat(store.messages(a)).extracting(Message::content).containsExactly("a1", "a2 again");
            assertThat(store.activate(a, history.get(1).id())).isTrue();
            assertThat(store.messages(a)).extracting(Message::content).containsExactly("a1", "a2", "a3", "a4");
            assertThat(store.find(a).orElseThrow().messageCount()).isEqualTo(4);
        }
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            assertThat(rs.getInt(1)).isEqualTo(Migrations.latest());
        }
    }
}
