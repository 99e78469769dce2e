package dev.tether.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.server.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, made real and hermetic by SQLite's {@code max_page_count} on the store's connections (set in the
 * store URL): the file cannot grow past 256 KiB. Writes then fail with a clear 503 / {@code error} event
 * ({@code store_error}), nothing is corrupted, and once space is freed the server works again.
 */
class DiskFullTest {

    private static final String BIG = "x".repeat(30_000); // under limits.max_system_prompt_chars

    @TempDir
    Path dir;

    @Test
    void aFullStoreRefusesWritesClearlyAndRecoversWhenSpaceIsBack() throws Exception {
        Path script = dir.resolve("script.yml");
        Files.writeString(script, "models: [scripted]\nrules: [{ on: user, match: \".*\", chunks: [\"ok\"] }]\n");
        Path db = dir.resolve("tether.db");
        try (Started tether = Started.start(dir, """
                host: 127.0.0.1
                port: 0
                providers:
                  model: { impl: scripted, args: { script: "%s" } }
                  session_store: { url: "jdbc:sqlite:%s?max_page_count=64" }
                tools: { enabled: [] }
                """.formatted(script, db), name -> null)) {
            Http http = tether.http();
            String chat = tether.newSession();
            assertThat(http.chat(chat, "before")
                            .getLast()
                            .get("data")
                            .get("finish_reason")
                            .asText())
                    .isEqualTo("stop");

            List<String> fillers = new ArrayList<>();
            Http.Response refused = fill(http, fillers);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().get("error").get("code").asText()).isEqualTo("store_error");
            assertThat(fillers).as("some sessions fit before the disk was full").isNotEmpty();

            // more refused turns than the store has connections: a failed write must not cost one
            for (int i = 0; i < 6; i++) {
                List<JsonNode> refusedTurn = http.chat(chat, BIG);
                JsonNode error = refusedTurn.stream()
                        .filter(e -> e.get("type").asText().equals("error"))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no error event in " + refusedTurn));
                assertThat(error.get("data").get("code").asText()).isEqualTo("store_error");
                assertThat(refusedTurn.getLast().get("type").asText()).isEqualTo("done");
            }
            assertThat(http.get("/healthz").status()).isEqualTo(200);
            assertThat(integrityCheck(db)).isEqualTo("ok");

            for (String filler : fillers) {
                assertThat(http.method("DELETE", "/sessions/" + filler, null).status())
                        .isLessThan(300);
            }
            List<JsonNode> events = http.chat(chat, "after");
            assertThat(events.getLast().get("data").get("finish_reason").asText())
                    .isEqualTo("stop");
            List<String> stored = new ArrayList<>();
            http.get("/sessions/" + chat + "/messages")
                    .json()
                    .forEach(m -> stored.add(m.get("content").asText()));
            assertThat(stored).containsExactly("before", "ok", "after", "ok");
        }
        assertThat(integrityCheck(db)).isEqualTo("ok");
    }

    /** Creates sessions with big system prompts until the store refuses one; returns that refusal. */
    private static Http.Response fill(Http http, List<String> created) {
        for (int i = 0; i < 100; i++) {
            Http.Response r = http.post("/sessions", "{\"system_prompt\":\"" + BIG + "\"}");
            if (r.status() != 201 && r.status() != 200) {
                return r;
            }
            created.add(r.json().get("session_id").asText());
        }
        throw new AssertionError("the store never filled up: is max_page_count applied?");
    }

    private static String integrityCheck(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            return rs.next() ? rs.getString(1) : "no answer";
        }
    }
}
