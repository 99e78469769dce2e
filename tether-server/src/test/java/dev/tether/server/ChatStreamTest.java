package dev.tether.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.server.http.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /chat/stream} over a real socket: both formats, flushing, refusals, concurrency, disconnects. */
class ChatStreamTest {

    /** 20 ms between chunks; "long" answers with 40 chunks, so a disconnect is noticed well before the end. */
    private static final String SCRIPT = TestServer.SCRIPT
            .replace("chunk_delay_ms: 0", "chunk_delay_ms: 20")
            .replace(
                    "[\"Hello \", \"there\", \"!\"]",
                    "[\"Hello \", \"there\", \", \", \"how \", \"are \", \"you\", \"?\"]")
            .replace(
                    "  - on: user\n    match: \".*\"",
                    "  - on: user\n    match: \"long\"\n    chunks: [\"Once \", " + "\"more \", ".repeat(38)
                            + "\"end.\"]\n  - on: user\n    match: \".*\"");

    @TempDir
    static Path dir;

    static TestServer tether;

    @BeforeAll
    static void start() {
        tether = TestServer.start(dir, GatedProvider.class.getName(), SCRIPT, "");
    }

    @AfterAll
    static void stop() {
        GatedProvider.open();
        tether.close();
    }

    @BeforeEach
    void closeGate() {
        GatedProvider.reset();
    }

