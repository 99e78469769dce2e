package dev.tether.engine.session;

/**
 * A change to a session's header: a null field stays as it is; an empty system prompt clears it; {@code model}
 * names the model its next turns use.
 */
public record SessionUpdate(String title, String systemPrompt, String model) {

    public SessionUpdate(String title, String systemPrompt) {
        this(title, systemPrompt, null);
    }
}
