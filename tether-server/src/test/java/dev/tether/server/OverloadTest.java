package dev.tether.server;

import static dev.tether.server.ChatStreamTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With every turn slot and queue place taken, a new chat is refused with 503 before its stream starts. */
class OverloadTest {

    @TempDir
    static Path dir;

    static TestServer tether;

    @BeforeAll
    static void start() {
        GatedProvider.reset();
        tether = TestServer.start(
                dir,
                GatedProvider.class.getName(),
                TestServer.SCRIPT,
                "limits: { max_concurrent_turns: 1, max_queued_turns: 0 }");
    }

    @AfterAll
    static void stop() {
        GatedProvider.open();
        tether.close();
    }

    @Test
    void refusesWith503WhenFull() throws IOException {
        String busy = tether.newSession();
        String other = tether.newSession();
        try (BufferedReader first =
                Http.reader(tether.http.stream(Http.chatBody(busy, "hi")).body())) {
            assertThat(first.readLine()).contains("\"message_stored\"");
            assertThat(first.readLine()).contains("\"token\"");

            assertError(tether.http.post("/chat/stream", Http.chatBody(other, "hi")), 503, "overloaded");

            GatedProvider.open();
            first.lines().forEach(line -> {});
        }
        assertThat(tether.http.chat(other, "hi").getLast().get("type").asText()).isEqualTo("done");
    }
}
