package dev.tether.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;

/** The server's one ObjectMapper, and reading and writing JSON bodies with it. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * Reads the request body as a JSON object; an empty body is an empty object. Malformed JSON, another JSON type
     * or a body over {@code maxBytes} is an {@link ApiError}.
     */
    public static ObjectNode readObject(ServerRequest req, long maxBytes) {
        long declared = req.headers().contentLength().orElse(-1);
        if (declared > maxBytes) {
            throw ApiError.tooLarge(maxBytes);
        }
        byte[] bytes;
        try (InputStream in = req.content().inputStream()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (HttpException e) {
            throw e;
        } catch (io.helidon.http.RequestException e) {
            // a chunked body longer than server.max_body_bytes is cut off by Helidon with this status
            throw e.status().code() == 413 ? ApiError.tooLarge(maxBytes) : unreadable();
        } catch (IOException | RuntimeException e) {
            // Helidon reports broken framing (a bad chunk size, a body shorter than its length) this way
            throw unreadable();
        }
        if (bytes.length > maxBytes) {
            throw ApiError.tooLarge(maxBytes);
        }
        if (isBlank(bytes)) {
            return object();
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("invalid_json", "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiError.badRequest("invalid_json", "unreadable body");
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiError.badRequest("invalid_json", "the body must be a JSON object");
        }
        return object;
    }

    private static ApiError unreadable() {
        return ApiError.badRequest(
                "unreadable_body", "the request body could not be read: bad chunked framing, or it ended early");
    }

    public static void send(ServerResponse res, Status status, Object body) {
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a response", e);
        }
        res.status(status);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(bytes);
    }

    public static void ok(ServerResponse res, Object body) {
        send(res, Status.OK_200, body);
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }
}
