package dev.tether.engine.chat;

import java.util.Locale;
import java.util.Optional;

/**
 * What a turn does when the conversation no longer fits the model's context ({@code context.strategy}, or a
 * session's own): leave the oldest turns out, or summarize them into a note that takes their place.
 */
public enum ContextStrategy {
    TRIM,
    SUMMARIZE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The strategy named {@code name} ({@code trim} or {@code summarize}); empty for any other text. */
    public static Optional<ContextStrategy> fromWire(String name) {
        for (ContextStrategy s : values()) {
            if (s.wireName().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
