package dev.tether.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conversations live in the SQLite file: a new server on the same file serves the same history. */
class RestartTest {

    @TempDir
    Path dir;

    @Test
    void keepsTheHistoryAcrossARestart() {
        String session;
        JsonNode before;
        try (TestServer first = TestServer.start(dir)) {
            session = first.http
                    .post("/sessions", "{\"title\":\"Kept\"}")
                    .json()
                    .get("session_id")
                    .asText();
            first.http.chat(session, "what time is it");
            before = first.http.get("/sessions/" + session + "/messages").json();
        }

        try (TestServer second = TestServer.start(dir)) {
            assertThat(second.server.port()).isPositive();
            JsonNode after =
                    second.http.get("/sessions/" + session + "/messages").json();
            assertThat(after).isEqualTo(before);
            assertThat(after).hasSize(4);
            assertThat(second.http
                            .get("/sessions/" + session)
                            .json()
                            .get("title")
                            .asText())
                    .isEqualTo("Kept");
            assertThat(second.http
                            .chat(session, "hi")
                            .getLast()
                            .get("data")
                            .get("finish_reason")
                            .asText())
                    .isEqualTo("stop");
            assertThat(second.http.get("/sessions/" + session + "/messages").json())
                    .hasSize(6);
        }
    }
}
