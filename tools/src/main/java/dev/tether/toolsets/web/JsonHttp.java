package dev.tether.toolsets.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.tool.ToolException;
import dev.tether.toolsets.ToolArgs;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * GETs JSON from one upstream service with a timeout; every transport failure becomes a {@link ToolException}
 * that names the service, so the model can tell the user what went wrong.
 */
final class JsonHttp implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_BYTES = 8 << 20;

    /** A response whose body parsed as JSON (a missing or non-JSON body is a {@code null} body). */
    record Reply(int status, HttpHeaders headers, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final String service;
    private final Duration timeout;
    private final HttpClient client;

    /** A client whose timeout is the args' {@code timeout_sec}, 10 s by default, as every web tool reads it. */
    JsonHttp(String service, ToolArgs args) {
        this.service = service;
        this.timeout = args.seconds("timeout_sec", 10);
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    String service() {
        return service;
    }

    Reply get(String baseUrl, Map<String, String> query, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(baseUrl, query))
                .timeout(timeout)
                .GET()
                .header("Accept", "application/json");
        headers.forEach(request::header);
        try {
            HttpResponse<InputStream> response =
                    client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            return new Reply(response.statusCode(), response.headers(), parse(read(response)));
        } catch (HttpTimeoutException e) {
            throw new ToolException(service + " did not answer within " + timeout.toSeconds() + " s");
        } catch (ConnectException e) {
            throw new ToolException("could not reach " + service + " at " + baseUrl);
        } catch (IOException e) {
            throw new ToolException("could not reach " + service + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("the request to " + service + " was cancelled");
        }
    }

    /** Fails with the upstream's own explanation when the reply is not a 2xx JSON object. */
    JsonNode requireOk(Reply reply, String detailField) {
        if (!reply.ok()) {
            String detail = reply.body() == null
                    ? ""
                    : reply.body().findPath(detailField).asText("");
            throw new ToolException(
                    service + " answered HTTP " + reply.status() + (detail.isBlank() ? "" : ": " + detail));
        }
        if (reply.body() == null || !reply.body().isObject()) {
            throw new ToolException(service + " answered with something that is not a JSON object");
        }
        return reply.body();
    }

    private String read(HttpResponse<InputStream> response) throws IOException {
        try (InputStream body = response.body()) {
            byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new ToolException(service + " answered with more than " + MAX_BODY_BYTES / 1024 / 1024 + " MiB");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private URI uri(String baseUrl, Map<String, String> query) {
        String encoded = query.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        try {
            return URI.create(encoded.isEmpty() ? baseUrl : baseUrl + (baseUrl.contains("?") ? "&" : "?") + encoded);
        } catch (IllegalArgumentException e) {
            throw new ToolException("invalid " + service + " URL: " + baseUrl);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public void close() {
        client.close();
    }
}
