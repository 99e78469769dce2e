package dev.tether.server.llamaserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.server.Http;
import dev.tether.server.faults.ServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A conversation survives a restart of the whole server process with its KV cache ({@code kv_persist}, the default):
 * the real server in its own JVM on the real llama-server and the random-weight qwen3, stopped with SIGTERM or killed
 * with {@code kill -9} once its session's cache is saved, then started again on the same data folder. The next turn
 * reads only its new tokens, as llama-server's own log says ({@code prompt eval time = … / N tokens}), and every
 * message is stored.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "kill -9 is SIGKILL on POSIX")
class KvCacheRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PROMPT_READ = Pattern.compile("prompt eval time = .* / +(\\d+) tokens");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "kill -9: {0}, kv_persist: {1}")
    @CsvSource({"false, true", "true, true", "false, false"})
    void theNextTurnAfterARestartReadsOnlyItsNewTokens(boolean kill, boolean persist) throws Exception {
        QwenSetup setup = QwenSetup.in(dir);
        if (!persist) {
            // the control: without kv_persist the same turn reads the whole history again
            Files.writeString(
                    setup.config(),
                    Files.readString(setup.config()).replace("parallel: 2", "parallel: 2\n      kv_persist: false"));
        }
        String session;
        int firstRead;
        try (ServerProcess server = ServerProcess.start(setup.config(), dir.resolve("stderr-1.txt"))) {
            session =
                    server.http.post("/sessions", "{}").json().get("session_id").asText();
            turn(server, session, longPrompt());
            firstRead = lastPromptRead();
            assertThat(firstRead).isGreaterThan(500);
            if (persist) {
                awaitSaved(server.http, session);
            }
            if (kill) {
                server.kill();
            }
        } // else close(): SIGTERM
        try (ServerProcess server = ServerProcess.start(setup.config(), dir.resolve("stderr-2.txt"))) {
            turn(server, session, "And then?");
            int read = lastPromptRead();
            if (persist) {
                assertThat(read)
                        .as("tokens llama-server read for the turn after the restart (the first read " + firstRead
                                + ")")
                        .isLessThan(40);
            } else {
                assertThat(read).isGreaterThan(firstRead);
            }
            JsonNode messages =
                    server.http.get("/sessions/" + session + "/messages").json();
            List<String> roles = new ArrayList<>();
            messages.forEach(m -> roles.add(m.path("role").asText()));
            assertThat(roles).containsExactly("user", "assistant", "user", "assistant");
        }
    }

    /** A first message of about 1,000 tokens, so that reading it again would show. */
    private static String longPrompt() {
        StringBuilder text = new StringBuilder("Notes follow.\n");
        for (int i = 0; i < 60; i++) {
            text.append("Note ").append(i).append(": the river runs past the old mill at dawn.\n");
        }
        return text.append("Summarise them.").toString();
    }

    private static void turn(ServerProcess server, String session, String prompt) throws IOException {
        String body = JSON.createObjectNode()
                .put("session_id", session)
                .put("prompt", prompt)
                .put("model_name", QwenSetup.NAME)
                .set("options", JSON.createObjectNode().put("max_tokens", 4).put("seed", 1))
                .toString();
        HttpResponse<InputStream> response = server.http.stream(body);
        String events = Http.readAll(response.body());
        assertThat(events).as(server.stderr()).contains("\"done\"").doesNotContain("\"error\"");
    }

    /** Polls {@code GET /sessions/{id}} until it reports a saved cache (saves run after {@code done}). */
    private static void awaitSaved(Http http, String session) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!http.get("/sessions/" + session)
                .json()
                .path("kv_cache")
                .path("saved")
                .asBoolean()) {
            assertThat(System.nanoTime()).as("the session's cache is saved").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** How many prompt tokens llama-server read for the last completion, from its log in {@code data_dir/logs}. */
    private int lastPromptRead() throws IOException {
        int last = -1;
        try (Stream<Path> logs = Files.list(dir.resolve("logs"))) {
            for (Path log : logs.toList()) {
                for (String line : Files.readAllLines(log)) {
                    Matcher m = PROMPT_READ.matcher(line);
                    if (m.find()) {
                        last = Integer.parseInt(m.group(1));
                    }
                }
            }
        }
        assertThat(last).as("a prompt eval line in llama-server's log").isNotNegative();
        return last;
    }
}
