package dev.tether.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.server.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 malformed requests (see {@link Corpus}) over a few keep-alive connections, across every route, the MCP
 * endpoints and the OpenAI API, with a few slow bodies beside them: no 5xx, every error body is JSON in one of the
 * three error shapes, and the server is healthy afterwards.
 */
class BadInputFuzzTest {

    private static final int REQUESTS = 10_000;
    private static final int CONNECTIONS = 4;
    private static final long SEED = 0x7e74e2L;

    @TempDir
    static Path dir;

    static TestServer tether;
    static String session;

    @BeforeAll
    static void start() {
        tether = TestServer.start(dir);
        session = tether.newSession();
        tether.http.chat(session, "warm up");
    }

    @AfterAll
    static void stop() {
        tether.close();
    }

    @Test
    void malformedRequestsGetJsonErrorsAndLeaveTheServerHealthy() throws Exception {
        int threadsBefore = Faults.platformThreads();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> slow = List.of(
                    clients.submit(BadInputFuzzTest::slowBody),
                    clients.submit(BadInputFuzzTest::slowHeaders),
                    clients.submit(BadInputFuzzTest::abandonedBody));
            List<Future<Integer>> fuzzers = java.util.stream.IntStream.range(0, CONNECTIONS)
                    .mapToObj(i -> clients.submit(() -> fuzz(SEED + i, REQUESTS / CONNECTIONS, failures)))
                    .toList();
            int sent = 0;
            for (Future<Integer> f : fuzzers) {
                sent += f.get();
            }
            for (Future<?> f : slow) {
                f.get();
            }
            assertThat(sent).isEqualTo(REQUESTS);
        }
        assertThat(failures).as("requests answered wrongly").isEmpty();

        assertThat(tether.http.get("/healthz").status()).isEqualTo(200);
        // the fuzzer may have deleted the first session (DELETE /sessions/{id} with a stray body is a valid request)
        List<JsonNode> events = tether.http.chat(tether.newSession(), "still there?");
        assertThat(events.getLast().get("data").get("finish_reason").asText()).isEqualTo("stop");
        assertThat(Faults.await(
                        Duration.ofSeconds(10),
                        () -> tether.engine.orchestrator().activeTurns() == 0))
                .isTrue();
        assertThat(Faults.await(Duration.ofSeconds(10), () -> Faults.platformThreads() <= threadsBefore + 4))
                .as("platform threads back near %d, now %s", threadsBefore, Faults.threadNames())
                .isTrue();
    }

    private static int fuzz(long seed, int count, Queue<String> failures) {
        Corpus corpus = new Corpus(seed, session);
        try (RawHttp client = new RawHttp(tether.server.port())) {
            for (int i = 0; i < count; i++) {
                Corpus.Case c = corpus.next();
                String problem;
                try {
                    problem = problem(client.exchange(c.request()));
                } catch (UncheckedIOException e) {
                    problem = "no response: " + e.getCause();
                }
                if (problem != null && failures.size() < 30) {
                    failures.add(c.kind() + ": " + problem + "\n  request: " + excerpt(c.request()));
                }
            }
        }
        return count;
    }

    /** What is wrong with {@code reply}, or null when it is a success or a well-formed client error. */
    static String problem(RawHttp.Reply reply) {
        if (reply.status() < 400) {
            return null;
        }
        JsonNode body;
        try {
            body = Faults.JSON.readTree(reply.body());
        } catch (IOException e) {
            return reply.status() + " with a body that is not JSON: " + excerpt(reply.body());
        }
        if (reply.status() >= 500
                && !(reply.status() == 503
                        && body.path("error").path("code").asText().equals("overloaded"))) {
            return reply.status() + " " + body;
        }
        JsonNode error = body == null ? null : body.get("error");
        boolean shaped = error != null
                && error.path("message").isTextual()
                && (error.path("code").isTextual()
                        || error.path("type").isTextual()
                        || body.path("jsonrpc").asText().equals("2.0")
                                && error.path("code").isInt());
        return shaped ? null : reply.status() + " with an unknown error shape: " + body;
    }

    @Test
    void aChunkedBodyWithABadChunkSizeGetsAJsonError() {
        for (String path : List.of("/sessions", "/v1/chat/completions", "/mcp")) {
            try (RawHttp client = new RawHttp(tether.server.port())) {
                RawHttp.Reply reply = client.exchange(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                + "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                                + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                assertThat(problem(reply)).as(path).isNull();
                assertThat(reply.status()).as(path).isEqualTo(400);
            }
        }
    }

    /** A client that sends its body one byte at a time, while everybody else is served. */
    private static Void slowBody() throws Exception {
        byte[] body = "{\"title\":\"a slow client\"}".getBytes(StandardCharsets.UTF_8);
        try (RawHttp client = new RawHttp(tether.server.port())) {
            client.write(RawHttp.request(
                    "POST", "/sessions", null, "Content-Type: application/json", "Content-Length: " + body.length));
            for (byte b : body) {
                Thread.sleep(40);
                client.write(new byte[] {b});
            }
            assertThat(client.head().status()).isEqualTo(201);
        }
        return null;
    }

    /** Headers a line at a time, then a bad body. */
    private static Void slowHeaders() throws Exception {
        try (RawHttp client = new RawHttp(tether.server.port())) {
            for (String line : List.of(
                    "POST /v1/chat/completions HTTP/1.1\r\n",
                    "Host: 127.0.0.1\r\n",
                    "Content-Type: application/json\r\n",
                    "Content-Length: 3\r\n",
                    "\r\n",
                    "{x}")) {
                Thread.sleep(150);
                client.write(line.getBytes(StandardCharsets.ISO_8859_1));
            }
            RawHttp.Reply head = client.head();
            assertThat(head.status()).isEqualTo(400);
        }
        return null;
    }

    /** Half a body, then gone. */
    private static Void abandonedBody() throws Exception {
        for (String path : List.of("/chat/stream", "/mcp", "/v1/chat/completions", "/sessions")) {
            try (RawHttp client = new RawHttp(tether.server.port())) {
                client.write(
                        RawHttp.request("POST", path, null, "Content-Type: application/json", "Content-Length: 1000"));
                client.write("{\"prompt\":\"half".getBytes(StandardCharsets.UTF_8));
                Thread.sleep(100);
            }
        }
        return null;
    }

    private static String excerpt(byte[] bytes) {
        String text = new String(bytes, 0, Math.min(bytes.length, 300), StandardCharsets.ISO_8859_1);
        return text.replace("\r\n", "⏎");
    }
}
