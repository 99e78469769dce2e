package dev.tether.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.util.logging.Level;
import java.util.logging.Logger;
import reactor.core.publisher.Mono;

/** Plain (non-stream) replies of the MCP endpoints; a refusal is a JSON-RPC error object, which MCP clients read. */
final class HttpReplies {

    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int INTERNAL_ERROR = -32603;
    /** Server-defined JSON-RPC code for transport refusals (auth, origin, size, unknown session). */
    static final int TRANSPORT_ERROR = -32000;

    private static final Logger LOG = Logger.getLogger(HttpReplies.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpReplies() {}

    static void json(ServerResponse res, Status status, String body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body);
    }

    static void error(ServerResponse res, Status status, int code, String message) {
        ObjectNode body = JSON.createObjectNode().put("jsonrpc", "2.0").putNull("id");
        body.putObject("error").put("code", code).put("message", message);
        json(res, status, body.toString());
    }

    static void refuse(ServerResponse res, Status status, String message) {
        error(res, status, TRANSPORT_ERROR, message);
    }

    /** Waits for a session to take a notification or response: 202 once it has, a 500 error when it failed. */
    static void acceptOnceHandled(ServerResponse res, Mono<Void> handling) {
        try {
            handling.block();
            res.status(Status.ACCEPTED_202);
            res.send();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "MCP message failed", e);
            error(res, Status.INTERNAL_SERVER_ERROR_500, INTERNAL_ERROR, e.getMessage());
        }
    }
}
