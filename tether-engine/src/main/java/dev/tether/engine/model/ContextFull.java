package dev.tether.engine.model;

import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;

/**
 * A request that asked not to be trimmed ({@link GenerationRequest#trimToFit()} false) does not fit the context:
 * its {@code messages} oldest messages after the system message (whole turns, never the newest) would have to
 * go, about {@code tokens} tokens of the prompt. Thrown before anything is generated, so the caller can put a
 * summary in their place and call again.
 */
public final class ContextFull extends EngineException {

    private final int messages;
    private final int tokens;

    public ContextFull(int messages, int tokens, int budget) {
        super(
                ErrorCode.CONTEXT_OVERFLOW,
                "the conversation is longer than the model's context (" + budget + " tokens for the prompt): the "
                        + "oldest " + messages + " messages do not fit");
        this.messages = messages;
        this.tokens = tokens;
    }

    /** How many of the oldest messages after the system message must leave the prompt. */
    public int messages() {
        return messages;
    }

    /** About how many prompt tokens those messages take. */
    public int tokens() {
        return tokens;
    }
}
