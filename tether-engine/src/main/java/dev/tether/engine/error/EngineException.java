package dev.tether.engine.error;

/**
 * The one unchecked exception of the engine: an {@link ErrorCode}, whose {@link Kind} says how an edge (HTTP,
 * MCP) should report it, and a message for people.
 */
public class EngineException extends RuntimeException {

    /** What went wrong, in terms an edge can map to a status. */
    public enum Kind {
        BAD_REQUEST,
        NOT_FOUND,
        CONFLICT,
        UNAVAILABLE,
        INTERNAL
    }

    private final ErrorCode code;

    public EngineException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public EngineException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Kind kind() {
        return code.kind();
    }

    public ErrorCode errorCode() {
        return code;
    }

    /** The code as clients see it ({@link ErrorCode#wire()}). */
    public String code() {
        return code.wire();
    }
}
