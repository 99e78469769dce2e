package dev.tether.engine.session;

import java.time.Instant;
import java.util.Objects;

/**
 * A note that stands in a prompt for a session's oldest messages (compaction): it covers every message up to and
 * including {@code throughMessageId}, {@code messages} of them, which stay stored; {@code tokens} is about how
 * many prompt tokens they took. It applies only to a history that holds {@code throughMessageId}. {@code editedAt}
 * is null until the user edits the text.
 */
public record Summary(
        long id,
        long throughMessageId,
        int messages,
        int tokens,
        String content,
        Instant createdAt,
        Instant editedAt) {
    public Summary {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** A summary about to be stored. */
    public record Draft(long throughMessageId, int messages, int tokens, String content) {
        public Draft {
            Objects.requireNonNull(content, "content");
        }
    }
}
