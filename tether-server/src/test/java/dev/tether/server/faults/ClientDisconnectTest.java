package dev.tether.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.server.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that vanish mid-stream, after a random number of events, on NDJSON, SSE and the OpenAI stream: every such
 * turn ends stored as cancelled, the engine's slots come back, no thread is left behind, and the next turn into each
 * session works.
 */
class ClientDisconnectTest {

    private static final long SEED = 20261125L;

    @TempDir
    static Path dir;

    static TestServer tether;

    @BeforeAll
    static void start() {
        tether = TestServer.start(dir, "scripted", Faults.slowScript(20), """
                limits: { max_concurrent_turns: 4, max_queued_turns: 64 }
                """);
        // warm up: the first turn starts the server's pools
        tether.http.chat(tether.newSession(), "warm up");
    }

    @AfterAll
    static void stop() {
        tether.close();
    }

    @Test
    void turnsLeftMidStreamAreStoredAsCancelledAndFreeTheirSlots() throws Exception {
        int threadsBefore = Faults.platformThreads();
        Random random = new Random(SEED);
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String session = tether.newSession();
            sessions.add(session);
            boolean sse = i % 2 == 1;
            leaveAfter(chatRequest(session, sse), sse ? "data:" : "{", random.nextInt(8));
        }
        assertThat(Faults.await(
                        Duration.ofSeconds(20),
                        () -> tether.engine.orchestrator().activeTurns() == 0))
                .as("every abandoned turn ends and gives its slot back")
                .isTrue();

        for (String session : sessions) {
            List<Message> messages = tether.engine.store().messages(UUID.fromString(session));
            assertThat(messages).as("session %s", session).isNotEmpty();
            Message last = messages.getLast();
            // either the turn had produced output (a cancelled assistant message) or it had not (just the prompt)
            if (last.role() == Role.ASSISTANT) {
                assertThat(last.finishReason()).as("session %s", session).isEqualTo(FinishReason.CANCELLED);
            } else {
                assertThat(last.role()).isEqualTo(Role.USER);
            }
        }
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<JsonNode>>> again = sessions.stream()
                    .map(s -> clients.submit(() -> tether.http.chat(s, "again")))
                    .toList();
            for (Future<List<JsonNode>> events : again) {
                assertThat(events.get()
                                .getLast()
                                .get("data")
                                .get("finish_reason")
                                .asText())
                        .as("the next turn into the session works")
                        .isEqualTo("stop");
            }
        }
        assertThat(Faults.await(Duration.ofSeconds(10), () -> Faults.platformThreads() <= threadsBefore + 4))
                .as("platform threads back near %d, now %s", threadsBefore, Faults.threadNames())
                .isTrue();
    }

    @Test
    void openAiStreamsLeftMidwayFreeTheirSlots() throws Exception {
        int threadsBefore = Faults.platformThreads();
        Random random = new Random(SEED + 1);
        for (int i = 0; i < 12; i++) {
            String body = """
                    {"model":"scripted","stream":true,"messages":[{"role":"user","content":"hello %d"}]}
                    """.formatted(i);
            leaveAfter(
                    RawHttp.request(
                            "POST",
                            "/v1/chat/completions",
                            body.getBytes(StandardCharsets.UTF_8),
                            "Content-Type: application/json"),
                    "data:",
                    random.nextInt(8));
        }
        assertThat(Faults.await(
                        Duration.ofSeconds(20),
                        () -> tether.engine.orchestrator().activeTurns() == 0))
                .as("every abandoned completion ends and gives its slot back")
                .isTrue();
        assertThat(tether.http
                        .post(
                                "/v1/chat/completions",
                                "{\"model\":\"scripted\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                        .status())
                .isEqualTo(200);
        assertThat(Faults.await(Duration.ofSeconds(10), () -> Faults.platformThreads() <= threadsBefore + 4))
                .as("platform threads back near %d, now %s", threadsBefore, Faults.threadNames())
                .isTrue();
    }

    @Test
    void legacySseClientsThatVanishLeaveNothingBehind() throws Exception {
        int threadsBefore = Faults.platformThreads();
        for (int i = 0; i < 10; i++) {
            // the endpoint event is the first thing an MCP SSE stream sends; leave right after it (or before)
            leaveAfter(RawHttp.request("GET", "/sse", null, "Accept: text/event-stream"), "data:", i % 2);
        }
        assertThat(tether.http.get("/healthz").status()).isEqualTo(200);
        assertThat(Faults.await(Duration.ofSeconds(10), () -> Faults.platformThreads() <= threadsBefore + 4))
                .as("platform threads back near %d, now %s", threadsBefore, Faults.threadNames())
                .isTrue();
    }

    private static byte[] chatRequest(String session, boolean sse) {
        String body = "{\"session_id\":\"" + session + "\",\"prompt\":\"tell me\"}";
        return RawHttp.request(
                "POST",
                "/chat/stream",
                body.getBytes(StandardCharsets.UTF_8),
                "Content-Type: application/json",
                "Accept: " + (sse ? "text/event-stream" : "application/x-ndjson"));
    }

    /** Sends {@code request}, reads {@code events} lines that start with {@code prefix}, and drops the connection. */
    private static void leaveAfter(byte[] request, String prefix, int events) throws IOException {
        try (RawHttp client = new RawHttp(tether.server.port())) {
            client.write(request);
            assertThat(client.head().status()).isEqualTo(200);
            int seen = 0;
            while (seen < events) {
                String line = client.line();
                assertThat(line).as("the stream ended before %d events", events).isNotNull();
                if (line.startsWith(prefix)) {
                    seen++;
                }
            }
        }
    }
}