    @Test
    void streamsNdjsonEventsWithDoneLastAndStoresTheTurn() {
        GatedProvider.open();
        String session = tether.newSession();

        List<JsonNode> events = tether.http.chat(session, "what time is it?");

        assertThat(events)
                .extracting(e -> e.get("type").asText())
                .containsExactly(
                        "message_stored",
                        "token",
                        "tool_call",
                        "message_stored",
                        "tool_result",
                        "token",
                        "token",
                        "message_stored",
                        "done");
        JsonNode call = events.get(2).get("data");
        assertThat(call.get("id").asText()).startsWith("call_");
        assertThat(call.get("name").asText()).isEqualTo("get_current_time");
        assertThat(call.get("arguments").get("timezone").asText()).isEqualTo("UTC");
        JsonNode result = events.get(4).get("data");
        assertThat(result.get("id")).isEqualTo(call.get("id"));
        assertThat(result.get("tool_name").asText()).isEqualTo("get_current_time");
        assertThat(result.has("error")).isFalse();
        assertThat(result.get("result").isObject()).isTrue();
        assertThat(call.get("label").asText()).isEqualTo("Checking the time in UTC");
        assertThat(result.get("label").asText()).isEqualTo("Checked the time in UTC");
        assertThat(result.has("not_run")).isFalse();
        JsonNode done = events.getLast().get("data");
        assertThat(done.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(done.get("usage").fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("prompt_tokens", "completion_tokens", "prompt_ms", "generation_ms");

        JsonNode messages =
                tether.http.get("/sessions/" + session + "/messages").json();
        assertThat(messages)
                .extracting(m -> m.get("role").asText())
                .containsExactly("user", "assistant", "tool", "assistant");
        JsonNode firstAnswer = messages.get(1);
        assertThat(firstAnswer.get("content").asText()).isEqualTo("Let me check. ");
        assertThat(firstAnswer.get("tool_calls").get(0).get("id")).isEqualTo(call.get("id"));
        assertThat(firstAnswer
                        .get("tool_calls")
                        .get(0)
                        .get("arguments")
                        .get("timezone")
                        .asText())
                .isEqualTo("UTC");
        JsonNode toolMessage = messages.get(2);
        assertThat(toolMessage.get("tool_call_id")).isEqualTo(call.get("id"));
        assertThat(toolMessage.get("name").asText()).isEqualTo("get_current_time");
        assertThat(firstAnswer.get("tool_calls").get(0).get("label"))
                .as("the reloaded history")
                .isEqualTo(call.get("label"));
        assertThat(toolMessage.get("label")).isEqualTo(result.get("label"));
        assertThat(messages.get(3).get("content").asText()).isEqualTo("It is now.");
        assertThat(messages.get(3).get("finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void eachStoredUserAndAssistantMessageIsNamedInTheStreamWithItsStoredId() {
        GatedProvider.open();
        String session = tether.newSession();

        List<JsonNode> turns = new ArrayList<>(tether.http.chat(session, "what time is it?"));
        turns.addAll(tether.http.chat(session, "hi"));

        List<JsonNode> streamed = turns.stream()
                .filter(e -> e.get("type").asText().equals("message_stored"))
                .map(e -> e.get("data"))
                .toList();
        List<JsonNode> stored = new ArrayList<>();
        tether.http.get("/sessions/" + session + "/messages").json().forEach(m -> {
            if (!m.get("role").asText().equals("tool")) {
                stored.add(m);
            }
        });
        assertThat(streamed)
                .extracting(m -> m.get("role").asText())
                .containsExactly("user", "assistant", "assistant", "user", "assistant");
        assertThat(streamed)
                .extracting(m -> m.get("id").asLong())
                .containsExactlyElementsOf(
                        stored.stream().map(m -> m.get("id").asLong()).toList());
        assertThat(streamed)
                .extracting(m -> m.get("role").asText())
                .containsExactlyElementsOf(
                        stored.stream().map(m -> m.get("role").asText()).toList());
    }

    @Test
    void streamsServerSentEventsWhenAsked() throws IOException {
        GatedProvider.open();
        String session = tether.newSession();

        HttpResponse<InputStream> response =
                tether.http.stream(Http.chatBody(session, "hi"), "Accept", "text/event-stream");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        String body = Http.readAll(response.body());
        List<String> frames = List.of(body.split("\n\n"));
        StringBuilder text = new StringBuilder();
        for (String frame : frames) {
            String[] lines = frame.split("\n");
            assertThat(lines).hasSize(2);
            assertThat(lines[0]).startsWith("event: ");
            assertThat(lines[1]).startsWith("data: ");
            JsonNode event = Json.MAPPER.readTree(lines[1].substring("data: ".length()));
            assertThat(event.get("type").asText()).isEqualTo(lines[0].substring("event: ".length()));
            if (event.get("type").asText().equals("token")) {
                text.append(event.get("data").get("text").asText());
            }
        }
        assertThat(frames.getLast()).startsWith("event: done\n");
        assertThat(text).hasToString("Hello there, how are you?");
    }

    @Test
    void ndjsonIsTheDefaultFormat() {
        GatedProvider.open();
        HttpResponse<InputStream> response = tether.http.stream(Http.chatBody(tether.newSession(), "hi"));
        Http.readAll(response.body());
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-ndjson");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-ndjson", "text/event-stream"})
    void sendsTheFirstEventBeforeTheModelWritesMore(String accept) throws IOException {
        String session = tether.newSession();
        HttpResponse<InputStream> response = tether.http.stream(Http.chatBody(session, "hi"), "Accept", accept);
        try (BufferedReader lines = Http.reader(response.body())) {
            // the provider is held after its first chunk: this event can only come from a per-event flush
            JsonNode stored = Json.MAPPER.readTree(nextEvent(lines, accept));
            assertThat(stored.get("type").asText()).isEqualTo("message_stored");
            assertThat(stored.get("data").get("role").asText()).isEqualTo("user");
            JsonNode first = Json.MAPPER.readTree(nextEvent(lines, accept));
            assertThat(first.get("type").asText()).isEqualTo("token");
            assertThat(first.get("data").get("text").asText()).isEqualTo("Hello ");

            GatedProvider.open();
            List<String> rest = lines.lines().filter(l -> !l.isEmpty()).toList();
            assertThat(rest.getLast()).contains("\"type\":\"done\"");
        }
    }

    /** The next event's JSON: an NDJSON line, or an SSE frame's data line (checked against its event line). */
    private static String nextEvent(BufferedReader lines, String accept) throws IOException {
        String line = lines.readLine();
        while (line != null && line.isEmpty()) {
            line = lines.readLine();
        }
        if (!accept.equals("text/event-stream")) {
            return line;
        }
        assertThat(line).startsWith("event: ");
        String data = lines.readLine().substring("data: ".length());
        assertThat(Json.MAPPER.readTree(data).get("type").asText()).isEqualTo(line.substring("event: ".length()));
        return data;
    }

    @Test
    void refusesASecondStreamIntoABusySessionWith409() throws IOException {
        String session = tether.newSession();
        HttpResponse<InputStream> first = tether.http.stream(Http.chatBody(session, "hi"));
        try (BufferedReader lines = Http.reader(first.body())) {
            lines.readLine();

            Http.Response second = tether.http.post("/chat/stream", Http.chatBody(session, "hi again"));

            assertThat(second.status()).isEqualTo(409);
            assertThat(second.json().get("error").get("code").asText()).isEqualTo("session_busy");
            GatedProvider.open();
            lines.lines().forEach(line -> {});
        }
        assertThat(tether.http.chat(session, "and again").getLast().get("type").asText())
                .isEqualTo("done");
    }

    @Test
    void runsStreamsIntoDifferentSessionsAtTheSameTime() throws Exception {
        int streams = 4;
        List<String> sessions = new ArrayList<>();
        List<BufferedReader> readers = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            String session = tether.newSession();
            sessions.add(session);
            BufferedReader lines = Http.reader(
                    tether.http.stream(Http.chatBody(session, "hi " + i)).body());
            assertThat(lines.readLine()).contains("\"message_stored\"");
            assertThat(lines.readLine()).contains("\"token\"");
            readers.add(lines);
        }
        // all four are mid-turn now; let them finish in parallel
        GatedProvider.open();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<String>>> rest = readers.stream()
                    .map(r -> pool.submit(() -> r.lines().toList()))
                    .toList();
            for (Future<List<String>> lines : rest) {
                assertThat(lines.get().getLast()).contains("\"done\"").contains("\"stop\"");
            }
        }
        for (int i = 0; i < streams; i++) {
            JsonNode messages = tether.http
                    .get("/sessions/" + sessions.get(i) + "/messages")
                    .json();
            assertThat(messages.get(0).get("content").asText()).isEqualTo("hi " + i);
            assertThat(messages.get(1).get("content").asText()).isEqualTo("Hello there, how are you?");
        }
    }

    @Test
    void aClientThatLeavesCancelsTheTurnAndTheCancelIsStored() throws Exception {
        String session = tether.newSession();
        HttpResponse<InputStream> response = tether.http.stream(Http.chatBody(session, "a long answer please"));
        InputStream body = response.body();
        BufferedReader lines = Http.reader(body);
        assertThat(lines.readLine()).contains("\"message_stored\"");
        assertThat(lines.readLine()).contains("Once ");

        body.close();
        GatedProvider.open();

        JsonNode last =
                awaitLastMessage(session, m -> m.path("finish_reason").asText().equals("cancelled"));
        assertThat(last.get("role").asText()).isEqualTo("assistant");
        assertThat(last.get("content").asText()).startsWith("Once ").doesNotEndWith("end.");
        assertThat(GatedProvider.cancelledSessions).contains(session);
        // the session is free again
        assertThat(tether.http
                        .chat(session, "hi")
                        .getLast()
                        .get("data")
                        .get("finish_reason")
                        .asText())
                .isEqualTo("stop");
    }

    @Test
    void checksTheRequestBeforeTheStreamStarts() {
        GatedProvider.open();
        String session = tether.newSession();
        assertError(
                tether.http.post("/chat/stream", Http.chatBody("8f14e45f-ceea-467a-9575-8a6e8c0a2f1b", "hi")),
                404,
                "session_not_found");
        assertError(tether.http.post("/chat/stream", Http.chatBody(session, "  ")), 400, "empty_prompt");
        assertError(tether.http.post("/chat/stream", Http.chatBody("not-a-uuid", "hi")), 400, "invalid_session_id");
        // without session_id a stream starts its own session (ChatWithoutSessionTest), but not for a bad request
        assertError(tether.http.post("/chat/stream", "{\"prompt\":\" \"}"), 400, "empty_prompt");
        assertError(
                tether.http.post(
                        "/chat/stream",
                        "{\"session_id\":\"" + session + "\",\"prompt\":\"hi\",\"model_name\":\"nope\"}"),
                404,
                "model_not_found");
        assertError(
                tether.http.post("/chat/stream", "{\"session_id\":\"" + session + "\",\"prompt\":42}"),
                400,
                "invalid_field");
        assertError(
                tether.http.post(
                        "/chat/stream",
                        "{\"session_id\":\"" + session + "\",\"prompt\":\"hi\",\"options\":{\"max_tokens\":\"many\"}}"),
                400,
                "invalid_field");
        assertError(
                tether.http.post(
                        "/chat/stream",
                        "{\"session_id\":\"" + session
                                + "\",\"prompt\":\"hi\",\"options\":{\"tools\":[\"no_such_tool\"]}}"),
                400,
                "unknown_tool");
        assertError(
                tether.http.post(
                        "/chat/stream",
                        "{\"session_id\":\"" + session
                                + "\",\"prompt\":\"hi\",\"options\":{\"tool_choice\":\"no_such_tool\"}}"),
                400,
                "unknown_tool");
        assertError(
                tether.http.post(
                        "/chat/stream", "{\"session_id\":\"" + session + "\",\"prompt\":\"hi\",\"options\":[1]}"),
                400,
                "invalid_field");
        assertThat(tether.http.get("/sessions/" + session + "/messages").json()).isEmpty();
    }

    @Test
    void passesOptionsToTheTurn() {
        GatedProvider.open();
        String session = tether.newSession();
        String body = "{\"session_id\":\"" + session + "\",\"prompt\":\"hi\",\"model_name\":\"other\","
                + "\"options\":{\"max_tokens\":2,\"temperature\":0.5,\"top_p\":0.9,\"seed\":7,\"stop\":[\"x\"],"
                + "\"tool_choice\":\"none\"}}";

        List<String> lines =
                Http.readAll(tether.http.stream(body).body()).lines().toList();

        assertThat(lines)
                .extracting(line -> TestJson.parse(line).get("type").asText())
                .containsExactly("message_stored", "token", "token", "message_stored", "done");
        assertThat(TestJson.parse(lines.getLast())
                        .get("data")
                        .get("finish_reason")
                        .asText())
                .isEqualTo("length");
    }

    static void assertError(Http.Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.json().get("error").get("code").asText()).isEqualTo(code);
        assertThat(response.json().get("error").get("message").asText()).isNotBlank();
    }

    private static JsonNode awaitLastMessage(String session, java.util.function.Predicate<JsonNode> done)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            JsonNode messages =
                    tether.http.get("/sessions/" + session + "/messages").json();
            last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
            if (last != null && done.test(last) && tether.engine.orchestrator().activeTurns() == 0) {
                return last;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the turn was not stored as expected; last message: " + last);
    }
}
