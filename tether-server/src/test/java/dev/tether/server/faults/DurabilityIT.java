package dev.tether.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.server.Http;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the real server process in the middle of 100 streaming turns (half of them with a tool call),
 * then a restart on the same database: it opens intact, every turn whose {@code done} a client saw is stored whole,
 * every session is well-formed, the turns cut off are absent or end in a turn that had produced nothing yet, and the
 * server serves again.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "destroyForcibly is SIGKILL on POSIX only")
class DurabilityIT {

    private static final int TURNS = 100;
    private static final int KILL_AFTER = 40;
    private static final String SCRIPT = """
            models: [scripted]
            chunk_delay_ms: 8
            rules:
              - on: user
                match: "(?i)time"
                chunks: ["Checking. ", "<<function_call>> {\\"name\\": \\"get_current_time\\",", " \\"arguments\\": {\\"timezone\\": \\"UTC\\"}}"]
              - on: tool
                match: ".*"
                chunks: ["It ", "is ", "now ", "then", "."]
              - on: user
                match: ".*"
                chunks: ["a ", "b ", "c ", "d ", "e ", "f ", "g ", "h ", "i ", "j ", "k ", "l ", "m ", "n ", "o."]
            """;

    @TempDir
    Path dir;

    /** What one client saw: the finish reason of its {@code done}, or null when the stream broke first. */
    record Seen(String session, String prompt, String finishReason) {}

    @Test
    void aKilledServerLosesNoCommittedTurnAndServesAgain() throws Exception {
        Path config = config();
        Map<String, Seen> seen = new ConcurrentHashMap<>();
        try (ServerProcess server = ServerProcess.start(config, dir.resolve("stderr-1.txt"))) {
            List<String> sessions = new ArrayList<>();
            for (int i = 0; i < TURNS; i++) {
                sessions.add(server.http
                        .post("/sessions", "{}")
                        .json()
                        .get("session_id")
                        .asText());
            }
            CountDownLatch done = new CountDownLatch(KILL_AFTER);
            ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
            for (int i = 0; i < TURNS; i++) {
                String session = sessions.get(i);
                String prompt = (i % 2 == 0 ? "what time is it? #" : "tell me #") + i;
                clients.submit(() -> seen.put(session, turn(server.http, session, prompt, done)));
            }
            assertThat(done.await(60, TimeUnit.SECONDS)).as(server.stderr()).isTrue();
            server.kill();
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        long completed =
                seen.values().stream().filter(s -> s.finishReason() != null).count();
        assertThat(completed)
                .as("some turns finished before the kill")
                .isGreaterThanOrEqualTo(KILL_AFTER)
                .as("and some were cut off by it")
                .isLessThan(TURNS);

        assertThat(integrityCheck()).isEqualTo("ok");

        try (ServerProcess server = ServerProcess.start(config, dir.resolve("stderr-2.txt"))) {
            assertThat(server.http.get("/healthz").status()).isEqualTo(200);
            for (Seen s : seen.values()) {
                checkSession(server.http, s);
            }
            Seen cut = seen.values().stream()
                    .filter(s -> s.finishReason() == null)
                    .findFirst()
                    .orElseThrow();
            List<JsonNode> events = server.http.chat(cut.session(), "tell me again");
            assertThat(events.getLast().get("data").get("finish_reason").asText())
                    .as("a session whose turn was cut off takes the next turn")
                    .isEqualTo("stop");
        }
    }

    /** Streams one turn; counts down {@code done} when the {@code done} event arrives. */
    private static Seen turn(Http http, String session, String prompt, CountDownLatch done) {
        try {
            HttpResponse<InputStream> response = http.stream(Http.chatBody(session, prompt));
            try (BufferedReader lines = Http.reader(response.body())) {
                String line;
                while ((line = lines.readLine()) != null) {
                    JsonNode event = Faults.parse(line);
                    if (event.get("type").asText().equals("done")) {
                        Seen seen = new Seen(
                                session,
                                prompt,
                                event.get("data").get("finish_reason").asText());
                        done.countDown();
                        return seen;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the server was killed under this turn
        }
        return new Seen(session, prompt, null);
    }

    private void checkSession(Http http, Seen seen) {
        List<JsonNode> messages = new ArrayList<>();
        http.get("/sessions/" + seen.session() + "/messages").json().forEach(messages::add);
        assertWellFormed(seen, messages);
        if (seen.finishReason() != null) {
            assertThat(messages)
                    .as("a turn whose done was seen is stored: %s", seen)
                    .isNotEmpty();
            assertThat(messages.getFirst().get("role").asText()).isEqualTo("user");
            assertThat(messages.getFirst().get("content").asText()).isEqualTo(seen.prompt());
            JsonNode last = messages.getLast();
            assertThat(last.get("role").asText()).as("%s", seen).isEqualTo("assistant");
            assertThat(last.get("finish_reason").asText()).isEqualTo(seen.finishReason());
            assertThat(messages).hasSize(seen.prompt().startsWith("what time") ? 4 : 2);
        } else if (!messages.isEmpty()) {
            // the partial turn: its prompt, then only complete messages (each assistant one carries a finish reason)
            assertThat(messages.getFirst().get("content").asText()).isEqualTo(seen.prompt());
        }
    }

    /** Every assistant message has a finish reason and every tool call of it is answered by a tool message. */
    private static void assertWellFormed(Seen seen, List<JsonNode> messages) {
        Set<String> answered = new HashSet<>();
        messages.stream()
                .filter(m -> m.get("role").asText().equals("tool"))
                .forEach(m -> answered.add(m.get("tool_call_id").asText()));
        for (JsonNode m : messages) {
            assertThat(m.get("role").asText()).isIn("user", "assistant", "tool");
            if (m.get("role").asText().equals("assistant")) {
                assertThat(m.hasNonNull("finish_reason")).as("%s: %s", seen, m).isTrue();
                for (JsonNode call : m.path("tool_calls")) {
                    assertThat(answered)
                            .as("tool call answered in %s", seen)
                            .contains(call.get("id").asText());
                }
            }
        }
    }

    private String integrityCheck() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("tether.db"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            return rs.next() ? rs.getString(1) : "no answer";
        }
    }

    private Path config() throws IOException {
        Path script = dir.resolve("script.yml");
        Files.writeString(script, SCRIPT);
        Path config = dir.resolve("tether.yml");
        Files.writeString(config, """
                host: 127.0.0.1
                data_dir: "%s"
                providers:
                  model: { impl: scripted, args: { script: "%s" } }
                  session_store: { url: "jdbc:sqlite:%s" }
                limits: { max_concurrent_turns: 8, max_queued_turns: 128 }
                tools: { enabled: [get_current_time] }
                mcp: { http: { enabled: false } }
                """.formatted(dir, script, dir.resolve("tether.db")));
        return config;
    }
}
