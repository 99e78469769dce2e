package dev.tether.server.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.server.http.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One load client: a real java.net.http client that creates sessions, streams chats and reads messages back. */
final class LoadClient {

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final String base;

    LoadClient(String base) {
        this.base = base;
    }

    String newSession() {
        JsonNode created = json(send(request("/sessions").POST(HttpRequest.BodyPublishers.ofString("{}")), 201));
        return created.get("session_id").asText();
    }

    JsonNode messages(String session) {
        return json(send(request("/sessions/" + session + "/messages").GET(), 200));
    }

    /** Streams one turn and returns every NDJSON event in order. */
    List<JsonNode> chat(String session, String prompt) {
        String body =
                Json.object().put("session_id", session).put("prompt", prompt).toString();
        HttpRequest request = request("/chat/stream")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                if (response.statusCode() != 200) {
                    throw new AssertionError("chat answered " + response.statusCode() + ": " + lines.readLine());
                }
                List<JsonNode> events = new ArrayList<>();
                String line;
                while ((line = lines.readLine()) != null) {
                    events.add(Json.MAPPER.readTree(line));
                }
                return events;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    }

    private String send(HttpRequest.Builder request, int expected) {
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new AssertionError(
                        "expected " + expected + " but got " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
