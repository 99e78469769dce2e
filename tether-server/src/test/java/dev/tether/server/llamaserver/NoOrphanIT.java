package dev.tether.server.llamaserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.server.Http;
import dev.tether.server.faults.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No llama-server outlives the server: the real server runs in its own JVM, loads the qwen3 model on llama-server,
 * and is then stopped normally or killed with {@code kill -9}; the child must exit within a deadline either way.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "kill -9 is SIGKILL on POSIX; the child is found through /proc")
class NoOrphanIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theChildExitsWhenTheServerIsKilled() throws Exception {
        QwenSetup setup = QwenSetup.in(dir);
        long child;
        try (ServerProcess server = ServerProcess.start(setup.config(), dir.resolve("stderr.txt"))) {
            child = loadModel(server, setup);

            server.kill();
        }
        LlamaChildren.assertExits(child, "kill -9 of the server");
        assertThat(LlamaChildren.serving(setup.model())).isEmpty();
    }

    @Test
    void theChildExitsWhenTheServerStops() throws Exception {
        QwenSetup setup = QwenSetup.in(dir);
        long child;
        try (ServerProcess server = ServerProcess.start(setup.config(), dir.resolve("stderr.txt"))) {
            child = loadModel(server, setup);
        } // close(): SIGTERM, the server's normal stop
        LlamaChildren.assertExits(child, "the server stopped");
        assertThat(LlamaChildren.serving(setup.model())).isEmpty();
    }

    /** One short turn loads the model; returns the pid of the llama-server child that serves it. */
    private static long loadModel(ServerProcess server, QwenSetup setup) throws Exception {
        String session = server.http.post("/sessions", "{}").json().get("session_id").asText();
        String body = JSON.createObjectNode().put("session_id", session).put("prompt", "Hi.")
                .put("model_name", QwenSetup.NAME).set("options", JSON.createObjectNode().put("max_tokens", 4))
                .toString();
        HttpResponse<InputStream> response = server.http.stream(body);
        String events = Http.readAll(response.body());
        assertThat(events).as(server.stderr()).contains("\"done\"").doesNotContain("\"error\"");
        long child = LlamaChildren.theOne(setup.model());
        assertThat(server.process.descendants().map(ProcessHandle::pid))
                .as("llama-server runs under the server's process").contains(child);
        return child;
    }
}
