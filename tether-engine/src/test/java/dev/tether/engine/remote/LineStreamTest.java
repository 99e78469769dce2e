package dev.tether.engine.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.llamacpp.ChildExchange;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both ways of reading an answer line by line — the JDK's HTTP client (any server) and {@link ChildExchange}, the
 * plain-socket client of a child server on this machine — behave alike against a real loopback server: lines whole across any split, errors by kind,
 * timeouts, a server that dies, a cancel.
 */
class LineStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final FakeRemote remote;

    LineStreamTest() throws Exception {
        remote = new FakeRemote();
    }

    @AfterEach
    void close() {
        remote.close();
    }

    private RemoteClient client(boolean local, String baseUrl, long readTimeoutMs) {
        return new RemoteClient(
                "fake",
                new RemoteSettings(
                        URI.create(baseUrl + "/"),
                        Duration.ofSeconds(2),
                        Duration.ofMillis(readTimeoutMs),
                        List.of(),
                        Duration.ofSeconds(1)),
                Map.of("Authorization", "Bearer k1"),
                local ? ChildExchange.OPENER : null);
    }

    private static List<String> lines(LineStream stream) {
        List<String> lines = new ArrayList<>();
        for (String line = stream.next(); line != null; line = stream.next()) {
            lines.add(line);
        }
        return lines;
    }

    @ParameterizedTest(name = "local sockets: {0}")
    @ValueSource(booleans = {false, true})
    void linesArriveWholeHoweverTheBodyIsSplitEvenInsideACharacter(boolean local) throws Exception {
        byte[] body = "data: {\"t\":\"Grüße 天气\"}\r\n\ndata: [DONE]\n".getBytes(StandardCharsets.UTF_8);
        remote.on("/split", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (int i = 0; i < body.length; i += 3) { // 3-byte pieces cut the 2- and 3-byte characters
                out.write(Arrays.copyOfRange(body, i, Math.min(body.length, i + 3)));
                out.flush();
            }
        });
        try (RemoteClient client = client(local, remote.baseUrl(), 2000);
                LineStream stream = client.post("split", JSON.readTree("{\"q\":\"é\"}"), new Cancellation())) {
            assertThat(lines(stream)).containsExactly("data: {\"t\":\"Grüße 天气\"}", "", "data: [DONE]");
            assertThat(stream.cancelled()).isFalse();
        }
        FakeRemote.Request sent = remote.requests("/split").getFirst();
        assertThat(sent.body()).isEqualTo("{\"q\":\"é\"}");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer k1");
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
    }

    @ParameterizedTest(name = "local sockets: {0}")
    @ValueSource(booleans = {false, true})
    void aSizedJsonAnswerIsReadAndAnErrorStatusNamesTheServersMessageAndAContextOverflowIsKnown(boolean local)
            throws Exception {
        remote.on("/ok", FakeRemote.json(200, "{\"tokens\":[1,2,3]}"));
        remote.on(
                "/bad",
                FakeRemote.json(
                        400,
                        "{\"error\":{\"message\":\"request exceeds the available context size\","
                                + "\"type\":\"exceed_context_size_error\"}}"));
        remote.on("/refused", FakeRemote.json(400, "{\"error\":{\"message\":\"bad sampling\"}}"));
        try (RemoteClient client = client(local, remote.baseUrl(), 2000)) {
            assertThat(client.get("ok").path("tokens")).hasSize(3);
            assertThatThrownBy(() -> client.post("bad", JSON.readTree("{}"), new Cancellation()))
                    .isInstanceOfSatisfying(EngineException.class, e -> {
                        assertThat(e.code()).isEqualTo("context_overflow");
                        assertThat(e.getMessage()).contains("HTTP 400: request exceeds the available context size");
                    });
            assertThatThrownBy(() -> client.post("refused", JSON.readTree("{}"), new Cancellation()))
                    .isInstanceOfSatisfying(EngineException.class, e -> {
                        assertThat(e.code()).isEqualTo("provider_rejected");
                        assertThat(e.getMessage()).contains("HTTP 400: bad sampling");
                    });
        }
    }

    @ParameterizedTest(name = "local sockets: {0}")
    @ValueSource(booleans = {false, true})
    void aSilentServerIsATimeoutAndADeadOneADisconnect(boolean local) throws Exception {
        remote.on("/silent", remote.stall("text/event-stream", "data: one\n"));
        remote.on("/dies", FakeRemote.dies("text/event-stream", "data: one\n"));
        try (RemoteClient client = client(local, remote.baseUrl(), 300)) {
            try (LineStream stream = client.post("silent", JSON.readTree("{}"), new Cancellation())) {
                assertThat(stream.next()).isEqualTo("data: one");
                assertThatThrownBy(stream::next)
                        .isInstanceOfSatisfying(
                                EngineException.class, e -> assertThat(e.code()).isEqualTo("provider_timeout"));
            }
            try (LineStream stream = client.post("dies", JSON.readTree("{}"), new Cancellation())) {
                assertThatThrownBy(() -> lines(stream))
                        .isInstanceOfSatisfying(
                                EngineException.class, e -> assertThat(e.code()).isEqualTo("provider_disconnected"));
            }
        }
    }

    @ParameterizedTest(name = "local sockets: {0}")
    @ValueSource(booleans = {false, true})
    void aRefusedConnectionSaysTheServerIsNotRunning(boolean local) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (RemoteClient client = client(local, "http://127.0.0.1:" + port, 2000)) {
            assertThatThrownBy(() -> client.post("x", JSON.readTree("{}"), new Cancellation()))
                    .isInstanceOfSatisfying(EngineException.class, e -> {
                        assertThat(e.code()).isEqualTo("provider_unreachable");
                        assertThat(e.getMessage()).contains("is it running?");
                    });
        }
    }

    @ParameterizedTest(name = "local sockets: {0}")
    @ValueSource(booleans = {false, true})
    void aCancelEndsAWaitingReadAtOnce(boolean local) throws Exception {
        remote.on("/silent", remote.stall("text/event-stream", "data: one\n"));
        Cancellation cancel = new Cancellation();
        try (RemoteClient client = client(local, remote.baseUrl(), 60_000);
                LineStream stream = client.post("silent", JSON.readTree("{}"), cancel)) {
            assertThat(stream.next()).isEqualTo("data: one");
            CompletableFuture<String> waiting = CompletableFuture.supplyAsync(stream::next);
            cancel.cancel();

            assertThat(waiting.get(10, TimeUnit.SECONDS)).isNull();
            assertThat(stream.cancelled()).isTrue();
        }
    }

    @ParameterizedTest(name = "local sockets: {0}")
    @ValueSource(booleans = {false, true})
    void lineReadySaysWhetherAWholeLineHasArrivedWithoutWaitingForOne(boolean local) throws Exception {
        CountDownLatch rest = new CountDownLatch(1);
        remote.on("/burst", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("data: one\n\n: comment\n\ndata: two\n\ndata: thr".getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                rest.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.write("ee\n\n".getBytes(StandardCharsets.UTF_8)); // its own chunk: the line spans two
            out.flush();
        });
        try (RemoteClient client = client(local, remote.baseUrl(), 10_000);
                LineStream stream = client.post("burst", JSON.readTree("{}"), new Cancellation())) {
            assertThat(stream.next()).isEqualTo("data: one");
            awaitTrue(() -> stream.lineReady("data:")); // "data: two" came in the same write
            assertThat(stream.lineReady("event:")).isFalse();
            assertThat(List.of(stream.next(), stream.next(), stream.next(), stream.next(), stream.next()))
                    .containsExactly("", ": comment", "", "data: two", "");
            assertThat(stream.lineReady("data:"))
                    .as("half a line is not a line")
                    .isFalse();
            rest.countDown();
            awaitTrue(() -> stream.lineReady("data:"));
            assertThat(stream.next()).isEqualTo("data: three");
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
