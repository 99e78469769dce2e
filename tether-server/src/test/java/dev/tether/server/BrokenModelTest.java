package dev.tether.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.engine.Engine;
import dev.tether.engine.config.TetherConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A text file renamed {@code .gguf} is reported at once: in {@code /models?details=true} and by {@code /readyz}. */
class BrokenModelTest {

    @TempDir
    Path dir;

    @Test
    void aBrokenDefaultModelFailsReadinessAndIsListedWithItsReason() throws Exception {
        Path model = Files.writeString(dir.resolve("notes.gguf"), "not a model at all");
        Path config = Files.writeString(dir.resolve("tether.yml"), """
                port: 0
                providers:
                  session_store: { url: "jdbc:sqlite:%s" }
                """.formatted(
                        dir.resolve("t.db").toString().replace("\\", "/")));
        TetherConfig settings = TetherConfig.load(Optional.of(config), Map.of("model", model.toString()), k -> null);
        try (Engine engine = Engine.start(settings, name -> null)) {
            TetherServer server = new TetherServer(engine).start();
            try {
                Http http = new Http("http://127.0.0.1:" + server.port());

                Http.Response ready = http.get("/readyz");
                assertThat(ready.status()).isEqualTo(503);
                assertThat(ready.json().get("provider").asBoolean()).isFalse();
                assertThat(ready.json().get("store").asBoolean()).isTrue();
                assertThat(http.get("/models").json())
                        .extracting(JsonNode::asText)
                        .containsExactly("notes");
                JsonNode details = http.get("/models?details=true").json().get(0);
                assertThat(details.get("name").asText()).isEqualTo("notes");
                assertThat(details.get("error").asText()).contains("unreadable GGUF header");
            } finally {
                server.stop();
            }
        }
    }
}
