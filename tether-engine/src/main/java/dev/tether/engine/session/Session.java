package dev.tether.engine.session;

import dev.tether.engine.chat.ContextStrategy;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A conversation's header; {@code systemPrompt} is null when the configured prompt applies, {@code model} (the
 * model of its newest answer, or the one set for it) null when no model has answered yet, {@code contextStrategy}
 * null when the configured {@code context.strategy} does.
 */
public record Session(
        UUID id,
        String title,
        String systemPrompt,
        Instant createdAt,
        Instant updatedAt,
        int messageCount,
        String model,
        ContextStrategy contextStrategy) {
    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        title = title == null ? "" : title;
    }

    public Session(UUID id, String title, String systemPrompt, Instant createdAt, Instant updatedAt, int messageCount) {
        this(id, title, systemPrompt, createdAt, updatedAt, messageCount, null, null);
    }
}
