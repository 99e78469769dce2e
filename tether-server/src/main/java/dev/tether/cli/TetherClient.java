package dev.tether.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The few routes of Tether's HTTP API the terminal client uses, over {@code java.net.http}. */
final class TetherClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final Optional<String> apiKey;
    private final HttpClient http;

    TetherClient(URI base, Optional<String> apiKey) {
        this.base = base;
        this.apiKey = apiKey;
        this.http = newHttpClient();
    }

    private static HttpClient newHttpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    URI base() {
        return base;
    }

    List<String> models() {
        List<String> names = new ArrayList<>();
        send(request("models").GET()).forEach(n -> names.add(n.asText()));
        return names;
    }

    /** {@code GET /tools}: every tool, with its source and state for another MCP server's. */
    JsonNode tools() {
        return send(request("tools").GET());
    }

    /** Sessions, newest first. */
    JsonNode sessions(int limit) {
        return send(request("sessions?limit=" + limit).GET());
    }

    JsonNode session(String id) {
        return send(request("sessions/" + encode(id)).GET());
    }

    JsonNode createSession(String title) {
        ObjectNode body = JSON.createObjectNode().put("title", title);
        return send(request("sessions").POST(body(body)));
    }

    JsonNode messages(String id) {
        return send(request("sessions/" + encode(id) + "/messages").GET());
    }

    /** The user's answer to a {@code tool_approval} event. */
    void approve(String sessionId, String callId, boolean approve, boolean inChat) {
        ObjectNode body = JSON.createObjectNode().put("approve", approve).put("scope", inChat ? "chat" : "once");
        send(request("sessions/" + encode(sessionId) + "/approvals/" + encode(callId))
                .POST(body(body)));
    }

    /**
     * Starts a turn; the server has accepted it when this returns. The answer has a connection of its own:
     * {@link Answer#close()} drops it, which is how the server learns to stop generating.
     */
    Answer chat(String sessionId, String prompt, Optional<String> model) {
        ObjectNode body = JSON.createObjectNode()
                .put("session_id", sessionId)
                .put("prompt", prompt)
                .put("interactive_approval", true); // the chat asks the user when a tool call needs approval
        model.ifPresent(m -> body.put("model_name", m));
        HttpRequest req = request("chat/stream")
                .header("Accept", "application/x-ndjson")
                .POST(body(body))
                .build();
        HttpClient own = newHttpClient();
        try {
            HttpResponse<InputStream> res = exchange(own, req, HttpResponse.BodyHandlers.ofInputStream());
            if (res.statusCode() != 200) {
                try (InputStream in = res.body()) {
                    throw failure(res.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            return new Answer(res.body(), own);
        } catch (IOException | RuntimeException e) {
            own.shutdownNow();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** A streaming answer's body and the client that holds its connection. */
    record Answer(InputStream body, HttpClient connection) implements AutoCloseable {
        @Override
        public void close() {
            // closing the body alone may leave the connection open and the server generating
            connection.shutdownNow();
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).header("Accept", "application/json");
        apiKey.ifPresent(k -> b.header("Authorization", "Bearer " + k));
        return b;
    }

    private static HttpRequest.BodyPublisher body(JsonNode json) {
        return HttpRequest.BodyPublishers.ofString(json.toString(), StandardCharsets.UTF_8);
    }

    private JsonNode send(HttpRequest.Builder builder) {
        HttpRequest req = builder.header("Content-Type", "application/json").build();
        HttpResponse<String> res = exchange(http, req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (res.statusCode() / 100 != 2) {
            throw failure(res.statusCode(), res.body());
        }
        try {
            return res.body().isEmpty() ? JSON.nullNode() : JSON.readTree(res.body());
        } catch (IOException e) {
            throw new ClientException("the server answered something that is not JSON: " + e.getMessage());
        }
    }

    private <T> HttpResponse<T> exchange(HttpClient client, HttpRequest req, HttpResponse.BodyHandler<T> handler) {
        try {
            return client.send(req, handler);
        } catch (IOException e) {
            throw new ClientException("Tether isn't reachable at " + base + " — is ./tether running? ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted");
        }
    }

    private static ClientException failure(int status, String body) {
        if (status == 401) {
            return new ClientException(status, "the server needs an API key: pass --api-key KEY or set TETHER_API_KEY");
        }
        String message = body;
        try {
            JsonNode error = JSON.readTree(body).path("error");
            if (error.has("message")) {
                message = error.path("message").asText();
            }
        } catch (IOException e) {
            // not the API's JSON error shape: show the body as it came
        }
        return new ClientException(status, "the server answered " + status + ": " + message);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** A request that failed; its message is fit to show the user as it is. */
    static final class ClientException extends RuntimeException {
        private final int status;

        ClientException(String message) {
            this(0, message);
        }

        ClientException(int status, String message) {
            super(message);
            this.status = status;
        }

        /** The HTTP status the server answered, or 0 when there was no answer. */
        int status() {
            return status;
        }
    }
}
