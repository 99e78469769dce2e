package dev.tether.engine.session;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A note that stands in a prompt for a session's oldest messages (compaction): it covers every message up to and
 * including {@code throughMessageId}, {@code messages} of them, which stay stored; {@code tokens} is about how
 * many prompt tokens they took. It applies only to a history that holds {@code throughMessageId}. {@code editedAt}
 * is null until the user edits the text.
 */
public record Summary(
        long id, long throughMessageId, int messages, int tokens, String content, Instant createdAt, Instant editedAt) {
    public Summary {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /**
     * The note that applies to {@code history}: of the summaries whose last covered message it holds, the one that
     * covers the most of it.
     */
    public static Optional<Summary> current(List<StoredMessage> history, List<Summary> summaries) {
        List<Long> ids = history.stream().map(StoredMessage::id).toList();
        return summaries.stream()
                .filter(s -> ids.contains(s.throughMessageId()))
                .max(Comparator.comparingInt((Summary s) -> ids.indexOf(s.throughMessageId()))
                        .thenComparingLong(Summary::id));
    }

    /** A summary about to be stored. */
    public record Draft(long throughMessageId, int messages, int tokens, String content) {
        public Draft {
            Objects.requireNonNull(content, "content");
        }
    }
}
