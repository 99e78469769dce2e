package dev.tether.engine.session;

import java.util.Objects;
import java.util.UUID;

/**
 * A response of the Responses API, kept so that {@code previous_response_id} can continue from it: the session it
 * belongs to, how many of that session's messages it had seen when it ended (its point in the session), and its
 * body as it was sent.
 */
public record StoredResponse(String id, UUID sessionId, int messageCount, String body) {
    public StoredResponse {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(body, "body");
    }
}
