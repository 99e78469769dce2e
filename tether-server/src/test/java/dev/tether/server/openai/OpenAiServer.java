package dev.tether.server.openai;

import dev.tether.engine.Engine;
import dev.tether.engine.config.TetherConfig;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A real Helidon server on a loopback port with only {@link OpenAiService} routed at {@code /v1}, over an engine
 * whose model is the recording scripted provider with {@link #SCRIPT}, beside the {@link FailingProvider}.
 */
final class OpenAiServer implements AutoCloseable {

    static final String MODEL = "tether-test";

    /** Seed-protocol answers: a weather call, an answer to its result, a refusal, a slow story, a greeting. */
    static final String SCRIPT = """
            models: [tether-test]
            rules:
              - on: user
                match: "(?i)weather"
                chunks: ["Let me look. ", "<<function_call>> {\\"name\\": \\"get_weather\\", ", "\\"arguments\\": {\\"city\\": \\"Paris\\"}}"]
              - on: tool
                match: "sunny"
                chunks: ["It is ", "sunny in Paris."]
              - on: user
                match: "(?i)refuse"
                chunks: ["I would rather ", "not call anything."]
              - on: user
                match: "(?i)think"
                chunks: ["<think>Hmm, ", "a greeting.</think>", "Hello."]
              - on: user
                match: "(?i)story"
                chunks: ["Once ", "upon ", "a ", "time ", "there ", "was ", "a ", "very ", "long ", "story ", "that ", "never ", "ended ", "at ", "all ", "and ", "went ", "on ", "and ", "on."]
              - on: user
                match: "(?i)hello"
                chunks: ["Hello ", "from Tether."]
            """;

    final Engine engine;
    final WebServer server;

    OpenAiServer(Path dir, int chunkDelayMs) throws IOException {
        Path script = dir.resolve("script.yml");
        Files.writeString(script, "chunk_delay_ms: " + chunkDelayMs + "\n" + SCRIPT);
        Path config = dir.resolve("tether.yml");
        Files.writeString(config, """
                data_dir: %s
                providers:
                  model: { impl: %s, args: { script: "%s" } }
                  extra: [ { impl: %s } ]
                  session_store: { url: "jdbc:sqlite:%s" }
                tools: { registry: [], enabled: [] }
                """.formatted(
                        dir,
                        RecordingProvider.class.getName(),
                        script,
                        FailingProvider.class.getName(),
                        dir.resolve("tether.db")));
        engine = Engine.start(TetherConfig.load(Optional.of(config), Map.of(), k -> null), k -> null);
        server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .routing(routing -> routing.register("/v1", new OpenAiService(engine)))
                .build()
                .start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port() + "/v1";
    }

    @Override
    public void close() {
        server.stop();
        engine.close();
    }
}
