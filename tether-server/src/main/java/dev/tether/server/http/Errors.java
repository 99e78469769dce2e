package dev.tether.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.error.EngineException;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.NotFoundException;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place that turns failures into the JSON error shape {@code {"error":{"code","message"}}}: engine
 * exceptions by kind, the server's own refusals, Helidon's routing errors, and anything unexpected (logged, never
 * shown to the client).
 */
public final class Errors {

    private static final Logger LOG = Logger.getLogger(Errors.class.getName());

    private Errors() {}

    /** Error handling for everything that reaches the routing. */
    public static void register(HttpRouting.Builder routing) {
        routing.error(Throwable.class, Errors::handle);
    }

    /** Errors Helidon answers before routing (malformed request line or headers, oversized payload). */
    public static DirectHandlers directHandlers() {
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            builder.addHandler(type, Errors::direct);
        }
        return builder.build();
    }

    public static void handle(ServerRequest req, ServerResponse res, Throwable error) {
        if (error instanceof HttpException e && e.status().code() < 400) {
            // not a failure: static content answers a conditional GET with 304, which must carry no body
            res.status(e.status()).send();
            return;
        }
        Failure f = classify(error, req);
        send(res, f.status(), f.code(), f.message());
    }

    public static void send(ServerResponse res, Status status, String code, String message) {
        Json.send(res, status, body(status, code, message));
    }

    /**
     * Tether's shape, {@code {"error": {"code", "message"}}}, with OpenAI's {@code type} and {@code param} beside
     * them: the same body then serves clients of {@code /v1} (the official OpenAI clients read {@code type}).
     */
    public static ObjectNode body(Status status, String code, String message) {
        ObjectNode root = Json.object();
        root.putObject("error")
                .put("code", code)
                .put("message", message)
                .put("type", openAiType(status))
                .putNull("param");
        return root;
    }

    private static String openAiType(Status status) {
        return switch (status.code()) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 429 -> "rate_limit_error";
            default -> status.code() >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    public record Failure(Status status, String code, String message) {}

    public static Failure classify(Throwable error, ServerRequest req) {
        return switch (error) {
            case ApiError e -> new Failure(e.status(), e.code(), e.getMessage());
            case EngineException e -> engine(e);
            case NotFoundException e ->
                new Failure(
                        Status.NOT_FOUND_404,
                        "not_found",
                        "no route for " + req.prologue().method().text() + " "
                                + req.path().rawPath());
            case HttpException e -> new Failure(e.status(), codeOf(e.status()), clientMessage(e));
            default -> {
                LOG.log(
                        Level.WARNING,
                        "request failed: " + req.prologue().method().text() + " "
                                + req.path().rawPath(),
                        error);
                yield new Failure(Status.INTERNAL_SERVER_ERROR_500, "internal", "internal error");
            }
        };
    }

    private static Failure engine(EngineException e) {
        Status status = switch (e.kind()) {
            case BAD_REQUEST -> Status.BAD_REQUEST_400;
            case NOT_FOUND -> Status.NOT_FOUND_404;
            case CONFLICT -> Status.CONFLICT_409;
            case UNAVAILABLE -> Status.SERVICE_UNAVAILABLE_503;
            case INTERNAL -> Status.INTERNAL_SERVER_ERROR_500;
        };
        if (e.kind() == EngineException.Kind.INTERNAL) {
            LOG.log(Level.WARNING, "engine failure " + e.code(), e);
            return new Failure(status, e.code(), "internal error");
        }
        return new Failure(status, e.code(), e.getMessage());
    }

    private static String clientMessage(HttpException e) {
        return e.status().code() >= 500 ? "internal error" : e.getMessage();
    }

    public static String codeOf(Status status) {
        return switch (status.code()) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "body_too_large";
            case 505 -> "http_version_not_supported";
            case 503 -> "unavailable";
            default ->
                status.code() >= 500
                        ? "internal"
                        : status.reasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '_');
        };
    }

    private static DirectHandler.TransportResponse direct(
            DirectHandler.TransportRequest request,
            DirectHandler.EventType type,
            Status status,
            ServerResponseHeaders headers,
            String message) {
        // Helidon passes no message for some refusals (bad request line, bad header); the body must still have one
        String text = status.code() == 505
                ? "this server speaks HTTP/1.1 only; HTTP/1.0 is not supported"
                : status.code() >= 500
                        ? "internal error"
                        : status.code() == 413
                                ? "the request body is too large"
                                : message == null || message.isBlank() ? status.reasonPhrase() : message;
        headers.set(HeaderValues.CONTENT_TYPE_JSON);
        return DirectHandler.TransportResponse.builder()
                .status(status)
                .headers(headers)
                .entity(body(status, codeOf(status), text).toString().getBytes(StandardCharsets.UTF_8))
                .keepAlive(type.keepAlive())
                .build();
    }
}
