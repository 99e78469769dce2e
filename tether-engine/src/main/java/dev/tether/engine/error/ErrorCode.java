package dev.tether.engine.error;

import java.util.Locale;

/**
 * Every failure the engine reports, as a stable word for clients ({@link #wire()}, e.g. {@code session_not_found})
 * and the {@link EngineException.Kind} an edge maps to a status. One code, one kind, one exception type.
 */
public enum ErrorCode {
    // the request cannot be served as it is
    EMPTY_PROMPT(EngineException.Kind.BAD_REQUEST),
    PROMPT_TOO_LONG(EngineException.Kind.BAD_REQUEST),
    CONTEXT_OVERFLOW(EngineException.Kind.BAD_REQUEST),
    UNKNOWN_TOOL(EngineException.Kind.BAD_REQUEST),
    INVALID_TOOL_CHOICE(EngineException.Kind.BAD_REQUEST),
    NO_SCRIPT_RULE(EngineException.Kind.BAD_REQUEST),
    PROVIDER_REJECTED(EngineException.Kind.BAD_REQUEST),
    TEMPLATE_UNSUPPORTED(EngineException.Kind.BAD_REQUEST),
    NOT_A_USER_MESSAGE(EngineException.Kind.BAD_REQUEST),
    NOTHING_TO_REGENERATE(EngineException.Kind.BAD_REQUEST),
    NOT_A_CHAT_MODEL(EngineException.Kind.BAD_REQUEST),
    NOT_AN_EMBEDDING_MODEL(EngineException.Kind.BAD_REQUEST),
    EMBEDDINGS_UNSUPPORTED(EngineException.Kind.BAD_REQUEST),
    // what it names does not exist
    SESSION_NOT_FOUND(EngineException.Kind.NOT_FOUND),
    MODEL_NOT_FOUND(EngineException.Kind.NOT_FOUND),
    MESSAGE_NOT_FOUND(EngineException.Kind.NOT_FOUND),
    // it collides with work in progress
    SESSION_BUSY(EngineException.Kind.CONFLICT),
    // an edited message was deleted between the check and the turn
    MESSAGE_GONE(EngineException.Kind.CONFLICT),
    // something the engine relies on is not there now
    OVERLOADED(EngineException.Kind.UNAVAILABLE),
    NO_MODEL(EngineException.Kind.UNAVAILABLE),
    MODEL_UNREADABLE(EngineException.Kind.UNAVAILABLE),
    MODEL_UNSUPPORTED(EngineException.Kind.UNAVAILABLE),
    MODEL_LOAD_FAILED(EngineException.Kind.UNAVAILABLE),
    ENGINE_START_FAILED(EngineException.Kind.UNAVAILABLE),
    ENGINE_CRASHED(EngineException.Kind.UNAVAILABLE),
    INTERRUPTED(EngineException.Kind.UNAVAILABLE),
    // the server is shutting down: running answers end with it, new ones are refused
    SERVER_STOPPING(EngineException.Kind.UNAVAILABLE),
    STORE_ERROR(EngineException.Kind.UNAVAILABLE),
    PROVIDER_UNREACHABLE(EngineException.Kind.UNAVAILABLE),
    PROVIDER_TIMEOUT(EngineException.Kind.UNAVAILABLE),
    PROVIDER_DISCONNECTED(EngineException.Kind.UNAVAILABLE),
    PROVIDER_PROTOCOL(EngineException.Kind.UNAVAILABLE),
    PROVIDER_ERROR(EngineException.Kind.UNAVAILABLE),
    // a fault of Tether's own
    GENERATION_FAILED(EngineException.Kind.INTERNAL),
    TOKENIZE_FAILED(EngineException.Kind.INTERNAL),
    // the model's answer does not have the shape the client asked for (response_format)
    SCHEMA_VIOLATION(EngineException.Kind.INTERNAL);

    private final EngineException.Kind kind;

    ErrorCode(EngineException.Kind kind) {
        this.kind = kind;
    }

    public EngineException.Kind kind() {
        return kind;
    }

    /** The code as clients see it: {@code session_not_found}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
