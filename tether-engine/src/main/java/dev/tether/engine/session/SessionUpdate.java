package dev.tether.engine.session;

import dev.tether.engine.chat.ContextStrategy;

/**
 * A change to a session's header: a null field stays as it is; an empty system prompt clears it; {@code model}
 * names the model its next turns use. A {@code contextStrategy} sets the session's own; {@code clearContextStrategy}
 * goes back to the configured one.
 */
public record SessionUpdate(
        String title,
        String systemPrompt,
        String model,
        ContextStrategy contextStrategy,
        boolean clearContextStrategy) {

    public SessionUpdate(String title, String systemPrompt) {
        this(title, systemPrompt, null, null, false);
    }
}
