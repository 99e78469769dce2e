package dev.tether.server.llamaserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.server.Http;
import dev.tether.server.faults.ServerProcess;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No llama-server outlives the server: the real server runs in its own JVM, loads the qwen3 model on llama-server,
 * and is then stopped normally or killed with {@code kill -9}; the child must exit within a deadline either way,
 * under the Java watchdog (the one Windows gets) as under the {@code sh} one ({@code TETHER_CHILD_WATCHDOG}).
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "kill -9 is SIGKILL on POSIX; the child is found through /proc")
class NoOrphanIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"java", "sh"})
    void theChildExitsWhenTheServerIsKilled(String watchdog) throws Exception {
        QwenSetup setup = QwenSetup.in(dir);
        long child;
        try (ServerProcess server = ServerProcess.start(
                setup.config(), dir.resolve("stderr.txt"), Map.of("TETHER_CHILD_WATCHDOG", watchdog))) {
            child = loadModel(server, setup, watchdog);

            server.kill();
        }
        LlamaChildren.assertExits(child, "kill -9 of the server");
        assertThat(LlamaChildren.serving(setup.model())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "sh"})
    void theChildExitsWhenTheServerStops(String watchdog) throws Exception {
        QwenSetup setup = QwenSetup.in(dir);
        long child;
        try (ServerProcess server = ServerProcess.start(
                setup.config(), dir.resolve("stderr.txt"), Map.of("TETHER_CHILD_WATCHDOG", watchdog))) {
            child = loadModel(server, setup, watchdog);
        } // close(): SIGTERM, the server's normal stop
        LlamaChildren.assertExits(child, "the server stopped");
        assertThat(LlamaChildren.serving(setup.model())).isEmpty();
    }

    /**
     * One short turn loads the model; returns the pid of the llama-server child that serves it, after checking that
     * it runs under the {@code watchdog} asked for.
     */
    private static long loadModel(ServerProcess server, QwenSetup setup, String watchdog) throws Exception {
        String session =
                server.http.post("/sessions", "{}").json().get("session_id").asText();
        String body = JSON.createObjectNode()
                .put("session_id", session)
                .put("prompt", "Hi.")
                .put("model_name", QwenSetup.NAME)
                .set("options", JSON.createObjectNode().put("max_tokens", 4))
                .toString();
        HttpResponse<InputStream> response = server.http.stream(body);
        String events = Http.readAll(response.body());
        assertThat(events).as(server.stderr()).contains("\"done\"").doesNotContain("\"error\"");
        long child = LlamaChildren.theOne(setup.model());
        assertThat(server.process.descendants().map(ProcessHandle::pid))
                .as("llama-server runs under the server's process")
                .contains(child);
        String parent = ProcessHandle.of(child)
                .flatMap(ProcessHandle::parent)
                .flatMap(p -> p.info().command())
                .map(c -> Path.of(c).getFileName().toString())
                .orElse("");
        assertThat(parent)
                .as("the watchdog above llama-server (/bin/sh may be dash or bash)")
                .matches(watchdog.equals("sh") ? "(da|ba)?sh" : "java");
        return child;
    }
}
