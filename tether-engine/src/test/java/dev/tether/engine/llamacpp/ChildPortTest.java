package dev.tether.engine.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real HTTP servers on loopback stand in for llama-server children; the log is a real file. */
class ChildPortTest {

    private static final String KEY = "our-key";

    @TempDir
    Path dir;

    private final List<HttpServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    /** A llama-server stand-in: {@code /props} answers 200 with {@code key}, 401 without it. */
    private int server(String key) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/props", exchange -> {
            boolean ours = ("Bearer " + key).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(ours ? 200 : 401, -1);
            exchange.close();
        });
        server.start();
        servers.add(server);
        return server.getAddress().getPort();
    }

    private Path log(String... lines) throws IOException {
        Path log = dir.resolve("llama-server-m.gguf.log");
        Files.writeString(log, String.join("\n", lines) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return log;
    }

    @Test
    void thePortInTheLogWhereTheChildAnswersWithItsOwnKeyIsTaken() throws Exception {
        int sibling = server("a-sibling's-key");
        int ours = server(KEY);
        Path log = log(
                "main: loading model",
                "srv  main: listening on http://127.0.0.1:" + sibling,
                "main: server is listening on http://127.0.0.1:" + ours + " - starting the main loop");

        OptionalInt port = ChildPort.await(log, 0, KEY, () -> true, Duration.ofSeconds(20));

        assertThat(port).hasValue(ours);
    }

    @Test
    void linesBeforeTheChildStartedAreNotRead() throws Exception {
        int ours = server(KEY);
        Path log = log("srv  main: listening on http://127.0.0.1:" + ours);
        long start = Files.size(log);

        assertThat(ChildPort.await(log, start, KEY, () -> true, Duration.ofMillis(300)))
                .isEmpty();
        log("srv  main: listening on http://127.0.0.1:" + ours);
        assertThat(ChildPort.await(log, start, KEY, () -> true, Duration.ofSeconds(20)))
                .hasValue(ours);
    }

    @Test
    void aServerThatRefusesTheKeyIsNeverTaken() throws Exception {
        int impostor = server("someone else");
        Path log = log("srv  main: listening on http://127.0.0.1:" + impostor);

        assertThat(ChildPort.await(log, 0, KEY, () -> true, Duration.ofMillis(500)))
                .isEmpty();
    }

    @Test
    void aChildThatEndedIsNotWaitedFor() throws Exception {
        Path log = log("main: error: failed to load model");

        assertThat(ChildPort.await(log, 0, KEY, () -> false, Duration.ofMinutes(10)))
                .isEmpty();
    }

    @Test
    void aBuildThatDoesNotSayItsPortIsAClearError() throws Exception {
        Path log = log("main: server is listening on http://127.0.0.1:0 - starting the main loop");

        assertThatThrownBy(() -> ChildPort.await(log, 0, KEY, () -> true, Duration.ofSeconds(20)))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.ENGINE_START_FAILED))
                .hasMessageContaining("install a newer llama.cpp");
    }
}
