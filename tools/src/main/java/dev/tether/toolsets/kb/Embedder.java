package dev.tether.toolsets.kb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.tool.LocalEmbeddings;
import dev.tether.tool.ToolException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns passages into vectors with one of Tether's own embedding models ({@link LocalEmbeddings}) or with an
 * embedding service: Ollama's {@code /api/embed} (answer {@code {"embeddings": [[…]]}}) or an OpenAI-compatible
 * {@code /v1/embeddings} (answer {@code {"data": [{"embedding": […]}]}}); both take {@code {"model", "input":
 * [texts]}}. Vectors are normalised to unit length.
 */
final class Embedder implements AutoCloseable {

    /** Where the service is and how to call it; {@code local} set means Tether's own model, {@code url} unused. */
    record Settings(String url, String model, Duration timeout, int batch, Optional<LocalEmbeddings> local) {

        Settings(String url, String model, Duration timeout, int batch) {
            this(url, model, timeout, batch, Optional.empty());
        }

        /** Tether's own model {@code model}. */
        static Settings local(LocalEmbeddings embeddings, String model, Duration timeout, int batch) {
            return new Settings("", model, timeout, batch, Optional.of(embeddings));
        }

        /** What the index fingerprint names. */
        String source() {
            return local.isPresent() ? "local:" + model : model;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    private final HttpClient client;

    Embedder(Settings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    /** One vector per text, in order; a {@link ToolException} when the service fails. */
    List<float[]> embed(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += settings.batch()) {
            vectors.addAll(call(texts.subList(from, Math.min(texts.size(), from + settings.batch()))));
        }
        return vectors;
    }

    private List<float[]> call(List<String> texts) {
        if (settings.local().isPresent()) {
            List<float[]> vectors = settings.local().get().embed(settings.model(), texts);
            if (vectors.size() != texts.size()) {
                throw new ToolException(
                        "the embedding model returned " + vectors.size() + " vectors for " + texts.size() + " texts");
            }
            return vectors.stream().map(Embedder::normalised).toList();
        }
        ObjectNode body = JSON.createObjectNode().put("model", settings.model());
        texts.forEach(body.putArray("input")::add);
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.url()))
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new ToolException("the embedding service answered HTTP " + response.statusCode());
            }
            return vectors(JSON.readTree(response.body()), texts.size());
        } catch (IOException e) {
            throw new ToolException("the embedding service failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("cancelled while embedding");
        }
    }

    private static List<float[]> vectors(JsonNode answer, int expected) {
        List<JsonNode> arrays = new ArrayList<>();
        if (answer.has("embeddings")) {
            answer.get("embeddings").forEach(arrays::add);
        } else {
            answer.path("data").forEach(item -> arrays.add(item.path("embedding")));
        }
        if (arrays.size() != expected) {
            throw new ToolException(
                    "the embedding service returned " + arrays.size() + " vectors for " + expected + " texts");
        }
        List<float[]> vectors = new ArrayList<>();
        for (JsonNode array : arrays) {
            vectors.add(normalised(array));
        }
        return vectors;
    }

    private static float[] normalised(JsonNode array) {
        float[] vector = new float[array.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) array.get(i).asDouble();
        }
        return normalised(vector);
    }

    private static float[] normalised(float[] values) {
        float[] vector = values.clone();
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        if (vector.length == 0 || norm == 0) {
            throw new ToolException("the embedding service returned an empty vector");
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < vector.length; i++) {
            vector[i] *= scale;
        }
        return vector;
    }

    @Override
    public void close() {
        client.close();
    }
}
