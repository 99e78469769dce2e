package dev.tether.server.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.error.EngineException;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An error in OpenAI's shape, {@code {"error": {"message", "type", "param", "code"}}}, with its HTTP status.
 * {@code param} names the request field at fault, or is null. Shared by the chat completions and Responses APIs.
 */
public final class OpenAiError extends RuntimeException {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int status;
    private final String type;
    private final String param;
    private final String code;

    public OpenAiError(int status, String type, String param, String code, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    /** The client sent something Tether cannot take: 400 {@code invalid_request_error}. */
    public static OpenAiError invalid(String param, String code, String message) {
        return new OpenAiError(400, "invalid_request_error", param, code, message);
    }

    /** An engine failure, with the status its kind calls for. */
    public static OpenAiError from(EngineException e) {
        String param = switch (e.code()) {
            case "model_not_found", "not_a_chat_model", "not_an_embedding_model", "embeddings_unsupported" -> "model";
            case "unknown_tool" -> "tool_choice";
            case "empty_prompt", "prompt_too_long" -> "messages";
            default -> null;
        };
        return switch (e.kind()) {
            case BAD_REQUEST -> new OpenAiError(400, "invalid_request_error", param, e.code(), e.getMessage());
            case NOT_FOUND -> new OpenAiError(404, "invalid_request_error", param, e.code(), e.getMessage());
            case CONFLICT -> new OpenAiError(409, "invalid_request_error", param, e.code(), e.getMessage());
            case UNAVAILABLE -> new OpenAiError(503, "server_error", param, e.code(), e.getMessage());
            case INTERNAL -> new OpenAiError(500, "server_error", param, e.code(), e.getMessage());
        };
    }

    /**
     * Runs one request's work; whatever it throws is answered in OpenAI's shape (an unexpected failure is logged as
     * {@code failed} and is a 500), unless the response has already gone.
     */
    public static void handle(ServerResponse res, Logger log, String failed, Runnable work) {
        try {
            work.run();
        } catch (OpenAiError e) {
            e.sendTo(res);
        } catch (EngineException e) {
            from(e).sendTo(res);
        } catch (HttpException e) {
            // the body could not be read (too large, malformed framing)
            new OpenAiError(e.status().code(), "invalid_request_error", null, "invalid_request", e.getMessage())
                    .sendTo(res);
        } catch (RuntimeException e) {
            log.log(Level.WARNING, failed, e);
            new OpenAiError(500, "server_error", null, "internal", "internal error").sendTo(res);
        }
    }

    /** Sends this error as the response, unless one has already gone. */
    public void sendTo(ServerResponse res) {
        if (!res.isSent()) {
            res.status(Status.create(status));
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(body().toString());
        }
    }

    public int status() {
        return status;
    }

    public ObjectNode body() {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error").put("message", getMessage()).put("type", type);
        error.put("param", param);
        error.put("code", code);
        return body;
    }
}
