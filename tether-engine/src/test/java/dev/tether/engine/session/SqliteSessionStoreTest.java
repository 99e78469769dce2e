package dev.tether.engine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.engine.chat.ToolCall;
import dev.tether.engine.error.EngineException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteSessionStoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private String url;
    private SqliteSessionStore store;

    @BeforeEach
    void open() {
        url = "jdbc:sqlite:" + dir.resolve("nested/data/tether.db");
        store = SqliteSessionStore.open(url);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void createsFindsAndUpdatesSessions() {
        Session s = store.create("Trip", "Be brief.");

        assertThat(store.find(s.id())).hasValueSatisfying(found -> {
            assertThat(found.title()).isEqualTo("Trip");
            assertThat(found.systemPrompt()).isEqualTo("Be brief.");
            assertThat(found.messageCount()).isZero();
        });
        assertThat(store.update(s.id(), new SessionUpdate("Trip to Oslo", null)))
                .hasValueSatisfying(u -> {
                    assertThat(u.title()).isEqualTo("Trip to Oslo");
                    assertThat(u.systemPrompt()).isEqualTo("Be brief.");
                });
        assertThat(store.update(s.id(), new SessionUpdate(null, "")))
                .hasValueSatisfying(u -> assertThat(u.systemPrompt()).isNull());
        assertThat(store.update(UUID.randomUUID(), new SessionUpdate("x", null)))
                .isEmpty();
        assertThat(store.find(UUID.randomUUID())).isEmpty();
    }

    @Test
    void listsNewestFirstWithPaging() {
        Session a = store.create("a", null);
        Session b = store.create("b", null);
        Session c = store.create("c", null);
        store.append(a.id(), Message.user("touch a"));

        assertThat(store.list(10, 0)).extracting(Session::title).containsExactly("a", "c", "b");
        assertThat(store.list(1, 1)).extracting(Session::title).containsExactly("c");
        assertThat(store.list(10, 0).getFirst().messageCount()).isEqualTo(1);
        assertThat(b.id()).isNotEqualTo(c.id());
    }

    @Test
    void messagesKeepOrderToolCallsAndSurviveReopening() throws Exception {
        Session s = store.create("", null);
        ObjectNode args = (ObjectNode) JSON.readTree("{\"city\":\"Zürich\",\"days\":2}");
        List<Message> written = List.of(
                Message.user("weather?"),
                Message.assistant(
                        "Let me look. ", List.of(new ToolCall("call_1", "forecast", args)), FinishReason.STOP),
                Message.tool("call_1", "forecast", "{\"temp\":3}"),
                Message.assistant("It is 3 °C. 🌧", List.of(), FinishReason.STOP));
        written.forEach(m -> store.append(s.id(), m));

        store.close();
        store = SqliteSessionStore.open(url);

        List<Message> read = store.messages(s.id());
        assertThat(read)
                .extracting(Message::role)
                .containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT);
        assertThat(read)
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("createdAt")
                .isEqualTo(written);
        assertThat(read.get(0).createdAt()).isBeforeOrEqualTo(read.get(3).createdAt());
        assertThat(store.find(s.id()).orElseThrow().messageCount()).isEqualTo(4);
    }

    @Test
    void deletingASessionDeletesItsMessages() throws Exception {
        Session keep = store.create("keep", null);
        Session drop = store.create("drop", null);
        store.append(keep.id(), Message.user("k"));
        store.append(drop.id(), Message.user("d1"));
        store.append(drop.id(), Message.user("d2"));

        assertThat(store.delete(drop.id())).isTrue();
        assertThat(store.delete(drop.id())).isFalse();

        assertThat(store.messages(drop.id())).isEmpty();
        assertThat(rawCount("SELECT COUNT(*) FROM messages")).isEqualTo(1);
        assertThat(store.deleteAll()).isEqualTo(1);
        assertThat(rawCount("SELECT COUNT(*) FROM messages")).isZero();
    }

    @Test
    void appendingToAnUnknownSessionIsNotFoundAndWritesNothing() throws Exception {
        assertThatThrownBy(() -> store.append(UUID.randomUUID(), Message.user("x")))
                .isInstanceOfSatisfying(EngineException.class, e -> {
                    assertThat(e.kind()).isEqualTo(EngineException.Kind.NOT_FOUND);
                    assertThat(e.code()).isEqualTo("session_not_found");
                });
        assertThat(rawCount("SELECT COUNT(*) FROM messages")).isZero();
    }

    @Test
    void usesWalAndRecordsTheSchemaVersion() throws Exception {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
            }
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(Migrations.latest());
            }
        }
    }

    @Test
    void aDatabaseFromANewerTetherIsRefused() throws Exception {
        store.close();
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 99");
        }
        assertThatThrownBy(() -> SqliteSessionStore.open(url))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("newer");
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = " + Migrations.latest());
        }
        store = SqliteSessionStore.open(url);
    }

    @Test
    void readersAreServedWhileOneWriterStreams() throws Exception {
        Session busy = store.create("busy", null);
        Session other = store.create("other", null);
        store.append(other.id(), Message.user("hello"));
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch firstWrite = new CountDownLatch(1);
        Future<Integer> writer = pool.submit(() -> {
            int n = 0;
            while (writing.get() && n < 2000) {
                store.append(busy.id(), Message.assistant("chunk " + n++, List.of(), null));
                firstWrite.countDown();
            }
            return n;
        });
        assertThat(firstWrite.await(10, TimeUnit.SECONDS)).isTrue();
        List<Future<Integer>> readers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            readers.add(pool.submit(() -> {
                int reads = 0;
                for (int j = 0; j < 25; j++) {
                    assertThat(store.messages(other.id())).hasSize(1);
                    assertThat(store.list(50, 0)).hasSize(2);
                    reads++;
                }
                return reads;
            }));
        }
        for (Future<Integer> r : readers) {
            assertThat(r.get(30, TimeUnit.SECONDS)).isEqualTo(25);
        }
        writing.set(false);
        int written = writer.get(30, TimeUnit.SECONDS);
        pool.shutdown();
        assertThat(store.messages(busy.id())).hasSize(written);
        assertThat(store.healthy()).isTrue();
    }

    @Test
    void aClosedStoreIsUnhealthyAndFailsClearly() {
        store.close();
        assertThat(store.healthy()).isFalse();
        assertThatThrownBy(() -> store.list(10, 0))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.code()).isEqualTo("store_error"));
        store = SqliteSessionStore.open(url);
    }

    private long rawCount(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
