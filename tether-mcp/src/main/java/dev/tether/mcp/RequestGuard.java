package dev.tether.mcp;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What every MCP request passes before a session sees it: {@code Host} and {@code Origin} against DNS rebinding
 * (loopback always allowed), the API key when one is set, the body size limit, and that the body is one JSON-RPC
 * message. A refusal is answered here.
 */
final class RequestGuard {

    private static final String BEARER = "Bearer ";
    private static final List<String> LOOPBACK_HOSTS = List.of("localhost:*", "127.0.0.1:*", "[::1]:*");

    private final DefaultServerTransportSecurityValidator validator;
    private final Optional<byte[]> bearer;
    private final long maxBodyBytes;

    RequestGuard(McpHttpSettings settings) {
        List<String> hosts = new ArrayList<>(LOOPBACK_HOSTS);
        hosts.addAll(settings.allowedHosts());
        List<String> origins = new ArrayList<>();
        for (String host : LOOPBACK_HOSTS) {
            origins.add("http://" + host);
            origins.add("https://" + host);
        }
        origins.addAll(settings.allowedOrigins());
        this.validator = DefaultServerTransportSecurityValidator.builder()
                .allowedHosts(hosts)
                .allowedOrigins(origins)
                .build();
        this.bearer = settings.apiKey().map(key -> key.getBytes(StandardCharsets.UTF_8));
        this.maxBodyBytes = settings.maxBodyBytes();
    }

    /**
     * True when the request may go on; otherwise the refusal has been sent. A transport that is {@code closing}
     * refuses every request (503).
     */
    boolean admit(ServerRequest req, ServerResponse res, boolean closing) {
        if (closing) {
            HttpReplies.refuse(res, Status.SERVICE_UNAVAILABLE_503, "The server is shutting down");
            return false;
        }
        try {
            validator.validateHeaders(req.headers().toMap());
        } catch (ServerTransportSecurityException e) {
            HttpReplies.refuse(res, Status.create(e.getStatusCode()), e.getMessage());
            return false;
        }
        if (bearer.isPresent() && !authorized(req)) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
            HttpReplies.refuse(res, Status.UNAUTHORIZED_401, "Missing or wrong API key (Authorization: Bearer <key>)");
            return false;
        }
        return true;
    }

    /** The body as one JSON-RPC message, or empty after answering 413 (too long) or 400 (not a message). */
    Optional<McpSchema.JSONRPCMessage> message(ServerRequest req, ServerResponse res, McpJsonMapper mapper) {
        Optional<String> body = body(req, res);
        if (body.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(McpSchema.deserializeJsonRpcMessage(mapper, body.get()));
        } catch (Exception e) {
            HttpReplies.error(
                    res,
                    Status.BAD_REQUEST_400,
                    HttpReplies.PARSE_ERROR,
                    "Parse error: the body is not one JSON-RPC message (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    /** The body as text, or empty after answering 413 when it is longer than the limit. */
    private Optional<String> body(ServerRequest req, ServerResponse res) {
        if (req.headers().contentLength().orElse(0) > maxBodyBytes) {
            tooLarge(res);
            return Optional.empty();
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (bytes.length > maxBodyBytes) {
                tooLarge(res);
                return Optional.empty();
            }
            return Optional.of(new String(bytes, StandardCharsets.UTF_8));
        } catch (HttpException e) {
            throw e;
        } catch (io.helidon.http.RequestException e) {
            if (e.status().code() == 413) {
                // a chunked body longer than the limit is cut off by Helidon with this status
                tooLarge(res);
            } else {
                unreadable(res);
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            // broken framing (a bad chunk size, a body cut short) is the client's error, not the server's
            unreadable(res);
            return Optional.empty();
        }
    }

    private static void unreadable(ServerResponse res) {
        HttpReplies.error(
                res,
                Status.BAD_REQUEST_400,
                HttpReplies.PARSE_ERROR,
                "Parse error: the request body could not be read (bad chunked framing, or it ended early)");
    }

    /** {@code Bearer <key>}, the scheme in any case (RFC 6750), as on every other route. */
    private boolean authorized(ServerRequest req) {
        String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] given = header.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, bearer.orElseThrow());
    }

    private void tooLarge(ServerResponse res) {
        HttpReplies.refuse(
                res,
                Status.REQUEST_ENTITY_TOO_LARGE_413,
                "Request body is larger than " + maxBodyBytes + " bytes (server.max_body_bytes)");
    }
}
