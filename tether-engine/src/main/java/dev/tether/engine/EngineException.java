package dev.tether.engine;

/**
 * The one unchecked exception of the engine. Its {@link Kind} says how an edge (HTTP, MCP) should report it;
 * its {@code code} is a stable machine-readable word for clients.
 */
public class EngineException extends RuntimeException {

    /** What went wrong, in terms an edge can map to a status. */
    public enum Kind { BAD_REQUEST, NOT_FOUND, CONFLICT, UNAVAILABLE, INTERNAL }

    private final Kind kind;
    private final String code;

    public EngineException(Kind kind, String code, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
    }

    public EngineException(Kind kind, String code, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public static EngineException badRequest(String code, String message) {
        return new EngineException(Kind.BAD_REQUEST, code, message);
    }

    public static EngineException notFound(String code, String message) {
        return new EngineException(Kind.NOT_FOUND, code, message);
    }

    public static EngineException conflict(String code, String message) {
        return new EngineException(Kind.CONFLICT, code, message);
    }

    public static EngineException unavailable(String code, String message) {
        return new EngineException(Kind.UNAVAILABLE, code, message);
    }

    public static EngineException internal(String code, String message, Throwable cause) {
        return new EngineException(Kind.INTERNAL, code, message, cause);
    }
}
