package dev.tether.engine.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.Map;

/** HTTP to one remote engine: JSON requests, line-streamed answers, errors turned into {@link EngineException}s. */
final class RemoteClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_CHARS = 2_000;

    private final RemoteSettings settings;
    private final Map<String, String> headers;
    private final String what;
    private final HttpClient http; // null when another client opens the exchanges
    private final LineStream.Opener opener;

    RemoteClient(String kind, RemoteSettings settings, Map<String, String> headers) {
        this(kind, settings, headers, null);
    }

    /** {@code opener} null: the JDK's client, for any server; else that client's exchanges (a child's own). */
    RemoteClient(String kind, RemoteSettings settings, Map<String, String> headers, LineStream.Opener opener) {
        this.settings = settings;
        this.headers = Map.copyOf(headers);
        this.what = kind + " at " + settings.baseUrl();
        this.opener = opener;
        this.http = opener != null
                ? null
                : HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(settings.connectTimeout())
                        .build();
    }

    /** {@code "ollama at http://…/"}, for messages. */
    String what() {
        return what;
    }

    RemoteSettings settings() {
        return settings;
    }

    JsonNode get(String path) {
        try (LineStream stream = open("GET", path, null, new Cancellation())) {
            checkStatus(stream);
            return parse(stream.rest(Integer.MAX_VALUE));
        }
    }

    /** POSTs {@code body} and returns the answer's lines once the status is known to be a success. */
    LineStream post(String path, JsonNode body, Cancellation cancel) {
        LineStream stream = open("POST", path, body.toString(), cancel);
        try {
            checkStatus(stream);
            return stream;
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
    }

    /** Reads one JSON value the remote sent; a malformed one is a protocol error. */
    JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw protocol("sent malformed JSON: " + abbreviate(text));
        }
    }

    EngineException protocol(String message) {
        return new EngineException(ErrorCode.PROVIDER_PROTOCOL, what + " " + message);
    }

    /** The remote reported an error inside its stream. */
    EngineException failed(String message) {
        return new EngineException(ErrorCode.PROVIDER_ERROR, what + " failed: " + message);
    }

    private LineStream open(String method, String path, String body, Cancellation cancel) {
        if (opener != null) {
            return opener.open(
                    new LineStream.Request(settings.baseUrl().resolve(path), method, headers, body),
                    what,
                    settings.connectTimeout(),
                    settings.readTimeout(),
                    cancel);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.baseUrl().resolve(path));
        headers.forEach(request::header);
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        return HttpClientLineStream.open(http, request.build(), what, settings.readTimeout(), cancel);
    }

    private void checkStatus(LineStream stream) {
        int status = stream.status();
        if (status < 400) {
            return;
        }
        String body = stream.rest(MAX_ERROR_CHARS);
        String message = what + " answered HTTP " + status + ": " + errorMessage(body);
        if (status < 500 && contextExceeded(body)) {
            throw new EngineException(ErrorCode.CONTEXT_OVERFLOW, message);
        }
        throw status < 500
                ? new EngineException(ErrorCode.PROVIDER_REJECTED, message)
                : new EngineException(ErrorCode.PROVIDER_ERROR, message);
    }

    /** llama-server's {@code exceed_context_size_error} type, or OpenAI's {@code context_length_exceeded} code. */
    static boolean contextExceeded(String body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            return error.path("type").asText().equals("exceed_context_size_error")
                    || error.path("code").asText().equals("context_length_exceeded");
        } catch (JsonProcessingException | RuntimeException e) {
            return false;
        }
    }

    /** The message inside Ollama's {@code {"error":"…"}} or OpenAI's {@code {"error":{"message":"…"}}}, else the body. */
    static String errorMessage(String body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            if (error.isTextual()) {
                return error.asText();
            }
            if (error.path("message").isTextual()) {
                return error.path("message").asText();
            }
        } catch (JsonProcessingException | RuntimeException e) {
            // not JSON: the body itself is the best message there is
        }
        return body.isBlank() ? "(no body)" : abbreviate(body);
    }

    static String abbreviate(String text) {
        String line = text.strip().replace('\n', ' ');
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
    }
}
