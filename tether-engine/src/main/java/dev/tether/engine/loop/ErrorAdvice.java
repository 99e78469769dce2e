package dev.tether.engine.loop;

import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;

/** A chat turn's failure as the user reads it: the engine's message, and what to do where there is something. */
final class ErrorAdvice {

    static final String CONTEXT_OVERFLOW = "To make room: turn some tools off for this chat (each offered tool takes"
            + " room), give the model a larger context (providers.model.args.n_ctx), or pick a model with a longer"
            + " context.";

    private ErrorAdvice() {}

    static String message(EngineException e) {
        return e.errorCode() == ErrorCode.CONTEXT_OVERFLOW ? e.getMessage() + ". " + CONTEXT_OVERFLOW : e.getMessage();
    }
}
