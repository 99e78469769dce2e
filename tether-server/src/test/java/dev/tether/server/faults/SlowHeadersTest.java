package dev.tether.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.server.TestServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slowloris: clients that send their request line or headers a few bytes at a time, and keep sending, are answered
 * 408 and closed once {@code server.header_timeout_ms} has passed, while ordinary requests go on being served.
 */
class SlowHeadersTest {

    private static final int TIMEOUT_MS = 1500;

    @TempDir
    static Path dir;

    static TestServer tether;

    @BeforeAll
    static void start() {
        tether = TestServer.start(
                dir, "scripted", TestServer.SCRIPT, "server:\n  header_timeout_ms: " + TIMEOUT_MS + "\n");
    }

    @AfterAll
    static void stop() {
        tether.close();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void connectionsDribblingHeadersAreAnswered408AndClosedByTheDeadlineWhileOthersAreServed() throws Exception {
        byte[] header = ascii("X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
        List<Dribble> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) {
                // headers a byte at a time after a whole request line
                slow.add(new Dribble(
                        tether.server.port(), ascii("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"), header));
            }
            for (int i = 0; i < 4; i++) {
                // the request line itself a byte at a time
                slow.add(new Dribble(
                        tether.server.port(),
                        new byte[0],
                        ascii("GET /healthz?aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")));
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS + 8000);
            int served = 0;
            while (slow.stream().anyMatch(s -> s.closedAfterMs < 0) && System.nanoTime() < deadline) {
                assertThat(tether.http.get("/healthz").status()).isEqualTo(200);
                served++;
            }

            assertThat(served).as("ordinary requests served meanwhile").isPositive();
            for (Dribble s : slow) {
                assertThat(s.closedAfterMs)
                        .as("ms until a slow connection was closed")
                        .isBetween((long) TIMEOUT_MS - 100, (long) TIMEOUT_MS + 4000);
                assertThat(s.received()).startsWith("HTTP/1.1 408").contains("header_timeout");
            }
        } finally {
            for (Dribble s : slow) {
                s.close();
            }
        }
    }

    @Test
    void theDeadlineAlsoHoldsForALaterRequestOnAKeptAliveConnection() throws Exception {
        byte[] first = ascii("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /healthz HTTP/1.1\r\n");
        try (Dribble slow = new Dribble(
                tether.server.port(), first, ascii("X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"))) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS + 8000);
            while (slow.closedAfterMs < 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }

            assertThat(slow.closedAfterMs).isBetween((long) TIMEOUT_MS - 100, (long) TIMEOUT_MS + 4000);
            String received = slow.received();
            assertThat(received).startsWith("HTTP/1.1 200");
            assertThat(received.substring(received.indexOf("HTTP/1.1 ", 1))).startsWith("HTTP/1.1 408");
        }
    }

    @Test
    void aClientWhoseHeadersArriveWithinTheDeadlineIsServed() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), tether.server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            for (String part : List.of("GET /healthz HTTP/1.1\r\n", "Host: 127.0.0.1\r\n", "X-Slow: a\r\n", "\r\n")) {
                out.write(ascii(part));
                out.flush();
                Thread.sleep(TIMEOUT_MS / 8); // slow, but the whole head within the deadline
            }
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            assertThat(status).isEqualTo("HTTP/1.1 200");
        }
    }
}
