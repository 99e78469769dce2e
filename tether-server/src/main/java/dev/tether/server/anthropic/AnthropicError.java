package dev.tether.server.anthropic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.error.EngineException;

/**
 * An error in Anthropic's shape, {@code {"type": "error", "error": {"type", "message"}}}, with its HTTP status.
 * The message of a refused request starts with the field at fault ({@code messages.0.content: …}).
 */
final class AnthropicError extends RuntimeException {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int status;
    private final String type;

    AnthropicError(int status, String type, String message) {
        super(message);
        this.status = status;
        this.type = type;
    }

    /** The client sent something Tether cannot take: 400 {@code invalid_request_error} naming {@code field}. */
    static AnthropicError invalid(String field, String message) {
        return new AnthropicError(400, "invalid_request_error", field + ": " + message);
    }

    /** An engine failure, with the status and type its kind calls for; the message keeps Tether's code. */
    static AnthropicError from(EngineException e) {
        String message = e.getMessage() + " (" + e.code() + ")";
        return switch (e.kind()) {
            case BAD_REQUEST -> new AnthropicError(400, "invalid_request_error", message);
            case NOT_FOUND -> new AnthropicError(404, "not_found_error", message);
            case CONFLICT -> new AnthropicError(409, "invalid_request_error", message);
            case UNAVAILABLE ->
                e.code().equals("overloaded")
                        ? new AnthropicError(529, "overloaded_error", message)
                        : new AnthropicError(503, "api_error", message);
            case INTERNAL -> new AnthropicError(500, "api_error", message);
        };
    }

    int status() {
        return status;
    }

    ObjectNode body() {
        ObjectNode body = JSON.createObjectNode().put("type", "error");
        body.putObject("error").put("type", type).put("message", getMessage());
        return body;
    }
}
