package dev.tether.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.server.TestServer;
import java.io.InputStream;
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
 * A request body dribbled a byte at a time (with a length, or chunked) is answered 408 and closed once
 * {@code server.body_timeout_ms} has passed since its headers, while ordinary requests go on being served; a body
 * that arrives in time is served, and the kept-alive connection after it is not closed by the body's clock.
 */
class SlowBodyTest {

    private static final int TIMEOUT_MS = 1500;

    @TempDir
    static Path dir;

    static TestServer tether;

    @BeforeAll
    static void start() {
        tether = TestServer.start(
                dir, "scripted", TestServer.SCRIPT, "server:\n  body_timeout_ms: " + TIMEOUT_MS + "\n");
    }

    @AfterAll
    static void stop() {
        tether.close();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void bodiesDribbledAByteAtATimeAreAnswered408AndClosedByTheDeadline() throws Exception {
        String head = "POST /chat/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
        List<Dribble> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                slow.add(new Dribble(
                        tether.server.port(),
                        ascii(head + "Content-Length: 100000\r\n\r\n{\"prompt\":\""),
                        ascii("a")));
                slow.add(new Dribble(
                        tether.server.port(), ascii(head + "Transfer-Encoding: chunked\r\n\r\n"), ascii("1\r\na\r\n")));
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
                        .as("ms until a slow body's connection was closed")
                        .isBetween((long) TIMEOUT_MS - 100, (long) TIMEOUT_MS + 4000);
                assertThat(s.received()).startsWith("HTTP/1.1 408").contains("body_timeout");
            }
        } finally {
            for (Dribble s : slow) {
                s.close();
            }
        }
    }

    @Test
    void aBodyInTimeIsServedAndItsConnectionStaysUsable() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), tether.server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(ascii("POST /chat/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 8\r\n\r\nnot json"));
            out.flush();
            assertThat(new String(in.readNBytes(12), StandardCharsets.ISO_8859_1))
                    .isEqualTo("HTTP/1.1 400");
            drain(in);

            Thread.sleep(TIMEOUT_MS + 500); // idle past the body deadline: the answered request's clock stopped

            out.write(ascii("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
            out.flush();
            assertThat(new String(in.readNBytes(12), StandardCharsets.ISO_8859_1))
                    .isEqualTo("HTTP/1.1 200");
        }
    }

    /** Reads the rest of a response whose body has a Content-Length. */
    private static void drain(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.read());
        }
        String lower = head.toString().toLowerCase(java.util.Locale.ROOT);
        int at = lower.indexOf("content-length:");
        int length = Integer.parseInt(
                lower.substring(at + 15, lower.indexOf("\r\n", at)).strip());
        in.readNBytes(length);
    }
}
