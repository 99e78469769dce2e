package dev.tether.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.server.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server.max_connections}: past the cap a new connection waits unserved in the listen queue (Helidon takes
 * a permit before it accepts); once a connection closes, the next one is served.
 */
class MaxConnectionsTest {

    private static final int MAX = 4;

    @TempDir
    static Path dir;

    static TestServer tether;

    @BeforeAll
    static void start() {
        tether = TestServer.start(dir, "scripted", TestServer.SCRIPT, "server:\n  max_connections: " + MAX + "\n");
    }

    @AfterAll
    static void stop() {
        tether.close();
    }

    /** A kept-alive connection that was served once and now waits. */
    private static Socket served() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), tether.server.port());
        try {
            socket.setSoTimeout(3_000);
            socket.getOutputStream()
                    .write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            if (!status.equals("HTTP/1.1 200")) {
                throw new IOException("not served: " + status);
            }
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    @Test
    void connectionsPastTheCapAreNotServedUntilOneCloses() throws Exception {
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < MAX; i++) {
                open.add(served());
            }
            String outcome;
            try (Socket extra = served()) {
                outcome = "served";
            } catch (IOException e) {
                outcome = "refused: " + e;
            }
            assertThat(outcome).startsWith("refused");

            open.removeFirst().close();
            long closed = System.nanoTime();
            long deadline = closed + 12_000_000_000L;
            boolean servedAgain = false;
            while (!servedAgain && System.nanoTime() < deadline) {
                try (Socket again = served()) {
                    servedAgain = true;
                } catch (IOException e) {
                    Thread.sleep(100);
                }
            }
            assertThat(servedAgain).as("served once a connection closed").isTrue();
        } finally {
            for (Socket socket : open) {
                socket.close();
            }
        }
    }
}
