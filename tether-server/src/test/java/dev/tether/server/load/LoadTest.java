package dev.tether.server.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.engine.Engine;
import dev.tether.engine.config.TetherConfig;
import dev.tether.server.TetherServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200 sessions × 10 turns from 32 concurrent HTTP clients against the real server (scripted provider, no delay,
 * every other turn a get_current_time tool call): what the clients saw is exactly what the store holds — over
 * {@code GET /sessions/{id}/messages} and in the SQLite file — with no error event, no lost and no duplicated message.
 */
class LoadTest {

    static final int SESSIONS = 200;
    static final int TURNS = 10;
    static final int CLIENTS = 32;

    static final String SCRIPT = """
            models: [scripted]
            chunk_delay_ms: 0
            rules:
              - on: user
                match: "time"
                chunks: ["Let me ", "check. ", "<<function_call>> {\\"name\\": \\"get_current_time\\",", " \\"arguments\\": {\\"timezone\\": \\"UTC\\"}}"]
              - on: tool
                match: ".*"
                chunks: ["It is ", "now", "."]
              - on: user
                match: ".*"
                chunks: ["Hello ", "there", ", ", "friend", "!"]
            """;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 100, unit = TimeUnit.SECONDS)
    void everyTurnIsStoredExactlyAsStreamed() throws Exception {
        Path db = dir.resolve("tether.db");
        Engine engine = Engine.start(config(db), name -> null);
        TetherServer server = new TetherServer(engine).start();
        Map<String, Expected> seen = new ConcurrentHashMap<>();
        try {
            String base = "http://127.0.0.1:" + server.port();
            runClients(base, seen);
            LoadClient reader = new LoadClient(base);
            for (Map.Entry<String, Expected> session : seen.entrySet()) {
                List<Expected.Message> stored = new ArrayList<>();
                reader.messages(session.getKey()).forEach(node -> stored.add(Expected.Message.fromStore(node)));
                assertThat(stored)
                        .as("messages of %s", session.getKey())
                        .containsExactlyElementsOf(session.getValue().messages());
            }
        } finally {
            server.stop();
            engine.close();
        }
        assertThat(seen).hasSize(SESSIONS);
        assertThat(seen.values()).flatMap(Expected::errors).isEmpty();
        assertIdsOnce(seen);
        assertSqliteFile(db, seen);
    }

    private static void runClients(String base, Map<String, Expected> seen) throws Exception {
        ConcurrentLinkedQueue<Integer> work = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < SESSIONS; i++) {
            work.add(i);
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(CLIENTS)) {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(pool.submit(() -> {
                    LoadClient client = new LoadClient(base);
                    for (Integer n = work.poll(); n != null; n = work.poll()) {
                        String session = client.newSession();
                        Expected expected = new Expected();
                        for (int turn = 0; turn < TURNS; turn++) {
                            String prompt = turn % 2 == 0
                                    ? "session " + n + " turn " + turn + ": what time is it?"
                                    : "session " + n + " turn " + turn + ": hello";
                            expected.addTurn(prompt, client.chat(session, prompt));
                        }
                        seen.put(session, expected);
                    }
                    return null;
                }));
            }
            for (Future<?> client : clients) {
                client.get();
            }
        }
    }

    private static void assertIdsOnce(Map<String, Expected> seen) {
        List<String> calls =
                seen.values().stream().flatMap(e -> e.toolCallIds().stream()).toList();
        List<String> results =
                seen.values().stream().flatMap(e -> e.toolResultIds().stream()).toList();
        assertThat(calls).hasSize(SESSIONS * TURNS / 2).doesNotHaveDuplicates();
        assertThat(results).containsExactlyInAnyOrderElementsOf(calls);
    }

    /** The file itself, read after the server closed it: the same counts and each tool call id once. */
    private static void assertSqliteFile(Path db, Map<String, Expected> seen) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        List<String> resultIds = new ArrayList<>();
        try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement query = sql.createStatement()) {
            try (ResultSet rows = query.executeQuery("SELECT session_id, COUNT(*) FROM messages GROUP BY session_id")) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getInt(2));
                }
            }
            try (ResultSet rows = query.executeQuery("SELECT tool_call_id FROM messages WHERE role = 'tool'")) {
                while (rows.next()) {
                    resultIds.add(rows.getString(1));
                }
            }
            try (ResultSet rows = query.executeQuery("SELECT id, message_count FROM sessions")) {
                while (rows.next()) {
                    assertThat(rows.getInt(2))
                            .as("message_count of %s", rows.getString(1))
                            .isEqualTo(counts.get(rows.getString(1)));
                }
            }
        }
        Map<String, Integer> expected = new HashMap<>();
        seen.forEach((session, turns) -> expected.put(session, turns.messages().size()));
        assertThat(counts).isEqualTo(expected);
        // user + assistant, and for a tool turn also the assistant's call and the tool result
        assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(SESSIONS * TURNS * 3);
        assertThat(resultIds)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(seen.values().stream()
                        .flatMap(e -> e.toolCallIds().stream())
                        .toList());
    }

    private static TetherConfig config(Path db) throws Exception {
        Path dir = db.getParent();
        Path script = dir.resolve("script.yml");
        Files.writeString(script, SCRIPT);
        Path config = dir.resolve("tether.yml");
        Files.writeString(config, """
                host: 127.0.0.1
                port: 0
                data_dir: "%s"
                providers:
                  model: { impl: scripted, args: { script: "%s" } }
                  session_store: { url: "jdbc:sqlite:%s" }
                tools: { enabled: [get_current_time] }
                limits: { max_concurrent_turns: %d, max_queued_turns: %d }
                mcp: { http: { enabled: false } }
                """.formatted(yaml(dir), yaml(script), yaml(db), CLIENTS, CLIENTS));
        return TetherConfig.load(Optional.of(config), Map.of(), name -> null);
    }

    private static String yaml(Path path) {
        return path.toAbsolutePath().toString().replace('\\', '/');
    }
}
