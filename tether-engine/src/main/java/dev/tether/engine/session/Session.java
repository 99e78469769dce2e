package dev.tether.engine.session;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A conversation's header; {@code systemPrompt} is null when the configured prompt applies. */
public record Session(
        UUID id, String title, String systemPrompt, Instant createdAt, Instant updatedAt, int messageCount) {
    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        title = title == null ? "" : title;
    }
}
