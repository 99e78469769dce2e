package dev.tether.engine.session;

import java.util.Objects;
import java.util.UUID;

/**
 * A response of the Responses API, kept so that {@code previous_response_id} can continue from it: the session it
 * belongs to, its point in the session (the message it ended at, {@code leafId}, and how many messages the path to
 * it holds) and its body as it was sent.
 */
public record StoredResponse(String id, UUID sessionId, int messageCount, String body, long leafId) {
    public StoredResponse {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(body, "body");
    }
}
