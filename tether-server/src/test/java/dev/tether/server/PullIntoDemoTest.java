package dev.tether.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.engine.Engine;
import dev.tether.engine.config.TetherConfig;
import dev.tether.engine.llamacpp.TestModels;
import dev.tether.pull.FakeHub;
import dev.tether.server.http.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server started with no model (the demo) gets one through {@code POST /models/pull} from a local fake of the
 * Hugging Face Hub, and lists and serves it at once, without a restart; "demo" keeps answering beside it.
 */
class PullIntoDemoTest {

    private static final String MODEL = "tether-tiny-Q4_K_M";

    @TempDir
    Path dir;

    private FakeHub hub;
    private Engine engine;
    private TetherServer server;
    private Http http;

    @BeforeEach
    void start() throws IOException {
        hub = new FakeHub().file("acme/Tiny-GGUF", MODEL + ".gguf", Files.readAllBytes(TestModels.tiny()));
        Path config = Files.writeString(dir.resolve("tether.yml"), """
                host: 127.0.0.1
                port: 0
                data_dir: "%1$s"
                providers:
                  model: { impl: llamacpp, args: { dist_root: "%1$s/dist", engine: embedded, n_ctx: 512,
                           parallel: 1, threads: 1 } }
                  session_store: { url: "jdbc:sqlite:%1$s/tether.db" }
                pull: { hub_endpoint: "%2$s" }
                tools: { enabled: [] }
                """.formatted(
                        dir.toAbsolutePath().toString().replace("\\", "/"), hub.url()));
        engine = Engine.start(TetherConfig.load(Optional.of(config), Map.of(), name -> null), name -> null);
        server = new TetherServer(engine).start();
        http = new Http("http://127.0.0.1:" + server.port());
    }

    @AfterEach
    void stop() {
        server.stop();
        engine.close();
        hub.close();
    }

    @Test
    void aPulledModelIsListedAndAnswersWithoutARestart() {
        assertThat(names()).containsExactly("demo");
        assertThat(dir.resolve("dist")).doesNotExist();

        List<JsonNode> pull = http.post("/models/pull", "{\"model\": \"acme/Tiny-GGUF\"}")
                .body()
                .lines()
                .map(TestJson::parse)
                .toList();

        assertThat(pull.getLast().get("data").get("success").asBoolean())
                .as(pull.toString())
                .isTrue();
        assertThat(names()).containsExactly(MODEL, "demo");
        assertThat(http.get("/models/" + MODEL).json().get("provider").asText()).isEqualTo("llamacpp");

        List<JsonNode> answer = chat(MODEL, "Say hello");
        assertThat(answer)
                .as(answer.toString())
                .extracting(e -> e.get("type").asText())
                .contains("token")
                .last()
                .isEqualTo("done");
        // random weights can write a broken tool call (invalid_tool_call); any other error is a failure
        assertThat(answer)
                .noneMatch(e -> e.get("type").asText().equals("error")
                        && !e.at("/data/code").asText().equals("invalid_tool_call"));
        assertThat(answer.getLast()
                        .get("data")
                        .get("usage")
                        .get("completion_tokens")
                        .asInt())
                .isPositive();

        List<JsonNode> demo = chat("demo", "hello");
        assertThat(demo)
                .extracting(e -> e.get("type").asText())
                .contains("token")
                .last()
                .isEqualTo("done");
        assertThat(http.get("/readyz").status()).isEqualTo(200);
    }

    private List<String> names() {
        return StreamSupport.stream(http.get("/models").json().spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }

    private List<JsonNode> chat(String model, String prompt) {
        String session = http.post("/sessions", "{}").json().get("session_id").asText();
        return http.chat(Json.object()
                .put("session_id", session)
                .put("prompt", prompt)
                .put("model_name", model)
                .set("options", Json.object().put("max_tokens", 8))
                .toString());
    }
}
