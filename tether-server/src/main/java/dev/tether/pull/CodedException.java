package dev.tether.pull;

/**
 * A download-backed operation (a model pull, an engine install) that cannot go on, with a stable {@code code} and a
 * sentence for the user; {@code kind} says which HTTP status or exit code fits.
 */
public abstract class CodedException extends RuntimeException {

    /** What went wrong, in terms a caller can map to an HTTP status or an exit code. */
    public enum Kind {
        BAD_REQUEST,
        NOT_FOUND,
        CONFLICT,
        UNAVAILABLE,
        INSUFFICIENT_STORAGE
    }

    private final Kind kind;
    private final String code;

    protected CodedException(Kind kind, String code, String message, Throwable cause) {
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
}
