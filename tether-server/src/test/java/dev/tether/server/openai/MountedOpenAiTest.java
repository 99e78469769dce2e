package dev.tether.server.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.engine.Engine;
import dev.tether.engine.config.TetherConfig;
import dev.tether.server.TetherServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service mounted at {@code /v1} on the full Tether server, behind its API key, beside the native API. */
class MountedOpenAiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Engine engine;
    private TetherServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void theApiKeyGuardsTheOpenAiRoutesAndOpenAiClientsSendIt() throws Exception {
        Path config = dir.resolve("tether.yml");
        Files.writeString(config, """
                port: 0
                data_dir: %s
                server: { api_key: "sk-tether-test" }
                providers:
                  model: { impl: scripted, args: { script: "classpath:demo-script.yml" } }
                  session_store: { url: "jdbc:sqlite:%s" }
                """.formatted(dir, dir.resolve("tether.db")));
        engine = Engine.start(TetherConfig.load(Optional.of(config), Map.of(), k -> null), k -> null);
        server = new TetherServer(engine, List.of(new TetherServer.Mount("/v1", new OpenAiService(engine)))).start();
        HttpClient http = HttpClient.newHttpClient();
        String body = """
                {"model": "demo", "messages": [{"role": "user", "content": "hello"}]}""";

        HttpResponse<String> refused = http.send(request(body).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> answered = http.send(
                request(body).header("Authorization", "Bearer sk-tether-test").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(answered.body())
                        .at("/choices/0/message/content")
                        .asText())
                .startsWith("Hello!");
        assertThat(engine.store().list(10, 0))
                .as("the native API's sessions are untouched")
                .isEmpty();
    }

    private HttpRequest.Builder request(String body) {
        return HttpRequest.newBuilder(URI.create(server.url() + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }
}
