package dev.tether.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.llamacpp.bench.LlamaBench;
import dev.tether.engine.llamacpp.bench.LlamaBench.Streamer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The very llama-server child that Tether started for a model, reached directly: its port from its command line,
 * its API key from its environment ({@code /proc}, Linux), streamed through its {@code /v1/chat/completions} with
 * the same system prompt and question Tether sends, so the two sides decode on the same process and threads.
 */
record DirectLlamaServer(String base, String apiKey) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** The llama-server among this JVM's descendants whose command line names {@code model}. */
    static DirectLlamaServer of(Path model) throws IOException {
        ProcessHandle child = ProcessHandle.current()
                .descendants()
                .filter(p ->
                        p.info().command().map(c -> c.endsWith("/llama-server")).orElse(false))
                .filter(p -> p.info()
                        .commandLine()
                        .map(c -> c.contains(model.toString()))
                        .orElse(false))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no llama-server child serves " + model));
        List<String> args = List.of(child.info().arguments().orElseThrow());
        String port = args.get(args.indexOf("--port") + 1);
        String environ = Files.readString(Path.of("/proc", Long.toString(child.pid()), "environ"));
        String key = environ.lines()
                .flatMap(l -> List.of(l.split("\0")).stream())
                .filter(v -> v.startsWith("LLAMA_API_KEY="))
                .map(v -> v.substring("LLAMA_API_KEY=".length()))
                .findFirst()
                .orElse("");
        return new DirectLlamaServer("http://127.0.0.1:" + port, key);
    }

    /**
     * Streams {@code question} after Tether's system prompt with Tether's sampling, decoding exactly the tokens asked
     * for ({@code ignore_eos}: a random-weight model stops at a different point on a different prompt, so the
     * bench asks for as many tokens as the paired run through Tether produced); returns the tokens decoded.
     */
    Streamer streamer(String question) {
        return (session, history, maxTokens, chunks) -> stream(question, maxTokens, chunks);
    }

    private int stream(String question, int maxTokens, java.util.function.Consumer<String> chunks) {
        ObjectNode body = JSON.createObjectNode()
                .put("stream", true)
                .put("max_tokens", maxTokens)
                .put("temperature", 0.8)
                .put("top_p", 0.95)
                .put("seed", 1)
                .put("ignore_eos", true);
        body.putArray("messages")
                .add(JSON.createObjectNode().put("role", "system").put("content", LlamaBench.SYSTEM))
                .add(JSON.createObjectNode().put("role", "user").put("content", question));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        try {
            HttpResponse<InputStream> res = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            int tokens = 0;
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (!line.startsWith("data: ") || line.equals("data: [DONE]")) {
                        continue;
                    }
                    JsonNode chunk = JSON.readTree(line.substring(6));
                    String text = chunk.at("/choices/0/delta/content").asText("");
                    if (!text.isEmpty()) {
                        chunks.accept(text);
                    }
                    if (chunk.has("timings")) {
                        tokens = chunk.at("/timings/predicted_n").asInt(tokens);
                    }
                }
            }
            return tokens;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The median of five timings of llama-server rendering {@code system} and {@code messages} with the model's
     * template ({@code /apply-template}) and tokenizing the result ({@code /tokenize}), in ms.
     */
    double renderAndTokenizeMs(String system, java.util.List<JsonNode> messages) {
        ObjectNode render = JSON.createObjectNode().put("add_generation_prompt", true);
        var list = render.putArray("messages");
        list.add(JSON.createObjectNode().put("role", "system").put("content", system));
        messages.forEach(m -> list.add(JSON.createObjectNode()
                .put("role", m.path("role").asText())
                .put("content", m.path("content").asText())));
        java.util.List<Double> times = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long start = System.nanoTime();
            String prompt = post("/apply-template", render).path("prompt").asText();
            int tokens = post(
                            "/tokenize",
                            JSON.createObjectNode()
                                    .put("content", prompt)
                                    .put("add_special", true)
                                    .put("parse_special", true))
                    .path("tokens")
                    .size();
            if (tokens == 0) {
                throw new IllegalStateException("llama-server tokenized the conversation to nothing");
            }
            if (i > 0) { // the first is a warm-up
                times.add((System.nanoTime() - start) / 1e6);
            }
        }
        return ChatStreamLlamaBench.median(times);
    }

    private JsonNode post(String path, ObjectNode body) {
        try {
            HttpResponse<String> res = HTTP.send(
                    HttpRequest.newBuilder(URI.create(base + path))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + apiKey)
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(res.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
