package dev.tether.engine.session;

import dev.tether.engine.chat.ContextStrategy;

/**
 * A change to a session's header: a null field stays as it is; an empty system prompt clears it. A
 * {@code contextStrategy} sets the session's own; {@code clearContextStrategy} goes back to the configured one.
 */
public record SessionUpdate(
        String title, String systemPrompt, ContextStrategy contextStrategy, boolean clearContextStrategy) {

    public SessionUpdate(String title, String systemPrompt) {
        this(title, systemPrompt, null, false);
    }
}
