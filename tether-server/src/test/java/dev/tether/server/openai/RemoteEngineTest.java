package dev.tether.server.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tether.engine.Engine;
import dev.tether.engine.config.TetherConfig;
import io.helidon.webserver.WebServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tether's OpenAI API in front of an OpenAI-compatible engine (a fake vLLM on a loopback port): a relay of tools. */
class RemoteEngineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> VLLM_STREAM = List.of(
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Checking.\"}}]}\n\n",
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"chatcmpl-tool-1\","
                    + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"ci\"}}]}}]}\n\n",
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
                    + "\"function\":{\"arguments\":\"ty\\\": \\\"Oslo\\\"}\"}}]}}]}\n\n",
            "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n",
            "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":31,\"completion_tokens\":9}}\n\n",
            "data: [DONE]\n\n");

    @TempDir
    Path dir;

    private final List<String> vllmBodies = new CopyOnWriteArrayList<>();
    private HttpServer vllm;
    private Engine engine;
    private WebServer tether;

    @AfterEach
    void stop() {
        if (tether != null) {
            tether.stop();
        }
        if (engine != null) {
            engine.close();
        }
        if (vllm != null) {
            vllm.stop(0);
        }
    }

    @Test
    void clientToolsReachTheRemoteEngineAndItsStreamedCallComesBackAssembled() throws Exception {
        startVllm();
        Path config = dir.resolve("tether.yml");
        Files.writeString(config, """
                data_dir: %s
                providers:
                  model: { impl: openai, args: { base_url: "http://127.0.0.1:%d/v1", models: [qwen-remote] } }
                  session_store: { url: "jdbc:sqlite:%s" }
                tools: { registry: [], enabled: [] }
                """.formatted(dir, vllm.getAddress().getPort(), dir.resolve("tether.db")));
        engine = Engine.start(TetherConfig.load(Optional.of(config), Map.of(), k -> null), k -> null);
        tether = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .routing(r -> r.register("/v1", new OpenAiService(engine)))
                .build()
                .start();

        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tether.port() + "/v1/chat/completions"))
                                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model": "qwen-remote", "messages": [{"role": "user", "content": "Weather in Oslo?"}],
                         "tool_choice": "required",
                         "tools": [{"type": "function", "function": {"name": "get_weather",
                           "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}]}"""))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        JsonNode body = JSON.readTree(response.body());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Checking.");
        assertThat(body.at("/choices/0/message/tool_calls/0/function/name").asText())
                .isEqualTo("get_weather");
        assertThat(body.at("/choices/0/message/tool_calls/0/function/arguments").asText())
                .isEqualTo("{\"city\":\"Oslo\"}");
        assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo(31);

        JsonNode sent = JSON.readTree(vllmBodies.getFirst());
        assertThat(sent.at("/tools/0/function/name").asText()).isEqualTo("get_weather");
        assertThat(sent.get("tool_choice").asText()).isEqualTo("required");
        assertThat(sent.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(sent.at("/messages/1/content").asText()).isEqualTo("Weather in Oslo?");
    }

    private void startVllm() throws Exception {
        vllm = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        vllm.createContext("/v1/chat/completions", exchange -> {
            vllmBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (String piece : VLLM_STREAM) {
                    out.write(piece.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        });
        vllm.start();
    }
}
