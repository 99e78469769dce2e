package dev.tether.engine.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Today's model families on the real llama-server (built by {@code scripts/llama-server.sh}), and the reason
 * Tether runs it: the embedded binding cannot load them.
 */
class CurrentModelsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TOOLS = """
            [{"type": "function", "function": {"name": "get_current_time", "description": "The current time",
              "parameters": {"type": "object", "properties": {"timezone": {"type": "string"}}}}}]""";

    @Test
    void llamaServerStreamsAQwen3ChatWithToolsAndStopsWhenClosed() throws Exception {
        LlamaServerProcess server = LlamaServerProcess.start(TestModels.qwen3());
        List<JsonNode> chunks;
        List<String> data;
        try (server) {
            HttpResponse<java.util.stream.Stream<String>> response = HTTP.send(
                    server.post("/v1/chat/completions", chatRequest(true)), HttpResponse.BodyHandlers.ofLines());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
            data = response.body()
                    .filter(line -> line.startsWith("data: "))
                    .map(line -> line.substring(6))
                    .toList();
            chunks = data.stream()
                    .filter(d -> !d.equals("[DONE]"))
                    .map(CurrentModelsTest::parse)
                    .toList();
        }

        assertThat(data).last().isEqualTo("[DONE]");
        assertThat(chunks)
                .filteredOn(c -> hasDelta(c.path("choices").path(0).path("delta")))
                .hasSizeGreaterThan(1);
        assertThat(chunks)
                .anySatisfy(c -> assertThat(
                                c.path("choices").path(0).path("finish_reason").asText())
                        .isIn("stop", "length", "tool_calls"));
        JsonNode last = chunks.getLast();
        assertThat(last.path("usage").path("completion_tokens").asInt()).isPositive();
        assertThat(last.path("usage").path("prompt_tokens").asInt()).isGreaterThan(50); // the tools were rendered
        assertThat(last.path("timings").path("predicted_per_second").asDouble()).isPositive();
        assertThat(server.process().isAlive()).isFalse();
        assertThatThrownBy(() -> new Socket("127.0.0.1", server.port()).close()).isInstanceOf(IOException.class);
    }

    @Test
    void llamaServerAnswersWithTheQwen3CoderMixtureOfExperts() throws Exception {
        try (LlamaServerProcess server = LlamaServerProcess.start(TestModels.qwen3Coder())) {
            HttpResponse<String> response = HTTP.send(
                    server.post("/v1/chat/completions", chatRequest(false)), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode body = parse(response.body());
            assertThat(body.path("usage").path("completion_tokens").asInt()).isPositive();
            JsonNode models = parse(HTTP.send(server.get("/v1/models"), HttpResponse.BodyHandlers.ofString())
                    .body());
            assertThat(models.path("data").path(0).path("meta").path("n_vocab").asInt())
                    .isEqualTo(151_936);
        }
    }

    @Test
    void theEmbeddedBindingRefusesQwen3AsAnUnknownArchitecture() throws Exception {
        Path model = TestModels.qwen3();
        Path log = Files.createTempFile("worker-", ".log");
        Process worker = new ProcessBuilder(WorkerProcess.command("", null))
                .redirectError(log.toFile())
                .start();
        try (OutputStream in = worker.getOutputStream()) {
            in.write(("{\"model\": " + JSON.writeValueAsString(model.toString()) + ", \"n_ctx\": 512}\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        String reply = new String(worker.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(worker.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(reply).startsWith(WorkerChannel.PREFIX);
        assertThat(parse(reply.substring(WorkerChannel.PREFIX.length()))
                        .path("type")
                        .asText())
                .isEqualTo("error");
        assertThat(Files.readString(log)).contains("unknown model architecture: 'qwen3'");
    }

    private static String chatRequest(boolean stream) {
        return """
                {"messages": [{"role": "user", "content": "What time is it in Paris?"}], "tools": %s,
                 "stream": %s, %s"max_tokens": 24, "temperature": 0}""".formatted(TOOLS, stream, stream ? "\"stream_options\": {\"include_usage\": true}, " : "");
    }

    private static boolean hasDelta(JsonNode delta) {
        return delta.hasNonNull("content") || delta.hasNonNull("reasoning_content") || delta.has("tool_calls");
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
